"""Golden-file cases: fixture pages in tests/fixtures/ and their expected JSON.

Regenerate after a deliberate change with ``python -m tests.extract.goldens`` and review
the diff: every changed field must be an improvement.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newscrawl.extract import extract_article
from newscrawl.sites import load_profiles

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES: dict[str, dict[str, Any]] = json.loads((FIXTURES / "cases.json").read_text("utf-8"))
CRAWLED_AT = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)


def run_case(name: str) -> dict[str, Any]:
    case = CASES[name]
    profile = load_profiles()[case["profile"]] if case["profile"] else None
    page = (FIXTURES / f"{name}.html").read_bytes()
    return extract_article(page, case["url"], profile, crawled_at=CRAWLED_AT)


def golden(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))


if __name__ == "__main__":
    for case_name in CASES:
        path = FIXTURES / f"{case_name}.json"
        path.write_text(
            json.dumps(run_case(case_name), ensure_ascii=False, indent=2) + "\n", "utf-8"
        )
        print("wrote", path)
