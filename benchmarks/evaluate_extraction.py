"""Measure article extraction on real pages: ours against trafilatura and readability-lxml.

Usage::

    python benchmarks/evaluate_extraction.py --corpus ../shared/corpus
    python benchmarks/evaluate_extraction.py --corpus ../shared/corpus/fundus-dev --extractors ours

``--corpus`` is a folder in the fundus-dev format (``manifest.jsonl``), in the
trafilatura-eval format (``evaldata.json``), or a folder holding such folders. Scoring
follows the corpus README:

Texts are compared in Unicode NFC on both sides (a decomposed "ü" is the same text as a
composed one; the article contract requires NFC); trafilatura-eval snippets and bodies
without soft hyphens and zero-width characters, which no reader sees.

* body (fundus format): the article-extraction-benchmark metric. Tokens are ``\\w+``
  matches (case kept), 4-token shingles; per page, true/false positives and false negatives
  are normalized to sum to 1; precision is the mean over pages with a prediction, recall the
  mean over pages with a reference, F1 the harmonic mean of the two. Also the mean per-page
  bag-of-words F1.
* title: exact match after trimming, and after normalization (NFKC, whitespace collapsed,
  casefolded, curly quotes unified).
* authors: set of normalized names equal (pages whose expected list is empty are skipped).
* publishing date: the same instant (when a side has no offset: the same wall-clock time),
  and the same calendar day.
* tags (fundus-dev, pages with expected topics): per page, the share of the extractor's
  tags that are expected topics (precision; no tags count 0) and of expected topics found
  (recall), compared normalized as titles are; means over the pages.
* body (trafilatura-eval format): each "with" snippet found in the text is a true positive,
  missing a false negative; each "without" snippet found a false positive; precision,
  recall and F1 over the counts summed over all documents.
* seconds per page: CPU time (process_time) of the extraction call alone, no file reading;
  CPU time rather than wall time because the benchmark machine is shared and busy.

All extractors run in the same process, one page after another, so timings compare; each
goes first on every third page (two extractors: every other), as the first to read a page
pays for its cold caches.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newscrawl.extract import ExtractionError, extract_article

Prediction = dict[str, Any]

# --- extractors ----------------------------------------------------------------------------


def run_ours(html: bytes, url: str, crawled_at: datetime | None) -> Prediction:
    try:
        article = extract_article(html, url, crawled_at=crawled_at)
    except ExtractionError:
        return {}
    return {
        "title": article["title"],
        "authors": article["authors"],
        "date": article["published_at"],
        "body": article["body"],
        "tags": article["tags"],
    }


def run_trafilatura(html: bytes, url: str, crawled_at: datetime | None) -> Prediction:
    from trafilatura.core import bare_extraction

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        document = bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"original_date": True, "outputformat": "%Y-%m-%d %H:%M:%S"},
        )
    if document is None:
        return {}
    author = getattr(document, "author", None) or ""
    return {
        "title": getattr(document, "title", None),
        "authors": [name.strip() for name in author.split(";") if name.strip()],
        "date": getattr(document, "date", None),
        "body": getattr(document, "text", None) or "",
        # trafilatura keeps a keywords string as one tag: split as the page separates them.
        "tags": [t.strip() for v in document.tags or [] for t in v.split(",") if t.strip()],
    }


def run_readability(html: bytes, url: str, crawled_at: datetime | None) -> Prediction:
    import lxml.html
    from readability import Document

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            document = Document(html, url=url)
            summary = document.summary(html_partial=True)
            title = document.short_title()
        except Exception:  # readability raises bare Exceptions on odd pages
            return {}
    tree = lxml.html.fromstring(summary)
    blocks = [
        " ".join(element.text_content().split())
        for element in tree.iter("p", "h1", "h2", "h3", "h4", "li", "blockquote", "pre", "td")
    ]
    text = "\n\n".join(block for block in blocks if block) or " ".join(tree.text_content().split())
    return {"title": title, "authors": None, "date": None, "body": text}


EXTRACTORS: dict[str, Callable[[bytes, str, datetime | None], Prediction]] = {
    "ours": run_ours,
    "trafilatura": run_trafilatura,
    "readability": run_readability,
}

#: Fields each extractor can give; the others are reported as "–" (not measured).
SUPPORTED = {
    "ours": frozenset({"title", "authors", "date", "body", "tags"}),
    "trafilatura": frozenset({"title", "authors", "date", "body", "tags"}),
    "readability": frozenset({"title", "body"}),
}

# --- scoring -------------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+", re.UNICODE)
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"',
                         "«": '"', "»": '"', "‹": "'", "›": "'", "`": "'", "´": "'"})  # fmt: skip


def normalize(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
    return " ".join(text.split()).casefold()


def tokens_of(text: str | None) -> list[str]:
    # NFC first: the same text in decomposed form ("u" + combining diaeresis) would split
    # words at every accent, since \w does not match combining marks.
    return _TOKEN.findall(unicodedata.normalize("NFC", text or ""))


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = tokens_of(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def aeb_counts(reference: str, predicted: str) -> tuple[float, float, float]:
    """Normalized (tp, fp, fn) of 4-token shingles, as the article-extraction-benchmark."""
    true, pred = shingles(reference), shingles(predicted)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def bow_f1(reference: str, predicted: str) -> float:
    true, pred = Counter(tokens_of(reference)), Counter(tokens_of(predicted))
    tp = sum((true & pred).values())
    if not tp:
        return 0.0
    precision, recall = tp / sum(pred.values()), tp / sum(true.values())
    return 2 * precision * recall / (precision + recall)


def parse_when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def same_instant(expected: datetime, predicted: datetime) -> bool:
    if expected.tzinfo and predicted.tzinfo:
        return abs((expected - predicted).total_seconds()) < 1
    return expected.replace(tzinfo=None, microsecond=0) == predicted.replace(
        tzinfo=None, microsecond=0
    )


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Scores:
    """Per-extractor accumulators for one corpus."""

    aeb: list[tuple[float, float, float]] = field(default_factory=list)
    bow: list[float] = field(default_factory=list)
    title_exact: list[bool] = field(default_factory=list)
    title_norm: list[bool] = field(default_factory=list)
    authors: list[bool] = field(default_factory=list)
    date_instant: list[bool] = field(default_factory=list)
    date_day: list[bool] = field(default_factory=list)
    # Per page with expected topics: share of our tags that are topics, and of topics found.
    tags_precision: list[float] = field(default_factory=list)
    tags_recall: list[float] = field(default_factory=list)
    snippets: Counter[str] = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)

    def body_prf(self) -> tuple[float, float, float]:
        with_prediction = [tp / (tp + fp) for tp, fp, fn in self.aeb if tp + fp > 0]
        with_reference = [tp / (tp + fn) for tp, fp, fn in self.aeb if tp + fn > 0]
        precision = statistics.fmean(with_prediction) if with_prediction else 0.0
        recall = statistics.fmean(with_reference) if with_reference else 0.0
        return precision, recall, f1(precision, recall)

    def snippet_prf(self) -> tuple[float, float, float]:
        tp, fp, fn = self.snippets["tp"], self.snippets["fp"], self.snippets["fn"]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        return precision, recall, f1(precision, recall)


def rate(values: Sequence[float]) -> float:
    """The mean of per-page scores (True counts 1), NaN for none."""
    return sum(values) / len(values) if values else float("nan")


# --- corpora -------------------------------------------------------------------------------


def warm_up(folder: Path, names: list[str]) -> None:
    """Run every extractor once on one page per language, untimed.

    The first pages of a run pay one-off costs: imports, and the language data dateparser
    loads on first use of each language. A crawl's long-lived workers pay them once; here
    they would fall on whichever extractor runs first on each page. Our date parser's
    cache is emptied afterwards, so that no page is timed with its dates already parsed.
    """
    first_of_language: dict[str, dict[str, Any]] = {}
    for line in (folder / "manifest.jsonl").read_text("utf-8").splitlines():
        entry = json.loads(line)
        for language in entry.get("languages") or ["?"]:
            first_of_language.setdefault(language, entry)
    for entry in first_of_language.values():
        html = (folder / entry["html"]).read_bytes()
        for name in names:
            EXTRACTORS[name](html, entry["url"], None)
    from newscrawl.extract import dates

    dates._dateparser.cache_clear()


def _in_turn(names: list[str], index: int) -> list[str]:
    """The extractors in the order they run on page ``index``: each goes first in turn.

    The first extractor on a page pays for the page's cold caches (its bytes, the
    allocator's free lists): about 5% of our time per page when ours always went first.

    >>> _in_turn(["ours", "trafilatura", "readability"], 4)
    ['trafilatura', 'readability', 'ours']
    """
    shift = index % len(names) if names else 0
    return names[shift:] + names[:shift]


def evaluate_fundus(folder: Path, names: list[str], limit: int | None) -> dict[str, Scores]:
    scores = {name: Scores() for name in names}
    lines = (folder / "manifest.jsonl").read_text("utf-8").splitlines()[:limit]
    for index, line in enumerate(lines):
        entry = json.loads(line)
        html = (folder / entry["html"]).read_bytes()
        expected = json.loads((folder / entry["expected"]).read_text("utf-8"))
        present = set(entry.get("fields_present") or expected)
        crawled = parse_when(entry.get("crawl_date"))
        crawled = crawled.replace(tzinfo=crawled.tzinfo or UTC) if crawled else None
        for name in _in_turn(names, index):
            started = time.process_time()
            predicted = EXTRACTORS[name](html, entry["url"], crawled)
            scores[name].seconds.append(time.process_time() - started)
            page = _score_fundus_page(
                scores[name], entry["id"], expected, present, predicted, SUPPORTED[name]
            )
            scores[name].pages.append(page)
    return scores


def _score_fundus_page(
    scores: Scores,
    page_id: str,
    expected: dict[str, Any],
    present: set[str],
    predicted: Prediction,
    supported: frozenset[str],
) -> dict[str, Any]:
    page: dict[str, Any] = {"id": page_id}
    if "body" in present and expected.get("body_text"):
        counts = aeb_counts(expected["body_text"], predicted.get("body") or "")
        scores.aeb.append(counts)
        scores.bow.append(bow_f1(expected["body_text"], predicted.get("body") or ""))
        page["body_f1"] = f1(
            counts[0] / (counts[0] + counts[1]) if counts[0] + counts[1] else 0.0,
            counts[0] / (counts[0] + counts[2]) if counts[0] + counts[2] else 0.0,
        )
    if "title" in present and expected.get("title"):
        _score_title(scores, page, expected["title"], predicted)
    if "authors" in present and expected.get("authors") and "authors" in supported:
        _score_authors(scores, page, expected["authors"], predicted)
    if "publishing_date" in present and expected.get("publishing_date") and "date" in supported:
        want_date = parse_when(expected["publishing_date"])
        got_date = parse_when(predicted.get("date"))
        if want_date is not None:
            instant = got_date is not None and same_instant(want_date, got_date)
            day = got_date is not None and want_date.date() == got_date.date()
            scores.date_instant.append(instant)
            scores.date_day.append(day)
            if not instant:
                page["date"] = (expected["publishing_date"], predicted.get("date"))
    if "topics" in present and expected.get("topics") and "tags" in supported:
        want = {normalize(t) for t in expected["topics"]}
        got = {normalize(t) for t in predicted.get("tags") or []}
        scores.tags_precision.append(len(want & got) / len(got) if got else 0.0)
        scores.tags_recall.append(len(want & got) / len(want))
    return page


def _score_title(
    scores: Scores, page: dict[str, Any], expected: str, predicted: Prediction
) -> None:
    title = unicodedata.normalize("NFC", (predicted.get("title") or "").strip())
    scores.title_exact.append(title == unicodedata.normalize("NFC", expected.strip()))
    scores.title_norm.append(normalize(title) == normalize(expected))
    if not scores.title_norm[-1]:
        page["title"] = (expected, predicted.get("title"))


def _score_authors(
    scores: Scores, page: dict[str, Any], expected: list[str], predicted: Prediction
) -> None:
    want = {normalize(name) for name in expected}
    got = {normalize(name) for name in predicted.get("authors") or []}
    scores.authors.append(want == got)
    if want != got:
        page["authors"] = (expected, predicted.get("authors"))


def _score_day(scores: Scores, page: dict[str, Any], expected: str, predicted: Prediction) -> None:
    """Same calendar day only: trafilatura-eval gives dates as ``YYYY-MM-DD``."""
    got = parse_when(predicted.get("date"))
    day = got is not None and got.date().isoformat() == expected.strip()[:10]
    scores.date_day.append(day)
    if not day:
        page["date"] = (expected, predicted.get("date"))


# trafilatura-eval writes several authors in one string: "A; B", "A, B", "A and B".
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:[;,&/]|\band\b|\bund\b)\s*")


def _split_authors(value: str | list[str]) -> list[str]:
    values = [value] if isinstance(value, str) else value
    return [name for v in values for name in _AUTHOR_SEPARATORS.split(v) if name.strip()]


# Characters no reader sees: soft hyphens and zero-width spaces and joiners. Some labels
# keep them ("Werk\xadzeug"), some extractors drop them; neither changes the text.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def _snippet(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).translate(_INVISIBLE).split())


def evaluate_snippets(folder: Path, names: list[str], limit: int | None) -> dict[str, Scores]:
    scores = {name: Scores() for name in names}
    data = json.loads((folder / "evaldata.json").read_text("utf-8"))
    for index, (url, entry) in enumerate(list(data.items())[:limit]):
        path = folder / "eval" / entry["file"]
        if not path.exists():
            path = folder / "cache" / entry["file"]
        if not path.exists():
            continue
        html = path.read_bytes()
        for name in _in_turn(names, index):
            started = time.process_time()
            predicted = EXTRACTORS[name](html, url, None)
            scores[name].seconds.append(time.process_time() - started)
            text = _snippet(predicted.get("body") or "")
            counts = Counter[str]()
            for snippet in entry.get("with") or []:
                counts["tp" if _snippet(snippet) in text else "fn"] += 1
            for snippet in entry.get("without") or []:
                if _snippet(snippet) in text:
                    counts["fp"] += 1
            scores[name].snippets.update(counts)
            page: dict[str, Any] = {"id": entry["file"], "url": url, **counts}
            # The metadata trafilatura's authors wrote down for these pages: a second,
            # independent check of title, authors and date on other publishers.
            if entry.get("title"):
                _score_title(scores[name], page, entry["title"], predicted)
            if entry.get("author") and "authors" in SUPPORTED[name]:
                # Compared split the same way on both sides, as the reference joins names.
                predicted_names = [
                    p for a in predicted.get("authors") or [] for p in _split_authors(a)
                ]
                _score_authors(
                    scores[name],
                    page,
                    _split_authors(entry["author"]),
                    {"authors": predicted_names},
                )
            if entry.get("date") and "date" in SUPPORTED[name]:
                _score_day(scores[name], page, entry["date"], predicted)
            scores[name].pages.append(page)
    return scores


# --- report --------------------------------------------------------------------------------


def _fmt(value: float) -> str:
    return "–" if value != value else f"{value:.3f}"  # NaN: not measured


def report(fundus: dict[str, Scores] | None, snippets: dict[str, Scores] | None, worst: int) -> str:
    lines = []
    names = list((fundus or snippets or {}).keys())
    header = "| extractor | "
    columns = []
    if fundus:
        columns += [
            "fundus body P", "fundus body R", "fundus body F1 (AEB)", "bag-of-words F1",
            "title exact", "title normalized", "authors", "date same instant", "date same day",
            "tags P", "tags R", "s/page (fundus)",
        ]  # fmt: skip
    if snippets:
        columns += [
            "trafilatura-eval P",
            "trafilatura-eval R",
            "trafilatura-eval F1",
            "t-eval title exact", "t-eval title normalized", "t-eval authors",
            "t-eval date same day", "s/page (t-eval)",
        ]  # fmt: skip
    lines.append(header + " | ".join(columns) + " |")
    lines.append("|---" * (len(columns) + 1) + "|")
    for name in names:
        cells = []
        if fundus:
            s = fundus[name]
            precision, recall, body = s.body_prf()
            cells += [_fmt(precision), _fmt(recall), _fmt(body), _fmt(statistics.fmean(s.bow))]
            cells += [_fmt(rate(s.title_exact)), _fmt(rate(s.title_norm))]
            cells += [_fmt(rate(s.authors)), _fmt(rate(s.date_instant)), _fmt(rate(s.date_day))]
            cells += [_fmt(rate(s.tags_precision)), _fmt(rate(s.tags_recall))]
            cells.append(f"{statistics.fmean(s.seconds):.4f}")
        if snippets:
            t = snippets[name]
            cells += [_fmt(v) for v in t.snippet_prf()]
            cells += [_fmt(rate(t.title_exact)), _fmt(rate(t.title_norm))]
            cells += [_fmt(rate(t.authors)), _fmt(rate(t.date_day))]
            cells.append(f"{statistics.fmean(t.seconds):.4f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    for corpus, scores in (("fundus-dev", fundus), ("trafilatura-eval", snippets)):
        if scores and "ours" in scores and "trafilatura" in scores:
            ratio = statistics.fmean(scores["ours"].seconds) / statistics.fmean(
                scores["trafilatura"].seconds
            )
            lines.append(f"\n{corpus}: ours / trafilatura time per page = {ratio:.2f}x")
    if fundus and "ours" in fundus and worst:
        pages = [p for p in fundus["ours"].pages if "body_f1" in p]
        pages.sort(key=lambda p: p["body_f1"])
        lines.append(f"\nWorst {worst} fundus-dev pages by body F1 (ours):")
        lines += [f"  {p['body_f1']:.3f}  {p['id']}" for p in pages[:worst]]
        lines += _mismatches("", fundus["ours"].pages, worst)
    if snippets and "ours" in snippets and worst:
        pages = sorted(snippets["ours"].pages, key=lambda p: -(p.get("fn", 0) + p.get("fp", 0)))
        lines.append(f"\nWorst {worst} trafilatura-eval pages (ours, missed + unwanted snippets):")
        lines += [
            f"  fn={p.get('fn', 0)} fp={p.get('fp', 0)}  {p['id']}  {p['url']}"
            for p in pages[:worst]
        ]
        lines += _mismatches("trafilatura-eval ", snippets["ours"].pages, worst)
    return "\n".join(lines)


def _mismatches(corpus: str, pages: list[dict[str, Any]], worst: int) -> list[str]:
    lines = []
    for key in ("title", "authors", "date"):
        misses = [p for p in pages if key in p]
        lines.append(f"\n{corpus}{key} mismatches (ours): {len(misses)}")
        lines += [f"  {p['id']}: expected {p[key][0]!r}, got {p[key][1]!r}" for p in misses[:worst]]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True, help="corpus folder (see above)")
    parser.add_argument(
        "--extractors",
        default="ours,trafilatura,readability",
        help="comma-separated: " + ", ".join(EXTRACTORS),
    )
    parser.add_argument("--limit", type=int, help="only the first N pages of each corpus")
    parser.add_argument("--worst", type=int, default=15, help="list this many worst pages")
    parser.add_argument("--dump", type=Path, help="write per-page results as JSON here")
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.extractors.split(",") if name.strip()]
    unknown = set(names) - set(EXTRACTORS)
    if unknown:
        parser.error(f"unknown extractors: {sorted(unknown)}")
    folders = [args.corpus, *sorted(p for p in args.corpus.iterdir() if p.is_dir())]
    fundus_dir = next((f for f in folders if (f / "manifest.jsonl").exists()), None)
    snippet_dir = next((f for f in folders if (f / "evaldata.json").exists()), None)
    if fundus_dir is None and snippet_dir is None:
        parser.error(f"{args.corpus}: no manifest.jsonl or evaldata.json found")
    if fundus_dir:
        warm_up(fundus_dir, names)
    fundus = evaluate_fundus(fundus_dir, names, args.limit) if fundus_dir else None
    snippets = evaluate_snippets(snippet_dir, names, args.limit) if snippet_dir else None
    print(report(fundus, snippets, args.worst))
    if args.dump:
        dump = {
            corpus: {name: s.pages for name, s in scores.items()}
            for corpus, scores in (("fundus", fundus), ("snippets", snippets))
            if scores
        }
        args.dump.write_text(json.dumps(dump, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
