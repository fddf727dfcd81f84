"""Precision and recall of the near-duplicate detector on a generated test set.

    python benchmarks/near_duplicates.py [--topics 8] [--stories 25] [--seed 1]

The test set is made of news-like stories generated per topic: stories on one topic share
their vocabulary, names and phrasing (the hard negatives: same topic, different story).
Each original gets edited copies, as syndication and rewrites make them: a wire dateline and
credit line, words replaced, numbers updated, sentences dropped, added and moved.
``light`` copies change about a tenth of the text, ``heavy`` ones about a third.

Every document goes through the real archive (a temporary SQLite database,
:meth:`newscrawl.storage.Archive.store_articles`, each on a site of its own, originals
first), and the detector is judged by ``duplicate_of``: a copy marked as a copy of its
original is a true positive, a copy not marked a false negative, a document marked as a
copy of anything else a false positive. It also prints how the estimated similarity
separates copies from same-topic stories, threshold by threshold.

    python benchmarks/near_duplicates.py --corpus ../shared/corpus

checks the threshold on real articles instead: the bodies of a corpus in the formats of
``benchmarks/evaluate_extraction.py`` (fundus-dev's expected bodies, trafilatura-eval's
pages as our extractor reads them), every pair compared, and every pair whose estimated
similarity reaches 0.15 listed with the start of both bodies, so that one can see whether
what reaches the threshold is the same story; then how many light and heavy edited copies
of these real bodies (the edits above) reach the threshold.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newscrawl.storage import Archive, neardup

_TOPICS: dict[str, dict[str, list[str]]] = {
    "storm": {
        "subjects": ["the storm", "forecasters", "emergency crews", "coastal residents",
                     "the weather service", "power companies", "rescue teams", "the mayor"],
        "verbs": ["warned of", "reported", "braced for", "cleared", "restored", "assessed",
                  "struggled with", "prepared for"],
        "objects": ["heavy rain across the region", "flooding in low-lying streets",
                    "damage to the harbour wall", "power cuts in thousands of homes",
                    "fallen trees on the main roads", "evacuation routes to higher ground",
                    "winds of up to 120 kilometres an hour", "the closure of schools"],
    },
    "election": {
        "subjects": ["the governing party", "opposition leaders", "voters", "the election board",
                     "pollsters", "the prime minister", "campaign volunteers", "observers"],
        "verbs": ["promised", "criticised", "counted", "questioned", "welcomed", "predicted",
                  "campaigned on", "rejected"],
        "objects": ["a narrow majority in parliament", "higher turnout among young voters",
                    "new rules for postal ballots", "the cost of living crisis",
                    "the results in the capital", "a coalition with the centre",
                    "tax cuts for small businesses", "a recount in two districts"],
    },
    "earnings": {
        "subjects": ["the company", "analysts", "shareholders", "the chief executive",
                     "investors", "the board", "rival firms", "the finance director"],
        "verbs": ["reported", "expected", "cut", "raised", "announced", "forecast",
                  "blamed", "welcomed"],
        "objects": ["quarterly profit of 2 billion", "weaker demand in Asia",
                    "a dividend increase for shareholders", "job cuts at its factories",
                    "higher costs for raw materials", "strong sales of its new model",
                    "guidance for the full year", "a share buyback programme"],
    },
    "transport": {
        "subjects": ["the rail operator", "commuters", "city planners", "the transport minister",
                     "unions", "bus drivers", "airport officials", "engineers"],
        "verbs": ["opened", "delayed", "announced", "protested against", "inspected",
                  "approved", "suspended", "extended"],
        "objects": ["the new metro line", "fare increases from next month",
                    "a strike over working hours", "repairs to the old bridge",
                    "night services at weekends", "a new runway at the airport",
                    "cycle lanes through the centre", "the timetable for the summer"],
    },
    "health": {
        "subjects": ["hospital managers", "doctors", "the health ministry", "patients",
                     "researchers", "nurses", "public health officials", "the regulator"],
        "verbs": ["warned about", "approved", "reported", "called for", "studied",
                  "expanded", "criticised", "tested"],
        "objects": ["waiting times for surgery", "a new vaccine for children",
                    "a rise in flu cases", "funding for mental health services",
                    "staff shortages in rural clinics", "the results of a clinical trial",
                    "free screening for older people", "rules on prescription drugs"],
    },
}  # fmt: skip
#: Background sentences stories on a topic repeat (as agencies and papers do).
_BACKGROUND: dict[str, list[str]] = {
    "storm": ["It is the third major storm to hit the coast this season.",
              "The weather service has issued an amber warning for the whole region.",
              "Residents are advised to avoid unnecessary travel until the warning is lifted.",
              "Forecasters expect the season to be more active than usual."],
    "election": ["Polls open at 7 a.m. and close at 10 p.m. local time.",
                 "The governing party has led the polls since the spring.",
                 "About 4.2 million people are registered to vote.",
                 "Results are expected to be announced early on Monday morning."],
    "earnings": ["The company employs about 38,000 people in 14 countries.",
                 "Its shares have fallen by a fifth since the start of the year.",
                 "The results were in line with analysts' expectations.",
                 "The company will hold a call with investors later on Thursday."],
    "transport": ["The network carries about 1.3 million passengers a day.",
                  "The project has been delayed several times since it was approved.",
                  "Unions say staff shortages have worsened since the pandemic.",
                  "The ministry said the work would be finished by the end of next year."],
    "health": ["The health service has struggled with staff shortages for years.",
               "Waiting lists reached a record high last winter.",
               "The ministry said it would publish a full plan in the autumn.",
               "Doctors' unions have warned that the pressure is unsustainable."],
}  # fmt: skip
_WHEN = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday",
         "this week", "last month", "overnight", "late on Sunday", "earlier this year"]  # fmt: skip
_HOW = ["according to officials", "a spokesperson said", "in a statement",
        "local media reported", "figures showed", "people familiar with the matter said",
        "", "", ""]  # fmt: skip
_NAMES = ["Anna Berg", "Tomas Ferreira", "Mira Okafor", "Jonas Weller", "Leila Haddad",
          "Pavel Novak", "Sara Lindqvist", "Daniel Mensah", "Elena Russo",
          "Kenji Mori"]  # fmt: skip
_PLACES = ["Valmora", "Port Alder", "Saltmarsh", "Northbank", "Westhaven", "Kessling",
           "Ravensholt", "Brightwater", "Eastmere", "Carrow"]  # fmt: skip
_SYNONYMS = {"said": "stated", "warned": "cautioned", "reported": "announced", "new": "latest",
             "higher": "increased", "people": "residents", "rise": "increase",
             "the": "the", "main": "principal", "strong": "robust", "city": "town",
             "expected": "anticipated", "cut": "reduced", "opened": "launched"}  # fmt: skip


@dataclass
class Document:
    """One generated body; ``original`` is the index of the story it copies (None: original)."""

    body: str
    topic: str
    original: int | None = None
    strength: str = "original"


@dataclass
class Corpus:
    """Originals first, then copies."""

    documents: list[Document] = field(default_factory=list)


def _sentence(rng: random.Random, words: dict[str, list[str]]) -> str:
    name, place = rng.choice(_NAMES), rng.choice(_PLACES)
    number = rng.randint(2, 950)
    pattern = rng.randrange(4)
    subject, verb, obj = (rng.choice(words[k]) for k in ("subjects", "verbs", "objects"))
    when, how = rng.choice(_WHEN), rng.choice(_HOW)
    if pattern == 0:
        text = f"In {place}, {subject} {verb} {obj} {when}"
    elif pattern == 1:
        text = f"{name} said {subject} {verb} {obj}, with {number} people affected"
    elif pattern == 2:
        text = f"{subject.capitalize()} {verb} {obj} {when}, {how or 'officials said'}"
    else:
        text = f"About {number} of them {verb} {obj} in {place} {when}"
    text = text[0].upper() + text[1:]
    return f"{text}, {how}." if how and pattern != 2 else f"{text}."


def story(rng: random.Random, topic: str) -> str:
    """A story of 3-5 paragraphs of 3-4 sentences on ``topic``."""
    words = _TOPICS[topic]
    paragraphs = [
        " ".join(_sentence(rng, words) for _ in range(rng.randint(3, 4)))
        for _ in range(rng.randint(3, 5))
    ]
    # One or two paragraphs of background that other stories on the topic repeat.
    background = rng.sample(_BACKGROUND[topic], rng.randint(2, 3))
    paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), " ".join(background))
    return "\n\n".join(paragraphs)


def edit(rng: random.Random, body: str, topic: str, strength: str) -> str:
    """An edited copy: ``light`` changes about a tenth of the text, ``heavy`` a third."""
    rate = {"light": 0.04, "heavy": 0.12}[strength]
    paragraphs = [p.split(". ") for p in body.split("\n\n")]
    sentences = [s.rstrip(".") for p in paragraphs for s in p]
    edits = max(1, round(len(sentences) * rate * 2))
    for _ in range(edits):  # drop, add or move a sentence
        action = rng.randrange(3)
        i = rng.randrange(len(sentences))
        if action == 0 and len(sentences) > 4:
            del sentences[i]
        elif action == 1:
            sentences.insert(i, _sentence(rng, _TOPICS[topic]).rstrip("."))
        else:
            sentences.insert(rng.randrange(len(sentences)), sentences.pop(i))
    words = " ".join(f"{s}." for s in sentences).split()
    for i, word in enumerate(words):  # word-level rewording
        if rng.random() < rate:
            bare = word.strip(".,").lower()
            if bare.isdecimal():
                words[i] = word.replace(bare, str(int(bare) + rng.randint(1, 40)))
            elif bare in _SYNONYMS:
                words[i] = word.replace(bare, _SYNONYMS[bare])
            else:
                words[i] = rng.choice(["also", "reportedly", "now", "still"]) + " " + word
    dateline = f"{rng.choice(_PLACES).upper()} ({rng.choice(['Reuters', 'AP', 'AFP'])}) - "
    credit = f"(Reporting by {rng.choice(_NAMES)}; editing by {rng.choice(_NAMES)})"
    return dateline + " ".join(words) + "\n\n" + credit


def generate(
    topics: int = 5, stories: int = 10, copies: tuple[str, ...] = ("light", "heavy"), seed: int = 1
) -> Corpus:
    """The test set: ``stories`` originals per topic, each with one copy per strength."""
    rng = random.Random(seed)
    corpus = Corpus()
    names = list(_TOPICS)[:topics] if topics <= len(_TOPICS) else list(_TOPICS)
    for topic in names:
        for _ in range(stories):
            corpus.documents.append(Document(story(rng, topic), topic))
    originals = list(enumerate(corpus.documents))
    for strength in copies:
        for index, original in originals:
            copy = edit(rng, original.body, original.topic, strength)
            corpus.documents.append(Document(copy, original.topic, index, strength))
    return corpus


@dataclass
class Scores:
    """Outcome counts of the detector over a corpus."""

    true_positives: dict[str, int] = field(default_factory=dict)
    false_negatives: dict[str, int] = field(default_factory=dict)
    false_positives: int = 0

    def precision(self) -> float:
        """Share of documents marked as copies that are copies of that original."""
        tp = sum(self.true_positives.values())
        return tp / (tp + self.false_positives) if tp + self.false_positives else 1.0

    def recall(self, strength: str | None = None) -> float:
        """Share of copies (of one strength, or all) marked as copies of their original."""
        keys = [strength] if strength else list(self.true_positives)
        tp = sum(self.true_positives.get(k, 0) for k in keys)
        fn = sum(self.false_negatives.get(k, 0) for k in keys)
        return tp / (tp + fn) if tp + fn else 1.0


def _article(index: int, doc: Document) -> dict[str, Any]:
    url = f"https://site-{index}.example/news/story-{index}"
    return {
        "url": url, "canonical_url": url, "site": f"site-{index}",
        "title": f"Story {index}", "authors": [], "body": doc.body, "tags": [],
        "word_count": len(doc.body.split()), "content_hash": f"hash-{index}",
        "crawled_at": "2026-11-28T00:00:00+00:00",
    }  # fmt: skip


def evaluate(corpus: Corpus, database_url: str) -> Scores:
    """Store every document in a fresh archive, one at a time, and score ``duplicate_of``."""
    archive = Archive(database_url, keep_raw=False)
    scores = Scores()
    url_of = {}
    try:
        for index, doc in enumerate(corpus.documents):
            [result] = archive.store_articles([_article(index, doc)], [None])
            url_of[index] = _article(index, doc)["canonical_url"]
            marked = result.duplicate_of
            if doc.original is None:
                scores.false_positives += marked is not None
            elif marked == url_of[doc.original]:
                scores.true_positives[doc.strength] = scores.true_positives.get(doc.strength, 0) + 1
            else:
                scores.false_negatives[doc.strength] = (
                    scores.false_negatives.get(doc.strength, 0) + 1
                )
                scores.false_positives += marked is not None
    finally:
        archive.close()
    return scores


def separation(corpus: Corpus) -> list[tuple[float, float, float]]:
    """(threshold, recall of copies, share of same-topic pairs above it), by signature."""
    sigs = [neardup.signature(d.body) for d in corpus.documents]
    copies = [
        sigs[i].similarity(sigs[d.original])  # type: ignore[union-attr]
        for i, d in enumerate(corpus.documents)
        if d.original is not None
    ]
    originals = [i for i, d in enumerate(corpus.documents) if d.original is None]
    same_topic = [
        sigs[a].similarity(sigs[b])  # type: ignore[union-attr]
        for n, a in enumerate(originals)
        for b in originals[n + 1 :]
        if corpus.documents[a].topic == corpus.documents[b].topic
    ]

    def above(values: list[float], threshold: float) -> float:
        return sum(v >= threshold for v in values) / len(values)

    thresholds = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
    return [(t, above(copies, t), above(same_topic, t)) for t in thresholds]


def corpus_bodies(folder: Path) -> list[tuple[str, str]]:
    """(page id, body) of every page of the corpora under ``folder``."""
    import json

    from newscrawl.extract import ExtractionError, extract_article

    bodies = []
    for manifest in sorted(folder.glob("**/manifest.jsonl")):
        for line in manifest.read_text("utf-8").splitlines():
            entry = json.loads(line)
            expected = json.loads((manifest.parent / entry["expected"]).read_text("utf-8"))
            if expected.get("body_text"):
                bodies.append((entry["id"], expected["body_text"]))
    for evaldata in sorted(folder.glob("**/evaldata.json")):
        for url, entry in json.loads(evaldata.read_text("utf-8")).items():
            page = evaldata.parent / "eval" / entry["file"]
            page = page if page.exists() else evaldata.parent / "cache" / entry["file"]
            if not page.exists():
                continue
            try:
                bodies.append((entry["file"], extract_article(page.read_bytes(), url)["body"]))
            except ExtractionError:
                continue
    return bodies


def real_pairs(bodies: list[tuple[str, str]], floor: float = 0.15) -> list[tuple[float, int, int]]:
    """(similarity, i, j) of every pair of bodies estimated at least ``floor`` alike."""
    import numpy as np

    signed = [(i, sig) for i, (_, body) in enumerate(bodies) if (sig := neardup.signature(body))]
    matrix = np.stack([np.frombuffer(sig.to_bytes(), dtype="<u4") for _, sig in signed])
    pairs = []
    for row in range(len(signed)):
        alike = (matrix[row + 1 :] == matrix[row]).mean(axis=1)
        for offset in np.nonzero(alike >= floor)[0]:
            pairs.append((float(alike[offset]), signed[row][0], signed[row + 1 + offset][0]))
    return sorted(pairs, reverse=True)


def report_real(folder: Path) -> None:
    bodies = corpus_bodies(folder)
    pairs = real_pairs(bodies)
    compared = sum(1 for _, body in bodies if neardup.signature(body))
    print(
        f"{compared} real article bodies from {folder}, {compared * (compared - 1) // 2} pairs; "
        f"{len(pairs)} estimated at least 0.15 alike, "
        f"{sum(s >= neardup.THRESHOLD for s, _, _ in pairs)} at the threshold "
        f"({neardup.THRESHOLD}) or above:"
    )
    for similarity, i, j in pairs:
        print(f"  {similarity:.2f}  {bodies[i][0]}  |  {bodies[j][0]}")
        print(f"        {' '.join(bodies[i][1].split())[:90]}")
        print(f"        {' '.join(bodies[j][1].split())[:90]}")
    # And the other side: the generator's edits applied to these real texts.
    rng = random.Random(1)
    for strength in ("light", "heavy"):
        found = []
        for _, body in bodies:
            original = neardup.signature(body)
            copy = neardup.signature(edit(rng, body, "storm", strength))
            if original and copy:
                found.append(original.similarity(copy) >= neardup.THRESHOLD)
        print(
            f"{strength} edits of the real bodies at the threshold or above: "
            f"{sum(found) / len(found):.3f} of {len(found)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--topics", type=int, default=5)
    parser.add_argument("--stories", type=int, default=40, help="originals per topic")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, help="check the threshold on real articles")
    args = parser.parse_args()
    if args.corpus:
        report_real(args.corpus)
        return
    corpus = generate(args.topics, args.stories, seed=args.seed)
    originals = sum(d.original is None for d in corpus.documents)
    print(
        f"{len(corpus.documents)} documents: {originals} originals on {args.topics} topics, "
        f"{len(corpus.documents) - originals} edited copies (light and heavy)"
    )
    bands, rows = neardup.lsh_parameters()
    print(
        f"Detector: {neardup.SHINGLE_WORDS}-word shingles, {neardup.NUM_PERM} permutations, "
        f"{bands} bands x {rows} rows, threshold {neardup.THRESHOLD}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        scores = evaluate(corpus, f"sqlite:///{tmp}/bench.sqlite")
        took = time.perf_counter() - started
    print(f"\nThrough the archive ({took / len(corpus.documents) * 1000:.1f} ms per document):")
    print(f"  precision       {scores.precision():.3f}")
    print(f"  recall (light)  {scores.recall('light'):.3f}")
    print(f"  recall (heavy)  {scores.recall('heavy'):.3f}")
    print(f"  recall (all)    {scores.recall():.3f}")
    print("\nEstimated similarity: copies vs different stories on the same topic")
    print("  threshold  copies above  same-topic pairs above")
    for threshold, recall, noise in separation(corpus):
        print(f"  {threshold:9.1f}  {recall:12.3f}  {noise:22.4f}")


if __name__ == "__main__":
    main()
