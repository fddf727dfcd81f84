"""The archive of a command: opened with one clear line, not a traceback, when it cannot be.

Settings: ``NEWSCRAWL_DATABASE_URL``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from scrapy.exceptions import UsageError
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from newscrawl.storage.engine import SchemaError, archive_url, error_line

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from newscrawl.storage import Archive

#: Exit code when the archive cannot be reached (EX_TEMPFAIL: a server down, try again later).
UNREACHABLE_EXIT_CODE = 75
#: Exit code when an SQLite archive cannot be opened or created (EX_CANTCREAT): a folder
#: that cannot be made or written, which trying again does not mend (unlike a lock held
#: by another process, which is answered with :data:`UNREACHABLE_EXIT_CODE`); also an
#: archive this code cannot use (a newer newscrawl's schema), which needs an upgrade.
CANNOT_CREATE_EXIT_CODE = 73


def open_archive(
    settings: BaseSettings,
    refusal: str = "",
    create: bool = True,
    read_only: bool = False,
    named: str = "NEWSCRAWL_DATABASE_URL",
) -> Archive:
    """Open (and migrate) the archive ``NEWSCRAWL_DATABASE_URL`` names.

    ``read_only`` (commands that only read): an SQLite archive this process may not write
    (a read-only file system, a backup, another user's folder) is opened read-only
    (:func:`_read_only_url`), where SQLite would not open it at all.

    A value that is no database URL is a usage error (exit code 2), and so, with
    ``create=False`` (commands that only read or revise an archive), is an SQLite file that
    does not exist: a mistyped path would otherwise be made, folders and all, and read as
    an empty archive. A database that cannot be opened ends the command with one line on
    stderr, ``refusal`` in front, and :data:`UNREACHABLE_EXIT_CODE` (a PostgreSQL server
    down, an SQLite file locked) or :data:`CANNOT_CREATE_EXIT_CODE` (an SQLite file that
    cannot be created, a PostgreSQL database that does not exist, an archive of a newer
    newscrawl); the URL is shown without its password. ``named``: what the usage errors call
    the URL, where the user gave it otherwise than as the setting (a command's argument).
    """
    url = settings.get("NEWSCRAWL_DATABASE_URL")
    try:
        parsed = archive_url(url)
        shown = parsed.render_as_string(hide_password=True)
        parsed.get_dialect().import_dbapi()
    except ArgumentError:  # no URL, or a database SQLAlchemy has no dialect for
        raise UsageError(
            f"{named} {url!r} is not a database URL "
            "(e.g. sqlite:///data/newscrawl.sqlite, postgresql+psycopg://user@host/news)",
            print_help=False,
        ) from None
    except ImportError:
        raise UsageError(
            f"{named} {shown!r} names the driver {parsed.get_driver_name()!r}, "
            "which is not installed; the one installed with newscrawl is PostgreSQL's psycopg "
            "(postgresql+psycopg://user@host/news)",
            print_help=False,
        ) from None
    if not create and (missing := _missing_file(parsed)) is not None:
        raise UsageError(
            f"no archive at {missing} (NEWSCRAWL_DATABASE_URL): nothing was crawled into it",
            print_help=False,
        )
    from newscrawl.storage import Archive

    if read_only and (reading := _read_only_url(parsed)) is not None:
        url = reading
    try:
        return Archive(url)
    except SchemaError as exc:
        # Trying again will not help: the archive needs a newer newscrawl.
        print(f"{refusal}{exc}", file=sys.stderr)
        raise SystemExit(CANNOT_CREATE_EXIT_CODE) from None
    except (SQLAlchemyError, OSError) as exc:
        reason = error_line(exc) + _not_writable(parsed)
        print(f"{refusal}cannot open the archive at {shown}: {reason}", file=sys.stderr)
        local = parsed.get_backend_name() == "sqlite" and "locked" not in reason
        # A server that answers that the database is not there: trying again will not help
        # (createdb first), as for an SQLite file that cannot be created.
        absent = "does not exist" in reason
        raise SystemExit(
            CANNOT_CREATE_EXIT_CODE if local or absent else UNREACHABLE_EXIT_CODE
        ) from None


def missing_sqlite_file(settings: BaseSettings) -> Path | None:
    """The file of an SQLite archive that does not exist yet, or None (it does, or is no file)."""
    try:
        return _missing_file(make_url(settings.get("NEWSCRAWL_DATABASE_URL")))
    except ArgumentError:
        return None


def _missing_file(parsed: URL) -> Path | None:
    """The SQLite file ``parsed`` names, if it is not there (or empty: no archive yet)."""
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:") and parsed.query.get("uri") in ("true", "1"):
        # SQLite's URI form: sqlite:///file:/data/a.sqlite?mode=ro&uri=true
        database = unquote(urlsplit(database).path)
    path = Path(database)
    return None if path.exists() and path.stat().st_size else path


def _sqlite_file(parsed: URL) -> Path | None:
    """The file of an SQLite archive named by its path, or None (another database, a URI)."""
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database.startswith("file:"):
        return None
    return Path(database).expanduser().resolve()


def _not_writable(parsed: URL) -> str:
    """Why SQLite could not open an archive it must write, if the file system says.

    SQLite says only "unable to open database file" (or "attempt to write a readonly
    database") of a file, or a folder, this user may read but not write.
    """
    path = _sqlite_file(parsed)
    if path is None:
        return ""
    if path.is_file() and not os.access(path, os.W_OK):
        return f" ({path} is read-only for this user)"
    if path.parent.is_dir() and not os.access(path.parent, os.W_OK | os.X_OK):
        return f" (its folder {path.parent} is read-only for this user)"
    return ""


def _read_only_url(parsed: URL) -> str | None:
    """An SQLite URL that opens the archive file read-only, if this process may not write it.

    SQLite opens a database in WAL mode for reading only where it may make the ``-shm``
    file beside it. Where that file is there (a crawl of another user has the archive open),
    ``mode=ro`` shares it; where it is not, nothing writes the archive now, and
    ``immutable=1`` reads the file as it is. (A crawl that started meanwhile could change
    it under the reader: a read-only place's archive is a copy or a backup in practice.)
    """
    path = _sqlite_file(parsed)
    if path is None:
        return None
    if not path.is_file() or (os.access(path.parent, os.W_OK) and os.access(path, os.W_OK)):
        return None
    shared = Path(f"{path}-shm").exists()
    option = "mode=ro" if shared else "immutable=1"
    return f"sqlite:///file:{quote(str(path))}?{option}&uri=true"


def check_site(archive: Archive, site: str | None) -> None:
    """Raise a usage error naming the archive's sites, where ``site`` is none of them.

    Before anything is written: a mistyped ``--site`` in a cron job would otherwise find
    nothing, and an export would replace the last good file with an empty one.
    """
    if site and site not in (sites := archive.sites()):
        listed = ", ".join(sites) or "none yet"
        raise UsageError(f"no site {site!r} in the archive; its sites: {listed}", print_help=False)
