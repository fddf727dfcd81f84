"""Audit every field the extractor gives on a corpus, not only the fields a benchmark scores.

    python benchmarks/field_audit.py --corpus ../shared/corpus [--show 5]

``evaluate_extraction.py`` scores title, authors, date, tags and body against labels; a
user of the archive also reads the lead image, its caption and credit, the description
and the section, and sees any junk in them. This script runs the extractor over every page
of ``fundus-dev/`` and ``trafilatura-eval/`` (the corpus format of
``evaluate_extraction.py``) and prints, per field, how many pages have a value and how many
values look wrong by simple signs that are independent of the extractor's own rules:
markup or entities left in text, addresses given as names, image files named like a
site's logo, a credit running on into a caption, and so on. The signs have false alarms;
they point at pages worth reading, with ``--show`` examples each.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newscrawl.extract import ExtractionError, extract_article

_MARKUP = re.compile(r"</?[a-z][a-z0-9]*[\s>/]|&(?:[a-z]{2,8}|#\d{2,5});", re.IGNORECASE)
_ADDRESS = re.compile(r"https?://|www\.|\.html?\b|\.php\b|^/|/\S+/")
_FURNITURE = re.compile(r"logo|favicon|placeholder|blank\.|avatar|\.ico$|/icons?/", re.I)
_BOILERPLATE = re.compile(
    r"^(?:advertisement|anzeige|werbung|read more|lesen sie auch|weiterlesen|share this|"
    r"subscribe|newsletter|sign up|follow us|folgen sie|cookie|all rights reserved|tags?:)\b",
    re.IGNORECASE,
)
_GENERIC_SECTIONS = {"article", "articles", "artikel", "web", "archive", "archiv", "page", "home"}

#: (field, sign, check): ``check(value, article)`` says whether the value looks wrong.
Check = Callable[[Any, dict[str, Any]], bool]
CHECKS: list[tuple[str, str, Check]] = [
    ("title", "markup or entity", lambda v, a: bool(_MARKUP.search(v))),
    ("title", "ends with a separator", lambda v, a: bool(re.search(r"\s[|–—:-]$", v))),
    ("authors", "markup or entity", lambda v, a: any(_MARKUP.search(n) for n in v)),
    ("authors", "an address", lambda v, a: any(_ADDRESS.search(n) for n in v)),
    ("authors", "over five words", lambda v, a: any(len(n.split()) > 5 for n in v)),
    ("authors", "lower-case words", lambda v, a: any(n[:1].islower() for n in v)),
    ("description", "markup or entity", lambda v, a: bool(_MARKUP.search(v))),
    ("section", "generic word", lambda v, a: v.casefold() in _GENERIC_SECTIONS),
    ("tags", "markup, address or id", lambda v, a: any(_MARKUP.search(t) or _ADDRESS.search(t)
                                                       or re.fullmatch(r"_?\w*\d{5,}\w*", t)
                                                       for t in v)),
    ("image_url", "named like site furniture", lambda v, a: bool(_FURNITURE.search(v))),
    ("image_url", "not absolute", lambda v, a: not v.startswith(("http://", "https://"))),
    ("image_credit", "over 12 words", lambda v, a: len(v.split()) > 12),
    ("image_credit", "unmatched bracket", lambda v, a: v.count("(") != v.count(")")),
    ("image_caption", "markup or entity", lambda v, a: bool(_MARKUP.search(v))),
    ("body", "a boilerplate line", lambda v, a: any(
        _BOILERPLATE.match(line.strip()) and len(line.split()) <= 12 for line in v.split("\n")
    )),
    ("modified_at", "before published", lambda v, a: _before(v, a.get("published_at"))),
]  # fmt: skip


def _before(modified: str, published: str | None) -> bool:
    return bool(published) and datetime.fromisoformat(modified) < datetime.fromisoformat(
        published or ""
    )


def pages(corpus: Path) -> Iterator[tuple[str, Path, str]]:
    """(id, HTML file, URL) of every page of both corpora."""
    fundus = corpus / "fundus-dev"
    if (fundus / "manifest.jsonl").exists():
        for line in (fundus / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
            page = json.loads(line)
            yield page["id"], fundus / page["html"], page["url"]
    snippets = corpus / "trafilatura-eval"
    if (snippets / "evaldata.json").exists():
        for url, page in json.loads((snippets / "evaldata.json").read_text()).items():
            path = snippets / "eval" / page["file"]
            yield page["file"], path if path.exists() else snippets / "cache" / page["file"], url


def audit(corpus: Path) -> tuple[int, dict[str, int], dict[tuple[str, str], list[str]]]:
    """Pages read, pages with each field, and the pages (id: value) each sign picked."""
    read = 0
    present: dict[str, int] = defaultdict(int)
    flagged: dict[tuple[str, str], list[str]] = defaultdict(list)
    for page_id, path, url in pages(corpus):
        try:
            article = extract_article(path.read_bytes(), url)
        except ExtractionError:
            continue
        read += 1
        for field in {field for field, _, _ in CHECKS}:
            if article.get(field):
                present[field] += 1
        for field, sign, check in CHECKS:
            value = article.get(field)
            if value and check(value, article):
                shown = value if isinstance(value, str) else "; ".join(value)
                flagged[field, sign].append(f"{page_id}: {shown[:100]!r}")
    return read, present, flagged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="the corpus folder")
    parser.add_argument("--show", type=int, default=3, help="examples printed per sign")
    args = parser.parse_args()
    read, present, flagged = audit(args.corpus)
    print(f"{read} pages extracted")
    print("| field | pages with a value | sign | pages |")
    print("|---|---|---|---|")
    for field, sign, _ in CHECKS:
        print(f"| {field} | {present[field]} | {sign} | {len(flagged[field, sign])} |")
    for (field, sign), examples in flagged.items():
        if not examples:
            continue
        print(f"\n{field}, {sign}:")
        for example in examples[: args.show]:
            print(f"  {example}")


if __name__ == "__main__":
    main()
