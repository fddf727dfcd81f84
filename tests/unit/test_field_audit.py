"""The field audit (benchmarks/field_audit.py) reads a corpus and counts suspicious values."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.field_audit import CHECKS, audit

PARAGRAPH = "The harbour ferry resumed its crossings on Monday after the storm had passed. " * 6


def _page(title: str, image: str) -> str:
    return (
        f'<html lang="en"><head><title>{title}</title>'
        f'<meta property="og:image" content="{image}"></head>'
        f"<body><article><h1>{title}</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH} Again.</p>"
        "</article></body></html>"
    )


def test_the_audit_reads_both_corpora_and_counts_fields(tmp_path: Path) -> None:
    fundus = tmp_path / "fundus-dev"
    (fundus / "html").mkdir(parents=True)
    (fundus / "html" / "a.html").write_text(_page("Ferry resumes", "https://x.example/f.jpg"))
    manifest = {"id": "x/A", "html": "html/a.html", "url": "https://x.example/news/ferry"}
    (fundus / "manifest.jsonl").write_text(json.dumps(manifest) + "\n")
    snippets = tmp_path / "trafilatura-eval"
    (snippets / "cache").mkdir(parents=True)
    (snippets / "cache" / "b.html").write_text(_page("Bridge opens", "/img/b.jpg"))
    evaldata = {"https://y.example/news/bridge": {"file": "b.html"}}
    (snippets / "evaldata.json").write_text(json.dumps(evaldata))

    read, present, flagged = audit(tmp_path)

    assert read == 2
    assert present["title"] == 2 and present["image_url"] == 2
    assert not any(flagged.values())  # two clean pages: no sign fires


def test_the_signs_fire_on_what_they_name() -> None:
    checks = {(field, sign): check for field, sign, check in CHECKS}
    article = {"published_at": "2025-06-02T10:00:00+02:00"}
    assert checks["authors", "an address"](["/pages/ann-lee.html"], article)
    assert not checks["authors", "an address"](["Ann Lee"], article)
    assert checks["image_url", "named like site furniture"]("https://x.example/logo.png", article)
    assert checks["image_credit", "unmatched bracket"]("Ann Lee (KNA", article)
    assert checks["modified_at", "before published"]("2025-06-02T07:00:00+00:00", article)
    assert not checks["modified_at", "before published"]("2025-06-02T09:00:00+00:00", article)
    assert checks["body", "a boilerplate line"]("Text of the story.\n\nAdvertisement", article)
