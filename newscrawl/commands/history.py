"""``scrapy history URL``: the revisions of an archived article, with what changed.

    scrapy history https://example.com/world/some-story-123456

Prints every revision (when it was seen, from a crawl or from ``scrapy reprocess``) and,
between consecutive revisions, a word-level diff of title, authors, standfirst and body:
``[-removed-]{+added+}``, as ``git diff --word-diff`` shows it; and, among them, when the
article was taken down (its URL answered 404 or 410) and when it was back online. Exit
code 2 if the archive does not know the URL.
"""

from __future__ import annotations

import difflib
import sys
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.commands._archive import open_archive
from newscrawl.commands._options import StrictOptions
from newscrawl.stdout import reader_may_stop
from newscrawl.urls import is_http_url

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from datetime import datetime


def _lines(revision: dict[str, Any]) -> list[str]:
    """A revision as lines: one per field, then one per body paragraph."""
    lines = [
        f"Title: {revision['title']}",
        f"Authors: {', '.join(revision['authors'] or []) or '-'}",
        f"Standfirst: {revision['description'] or '-'}",
    ]
    return lines + [p.strip() for p in (revision["body"] or "").split("\n\n") if p.strip()]


def word_diff(old: str, new: str) -> str:
    """One line with the words removed and added marked.

    >>> word_diff("The mayor said on Monday", "The mayor said on Tuesday night")
    'The mayor said on [-Monday-]{+Tuesday night+}'
    """
    a, b = old.split(), new.split()
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(" ".join(a[i1:i2]))
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(b[j1:j2]) + "+}")
    text = " ".join(parts)
    return text.replace("-] {+", "-]{+")


def revision_diff(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The changed lines between two revisions: word diffs, removed and added paragraphs."""
    a, b = _lines(old), _lines(new)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        old_lines, new_lines = a[i1:i2], b[j1:j2]
        # Lines replaced one by one: a word diff where the two are alike.
        while old_lines and new_lines and _similar(old_lines[0], new_lines[0]):
            out.append(f"~ {word_diff(old_lines.pop(0), new_lines.pop(0))}")
        out += [f"- {line}" for line in old_lines]
        out += [f"+ {line}" for line in new_lines]
    return out


def _similar(old: str, new: str) -> bool:
    """Whether a word diff of two lines is readable (else: old and new in full)."""
    matcher = difflib.SequenceMatcher(a=old.split(), b=new.split(), autojunk=False)
    return matcher.ratio() >= 0.5


def render_history(
    revisions: list[dict[str, Any]], takedowns: Sequence[tuple[datetime, datetime | None]] = ()
) -> str:
    """The text ``scrapy history`` prints: revisions and takedowns, in the order they came."""
    head = f"{revisions[0]['url']}: {len(revisions)} revision(s)"
    if takedowns:
        head += f", taken down {len(takedowns)} time(s)"
    # (time, order, what): back online before the revision seen at that moment.
    events: list[tuple[datetime, int, Any]] = [(rev["seen_at"], 1, rev) for rev in revisions]
    for removed, restored in takedowns:
        events.append((removed, 0, "down"))
        if restored is not None:
            events.append((restored, 0, "back"))
    lines = [head]
    previous = None
    for when, _, event in sorted(events, key=lambda e: (e[0], e[1])):
        if event == "down":
            lines += ["", f"Taken down {when:%Y-%m-%d %H:%M:%S} UTC: answering 404 or 410"]
            continue
        if event == "back":
            lines += ["", f"Back online {when:%Y-%m-%d %H:%M:%S} UTC"]
            continue
        rev = event
        lines += [
            "",
            f"Revision {rev['revision']}, seen {when:%Y-%m-%d %H:%M:%S} UTC "
            f"({rev['source']}), {rev['word_count']} words",
        ]
        page_url = rev.get("page_url")
        before = revisions[0]["url"] if previous is None else previous.get("page_url")
        if page_url and page_url != before:
            # Read at another URL than the revision before (or than the article's now):
            # the story moved, a new slug or section.
            lines.append(f"  At: {page_url}")
        if previous is None:
            lines.append(f"  Title: {rev['title']}")
        else:
            lines += [f"  {line}" for line in revision_diff(previous, rev)] or [
                "  (no change in title, authors, standfirst or body)"
            ]
        previous = rev
    if takedowns and takedowns[-1][1] is None:
        lines += ["", f"Down since {takedowns[-1][0]:%Y-%m-%d %H:%M:%S} UTC"]
    return "\n".join(lines)


class Command(StrictOptions, ScrapyCommand):
    """Show the revisions of an archived article."""

    max_args = 1

    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        """Usage line."""
        return "URL"

    def short_desc(self) -> str:
        """One-line description for ``scrapy -h``."""
        return "Show the revisions of an archived article, with a diff"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Print the history."""
        if len(args) != 1:
            raise UsageError("give one article URL")
        if not is_http_url(args[0]):
            raise UsageError(f"{args[0]!r} is not an http(s) URL", print_help=False)
        assert self.settings is not None
        archive = open_archive(self.settings, create=False, read_only=True)
        try:
            revisions = archive.revisions(args[0])
            takedowns = archive.takedowns(args[0])
        finally:
            archive.close()
        if not revisions:
            print(f"Not in the archive: {args[0]}", file=sys.stderr)
            self.exitcode = 2
            return
        with reader_may_stop():
            print(render_history(revisions, takedowns))
