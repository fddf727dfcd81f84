"""How many real article URLs the news spider's URL heuristics take for articles.

Usage::

    python benchmarks/article_urls.py --corpus ../shared/corpus

Without an ``article_pattern``, the ``news`` spider follows a link from a section page only
if its URL looks like an article's (:func:`newscrawl.spiders._links.looks_like_article`:
a date, an id or a slug of several words, not a tag, author or archive page). A real
article whose URL it refuses is never crawled. This prints, for every corpus folder in the
fundus-dev format (``manifest.jsonl``: news articles of 120 publishers) or the
trafilatura-eval format (``evaldata.json``: news, blogs, shops and other pages, so not all
of them articles), the share of its page URLs taken for articles, and the URLs refused.

It measures recall on URLs known to be articles; what the heuristics take that is not an
article costs one request, which the extractor then drops and counts.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newscrawl.spiders._links import looks_like_article


def corpus_urls(folder: Path) -> list[str] | None:
    """The page URLs of a corpus folder, or None if it is in neither format."""
    if (folder / "manifest.jsonl").exists():
        lines = (folder / "manifest.jsonl").read_text("utf-8").splitlines()
        return [json.loads(line)["url"] for line in lines if line.strip()]
    if (folder / "evaldata.json").exists():
        data = json.loads((folder / "evaldata.json").read_text("utf-8"))
        return [url for url in data if url.startswith(("http://", "https://"))]
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="corpus folder")
    parser.add_argument("--show", type=int, default=20, help="refused URLs listed per folder")
    args = parser.parse_args()
    folders = [args.corpus, *sorted(p for p in args.corpus.iterdir() if p.is_dir())]
    found = False
    for folder in folders:
        urls = corpus_urls(folder)
        if urls is None:
            continue
        found = True
        refused = [url for url in urls if not looks_like_article(url)]
        taken = len(urls) - len(refused)
        print(f"{folder.name}: {taken} of {len(urls)} page URLs taken for articles", end="")
        print(f" ({taken / len(urls):.3f})" if urls else "")
        for url in refused[: args.show]:
            print(f"  refused: {url}")
        if len(refused) > args.show:
            print(f"  ... and {len(refused) - args.show} more")
    if not found:
        parser.error(f"{args.corpus}: no manifest.jsonl or evaldata.json found")


if __name__ == "__main__":
    main()
