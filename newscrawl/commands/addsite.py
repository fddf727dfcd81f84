"""``scrapy addsite NAME URL``: draft a site profile from the site's start page.

    scrapy addsite example https://www.example.com/
    scrapy addsite example https://www.example.com/world --sections 5 -o -

Reads the site's robots.txt, the start page (unless robots.txt forbids it), the sections
its menus link to and the feeds it announces (see :mod:`newscrawl.commands._draft`), and
writes ``NAME.toml`` into ``NEWSCRAWL_SITES_DIR`` (made if need be), or into
``newscrawl/sites/`` when that is not set: the site's sections that list articles, its
feeds that do, its news sitemaps, its language and, where its domain or language tag says
it, its timezone, each a line to check (a file there already is kept, unless ``--force``).
Then ``scrapy crawl NAME`` crawls it. One request at a time, ``--delay`` seconds apart: a
few dozen requests in all, none that the crawl's SSRF guard would refuse
(``NEWSCRAWL_SSRF_GUARD``, ``NEWSCRAWL_SSRF_ALLOW``). What it found, and left out, is said
on standard output (on standard error with ``-o -``).

``-o FILE`` must be named ``NAME.toml`` (a profile is loaded from a file of its name);
``-o FOLDER`` writes ``NAME.toml`` there.

Exit status 2 for a usage error (a name that is not a profile name or is taken, a start URL
that is not http(s), an ``-o`` file of another name); 1 for a start page that cannot be
fetched, that robots.txt forbids or that is no HTML page, or one from which nothing to
crawl was found (no file is written then).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.settings import SETTINGS_PRIORITIES

from newscrawl.commands._draft import Draft, draft_profile
from newscrawl.commands._options import StrictOptions
from newscrawl.fetch import Fetched, FetchError, fetch
from newscrawl.middlewares._addresses import AddressPolicy
from newscrawl.sites import BUNDLED_DIR, ProfileError, sites_dir
from newscrawl.sites.profile import check_name
from newscrawl.spiders._listing import counted
from newscrawl.urls import is_http_url
from newscrawl.useragent import crawl_user_agent

if TYPE_CHECKING:
    import argparse

#: Names of spiders that are no profile's.
_BUILT_IN = frozenset({"news", "demo"})


class _Paced:
    """``fetch`` with a pause before every request but the first; each URL said on stderr.

    A draft takes a few dozen requests: the user sees it is not stuck.
    """

    def __init__(self, delay: float, agent: str, policy: AddressPolicy | None = None) -> None:
        self.delay = delay
        self.agent = agent
        self.policy = policy
        self.requests = 0

    def __call__(self, url: str) -> Fetched:
        if self.requests and self.delay > 0:
            time.sleep(self.delay)
        self.requests += 1
        print(f"Reading {url}", file=sys.stderr)
        return fetch(url, agent=self.agent, policy=self.policy)


def report(draft: Draft) -> list[str]:
    """What was found and left out, in lines for the user."""
    lines = []
    if draft.redirected_from:
        lines.append(
            f"The start page {draft.redirected_from} redirected to {draft.start_url}, another "
            "site (a consent page? another edition?): the draft is that site's"
        )
    start = f"Start page: {counted(draft.start_articles, 'article link')}"
    if draft.start_url in draft.sections_forbidden:
        start += ", but robots.txt forbids it (not a section of the profile)"
    elif draft.start_url not in draft.sections:
        start += " (not a section of the profile)"
    lines += [
        start,
        f"Sections: {len(draft.sections)} listing articles"
        + _left_out(
            (draft.sections_without_articles, "without article links"),
            (draft.sections_forbidden, "forbidden by robots.txt"),
            (draft.sections_unchecked, "more in the menus, not checked: raise --sections"),
        ),
        f"Feeds: {len(draft.feeds)}"
        + _left_out((draft.feeds_without_articles, "announced but listing no article")),
        f"Sitemaps: {len(draft.news_sitemaps)} news"
        + (f", {len(draft.site_sitemaps)} whole-site (in a comment)" if draft.site_sitemaps else "")
        + ("" if draft.robots_txt else " (no robots.txt)"),
        f"Language: {draft.language or 'not declared'}; timezone: "
        + (draft.timezone or "unknown (dates without an offset read as UTC: set it)"),
    ]
    if draft.empty:
        lines.append(
            "Nothing to crawl was found: links drawn by JavaScript? Add sections, feeds or "
            "an article_pattern by hand."
        )
    return lines


def _left_out(*groups: tuple[list[str], str]) -> str:
    parts = [f"{len(urls)} {what}" for urls, what in groups if urls]
    return f" (left out: {', '.join(parts)})" if parts else ""


class Command(StrictOptions, ScrapyCommand):
    """Draft a site profile from the site's start page."""

    max_args = 2

    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        """Usage line."""
        return "NAME URL [--sections N] [--delay S] [-o FILE] [--force]"

    def short_desc(self) -> str:
        """One-line description for ``scrapy -h``."""
        return "Draft a site profile (sections, feeds, sitemaps) from a site's start page"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add the command's options."""
        super().add_options(parser)
        parser.add_argument(
            "--sections", type=int, default=10, help="most sections in the profile (10)"
        )
        parser.add_argument("--delay", type=float, default=1.0, help="seconds between requests (1)")
        parser.add_argument(
            "-o",
            "--output",
            help="where to write the profile: a file named NAME.toml, a folder, or '-' for "
            "standard output (default NAME.toml in NEWSCRAWL_SITES_DIR, else in "
            "newscrawl/sites/)",
        )
        parser.add_argument("--force", action="store_true", help="replace an existing file")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Draft the profile, write it, say what was found."""
        if len(args) != 2:
            raise UsageError("give the profile's name and the site's start URL")
        name, url = args
        _check_name(name)
        if not is_http_url(url):
            raise UsageError(f"{url!r} is not an http(s) URL", print_help=False)
        if opts.sections < 1:
            raise UsageError("--sections must be at least 1", print_help=False)
        assert self.settings is not None
        target = self._target(name, opts.output)
        if target is not None and target.exists() and not opts.force:
            raise UsageError(f"{target} exists: --force replaces it", print_help=False)
        if target is not None:
            # Before the site is read: a folder that cannot be made is said at once.
            _write(target, None)
        try:
            policy = AddressPolicy.from_settings(self.settings)
        except ValueError as exc:
            raise UsageError(f"NEWSCRAWL_SSRF_ALLOW: {exc}", print_help=False) from None
        guarded = self.settings.getbool("NEWSCRAWL_SSRF_GUARD")
        try:
            # As the crawl of the profile will: with the contact URL, within the SSRF guard.
            paced = _Paced(opts.delay, crawl_user_agent(self.settings), policy if guarded else None)
            draft = draft_profile(name, url, paced, opts.sections)
        except FetchError as exc:
            print(f"Cannot draft a profile: {exc}", file=sys.stderr)
            self.exitcode = 1
            return
        if draft.empty:
            print("\n".join(report(draft)), file=sys.stderr)
            self.exitcode = 1
            return
        draft.profile()  # a valid profile, or a bug here (ProfileError)
        if target is None:
            sys.stdout.write(draft.toml())
            print("\n".join(report(draft)), file=sys.stderr)
            return
        command = self._crawl_command(name, target)
        _write(target, draft.toml(command))
        print("\n".join(report(draft)))
        if self._replaces_bundled(name, target):
            print(f"It replaces the bundled profile {name!r}.")
        print(f"Wrote {target}. Check it, then: {command}")

    def _target(self, name: str, output: str | None) -> Path | None:
        """The file to write the profile to (None: standard output), as ``-o`` says.

        A usage error where ``-o`` names a file that could not hold the profile: a profile
        is loaded from ``NAME.toml`` only (its spider is named after the file), so a draft
        written to ``zz.toml`` would be a broken profile, and the crawl command printed for
        it would find no spider. ``-o`` a folder writes ``NAME.toml`` in it.
        """
        if output == "-":
            return None
        assert self.settings is not None
        file_name = f"{name}.toml"
        if output is None:
            return (sites_dir(self.settings) or BUNDLED_DIR) / file_name
        target = Path(output)
        if target.is_dir():
            return target / file_name
        if target.name != file_name:
            raise UsageError(
                f"-o {output}: a profile's file is named after it, {file_name} (its spider "
                f"is the file's name): -o {target.parent / file_name}, or -o a folder",
                print_help=False,
            )
        return target

    def _replaces_bundled(self, name: str, target: Path) -> bool:
        """Whether the profile written to ``target`` replaces a bundled one in crawls."""
        assert self.settings is not None
        folder = sites_dir(self.settings)
        return (
            (BUNDLED_DIR / f"{name}.toml").exists()
            and folder is not None
            and target.parent.resolve() == folder.resolve()
        )

    def _crawl_command(self, name: str, target: Path) -> str:
        """The command that crawls the profile written to ``target``.

        A profile outside the folders the project knows without ``-s`` (the bundled one,
        ``NEWSCRAWL_SITES_DIR`` of the project's settings) needs the setting at every run.
        """
        assert self.settings is not None
        known = [BUNDLED_DIR.resolve()]
        if self.settings.getpriority("NEWSCRAWL_SITES_DIR") != SETTINGS_PRIORITIES["cmdline"]:
            known += [folder.resolve()] if (folder := sites_dir(self.settings)) else []
        folder = target.parent.resolve()
        setting = "" if folder in known else f" -s NEWSCRAWL_SITES_DIR={target.parent}"
        return f"scrapy crawl {name}{setting}"


def _write(target: Path, text: str | None) -> None:
    """Write ``text`` to ``target`` (None: only make its folder); a usage error if it can't."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if text is not None:
            target.write_text(text, encoding="utf-8")
    except OSError as exc:  # a folder that cannot be made, no permission, a full disk
        reason = exc.strerror or exc
        raise UsageError(f"cannot write {target}: {reason}", print_help=False) from None


def _check_name(name: str) -> None:
    if name in _BUILT_IN:
        raise UsageError(f"{name!r} is a built-in spider's name", print_help=False)
    try:
        check_name(name)
    except ProfileError as exc:
        raise UsageError(str(exc), print_help=False) from None
