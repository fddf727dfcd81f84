"""``scrapy reprocess [--site NAME]``: extract the archived raw pages again, with today's code.

    scrapy reprocess --site jpost

Runs :func:`newscrawl.extract.extract_article` over the newest raw page of every archived
article (of one site, or of all), without any network access, and stores the result: a
new revision where the content changed (``source`` "reprocess"), metadata such as dates,
tags or the image corrected in place, nothing where nothing changed. Articles without a
raw page (``NEWSCRAWL_KEEP_RAW`` was off) are left alone. It also gives articles archived
before near-duplicate detection existed their signature.

Ctrl-C (or SIGTERM) stops it with one line, ``Stopped after N articles (...)``, and exit
status 130; what it stored stays (it commits :data:`BATCH` articles at a time: running it
again goes over every article again, and finds those done unchanged).
"""

from __future__ import annotations

import logging
import signal
import sys
from collections import Counter
from datetime import UTC
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

import newscrawl.extract
from newscrawl.commands._archive import check_site, open_archive
from newscrawl.commands._options import StrictOptions
from newscrawl.commands._output import INTERRUPTED_EXIT_CODE
from newscrawl.commands._profiles import usable_profiles
from newscrawl.commands._settings import check_settings
from newscrawl.commands._signals import stop_signals_held
from newscrawl.extract.errors import ExtractionError
from newscrawl.extract.listing import Listing
from newscrawl.sites import load_profiles
from newscrawl.storage import Archive
from newscrawl.storage.archive import decompress

if TYPE_CHECKING:
    import argparse
    from datetime import datetime

    from newscrawl.sites import SiteProfile
    from newscrawl.storage.models import RawPage

logger = logging.getLogger(__name__)

#: Articles written per transaction.
BATCH = 100


def reextract(raw: RawPage, site: str, profiles: dict[str, Any]) -> dict[str, Any]:
    """The article extracted from a stored raw page, as the crawl would extract it."""
    # Through the package, which imports the extractor on first use: the `scrapy` command
    # imports every command's module, and `scrapy crawl` leaves extraction to its workers.
    article = newscrawl.extract.extract_article(
        decompress(raw.compression, raw.body),
        raw.url,
        profiles.get(site),
        encoding=raw.encoding,
        crawled_at=raw.fetched_at.replace(tzinfo=UTC),
        listing=Listing.from_json(raw.listing),
        served_at=raw.served_at.replace(tzinfo=UTC) if raw.served_at else None,
        more_pages=[
            (decompress(part.compression, part.body), part.url, part.encoding) for part in raw.parts
        ],
    )
    article["site"] = site
    return article


def reprocess_archive(
    archive: Archive,
    site: str | None = None,
    profiles: dict[str, SiteProfile] | None = None,
    outcomes: Counter[str] | None = None,
) -> Counter[str]:
    """Re-extract every archived raw page; return the count of each outcome.

    A site's pages are extracted with its profile in ``profiles`` (default: the bundled
    ones). The outcomes are counted into ``outcomes`` if given (stopped midway, it has
    those so far: the articles stored, and those left as they were).
    """
    if profiles is None:
        profiles = load_profiles()
    outcomes = Counter() if outcomes is None else outcomes
    batch: list[tuple[int, dict[str, Any], int, datetime]] = []
    for article_id, article_site, raw in archive.iter_raw_sources(site):
        try:
            article = reextract(raw, article_site, profiles)
        except ExtractionError as exc:
            outcomes[f"not an article any more ({exc.reason})"] += 1
            continue
        except Exception:
            logger.exception("Extraction failed on %s", raw.url)
            outcomes["extraction error"] += 1
            continue
        batch.append((article_id, article, raw.id, raw.fetched_at))
        if len(batch) >= BATCH:
            _store(archive, batch, outcomes)
            batch = []
    if batch:
        _store(archive, batch, outcomes)
    return outcomes


def _store(
    archive: Archive, batch: list[tuple[int, dict[str, Any], int, datetime]], outcomes: Counter[str]
) -> None:
    """Store a batch in one transaction and count its outcomes, as one step.

    A Ctrl-C between the commit and its counting would say (in the "Stopped after" line)
    fewer articles than were stored: the stop signals wait for both.
    """
    with stop_signals_held():
        outcomes.update(archive.reprocess(batch))


class Command(StrictOptions, ScrapyCommand):
    """Re-run extraction over the archived raw pages."""

    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        """Usage line."""
        return "[--site NAME]"

    def short_desc(self) -> str:
        """One-line description for ``scrapy -h``."""
        return "Extract archived raw pages again with the current code (no network)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add the command's options."""
        super().add_options(parser)
        parser.add_argument("--site", help="only articles of this site")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Reprocess and print what came of it."""
        if args:
            raise UsageError("scrapy reprocess takes no arguments besides --site")
        assert self.settings is not None
        check_settings(self.settings)
        archive = open_archive(self.settings, create=False)
        outcomes: Counter[str] = Counter()
        # SIGTERM (systemd, kill) stops it as Ctrl-C does.
        previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            check_site(archive, opts.site)
            sites = [opts.site] if opts.site else archive.sites()
            profiles = usable_profiles(self.settings, "Not reprocessing: ", sites)
            reprocess_archive(archive, opts.site, profiles, outcomes)
        except KeyboardInterrupt:
            said = f" ({details})" if (details := _details(outcomes)) else ""
            print(
                f"Stopped after {sum(outcomes.values())} articles{said}; what was stored "
                "stays in the archive",
                file=sys.stderr,
            )
            raise SystemExit(INTERRUPTED_EXIT_CODE) from None
        finally:
            signal.signal(signal.SIGTERM, previous)
            archive.close()
        total = sum(outcomes.values())
        details = _details(outcomes)
        print(f"Reprocessed {total} articles" + (f": {details}" if details else ""))


def _details(outcomes: Counter[str]) -> str:
    """What came of the articles: "3 changed, 40 unchanged"."""
    return ", ".join(f"{n} {what}" for what, n in sorted(outcomes.items()))
