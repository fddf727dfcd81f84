"""``python -m newscrawl.extract PAGE.html --url URL``: print the article as one JSON object.

The same code path as the crawl: :func:`extract_article`, then :func:`check_article`.
Exit status 2, with a one-line message on stderr, for a file that cannot be read, a page
that is not HTML, or a page that is not an article.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from newscrawl.extract import ExtractionError, check_article, extract_article
from newscrawl.settings import NEWSCRAWL_MIN_WORDS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m newscrawl.extract",
        description="Extract the normalized article from a saved HTML page.",
    )
    parser.add_argument("page", type=Path, help="the saved HTML page")
    parser.add_argument("--url", required=True, help="the URL the page was fetched from")
    parser.add_argument("--site-profile", help="name of a site profile (e.g. jpost)")
    parser.add_argument("--encoding", help="the page's encoding if known (default: detect)")
    parser.add_argument(
        "--min-words",
        type=int,
        default=NEWSCRAWL_MIN_WORDS,
        help=f"bodies shorter than this are not articles (default {NEWSCRAWL_MIN_WORDS})",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command; return the exit status."""
    args = _parser().parse_args(argv)
    prog = "newscrawl.extract"
    profile = None
    if args.site_profile:
        from newscrawl.sites import load_profiles

        profile = load_profiles().get(args.site_profile)
        if profile is None:
            known = ", ".join(sorted(load_profiles()))
            print(
                f"{prog}: unknown site profile {args.site_profile!r} (known: {known})",
                file=sys.stderr,
            )
            return 2
    try:
        data = args.page.read_bytes()
    except OSError as exc:
        print(f"{prog}: cannot read {args.page}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        article = extract_article(data, args.url, profile, encoding=args.encoding)
    except ExtractionError as exc:
        print(f"{prog}: {args.page} is not an HTML page ({exc})", file=sys.stderr)
        return 2
    reason = check_article(article, min_words=args.min_words)
    if reason is not None:
        print(f"{prog}: {args.page} is not an article ({reason})", file=sys.stderr)
        return 2
    json.dump(article, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
