"""Engine set-up of the archive: connection pragmas, transactions and schema migrations.

Any SQLAlchemy URL works. For SQLite (the default) the engine is tuned for a crawler that
writes from one thread while commands read: WAL journal (readers never block the writer;
two processes creating the archive at once both get it), a busy timeout (a second process
waits instead of failing), and write transactions that
start with ``BEGIN IMMEDIATE`` so two writers queue up at the start of a transaction
instead of one failing with "database is locked" when it tries to upgrade a read lock.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, inspect, make_url, text

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import URL, Connection, Engine
    from sqlalchemy.orm import Session

#: How long (ms) an SQLite connection waits for another process's write lock.
SQLITE_BUSY_TIMEOUT_MS = 60_000

#: Connections an SQLite engine keeps open (more are opened when needed, then closed).
SQLITE_POOL_SIZE = 12

#: Prepared statements each SQLite connection keeps for reuse (the sqlite3 module's default:
#: 128). A batch's statements differ with its size (an IN list or a multi-row INSERT per
#: article), so a large cache mostly keeps statements that never come again, each up to a few
#: hundred KB of SQLite's memory: it grew by ~0.3 MB for every batch size a connection had not
#: seen yet, in every pooled connection the writer had used, so the crawler's memory grew for
#: as long as it crawled. Eight keep the few fixed look-ups a crawl repeats (the incremental
#: check's) at the same cost per call.
SQLITE_CACHED_STATEMENTS = 8

#: The newest migration (a test holds it equal to Alembic's head: a new migration must
#: update it). A database already at it is opened without importing Alembic, which would
#: stay in the crawler's memory for the whole crawl (~10 MB) for nothing to do.
SCHEMA_REVISION = "0018"

_MIGRATIONS = "newscrawl.storage:migrations"
# Alembic's table of the database's revision (its default name).
_VERSION_TABLE = "alembic_version"
# Arbitrary constant naming the advisory lock PostgreSQL migrations run under.
_PG_MIGRATION_LOCK = 7_305_202_611


#: Driver names that mean PostgreSQL without naming a driver: SQLAlchemy would take
#: psycopg2 for the first and knows no dialect of the second (Heroku's form); the archive's
#: driver is psycopg 3, installed with newscrawl.
_POSTGRES_WITHOUT_DRIVER = frozenset({"postgresql", "postgres"})


def archive_url(url: str | URL) -> URL:
    """``url`` parsed, a PostgreSQL URL without a driver given psycopg 3's.

    >>> archive_url("postgres://news@db/archive").render_as_string()
    'postgresql+psycopg://news@db/archive'
    >>> archive_url("sqlite:///data/newscrawl.sqlite").drivername
    'sqlite'
    """
    parsed = make_url(url)
    if parsed.drivername in _POSTGRES_WITHOUT_DRIVER:
        return parsed.set(drivername="postgresql+psycopg")
    return parsed


def error_line(error: BaseException) -> str:
    r"""What a database error says, in one line: the driver's message, without the SQL.

    SQLAlchemy wraps the driver's exception (``orig``) in one that adds the statement and a
    link on lines of their own.

    >>> error_line(OSError("disk I/O error\n[SQL: INSERT ...]"))
    'disk I/O error'
    """
    return str(getattr(error, "orig", None) or error).strip().splitlines()[0]


def create_archive_engine(url: str | URL, **kwargs: Any) -> Engine:
    """Create an engine for the archive at ``url`` (the schema is not touched)."""
    parsed = archive_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True, **kwargs)
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # Keep a connection for each thread that reads the archive during a crawl (Twisted's
    # pool, where the incremental middleware asks about every article, and the writer):
    # with SQLAlchemy's default of 5, the others would be opened, set up (PRAGMAs) and
    # closed again for every lookup.
    kwargs.setdefault("pool_size", SQLITE_POOL_SIZE)
    # The connection returned last is handed out first: when few threads use the archive at
    # once, the same few connections serve them, and the others' caches stay small.
    kwargs.setdefault("pool_use_lifo", True)
    kwargs["connect_args"] = {
        "cached_statements": SQLITE_CACHED_STATEMENTS,
        **kwargs.get("connect_args", {}),
    }
    engine = create_engine(parsed, **kwargs)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def write_engine(engine: Engine) -> Engine:
    """The same engine, but its transactions take the write lock when they begin."""
    return engine.execution_options(sqlite_begin="IMMEDIATE")


def lock_keys(session: Session, keys: Iterable[str]) -> None:
    """Make concurrent write transactions touching the same ``keys`` take turns.

    SQLite needs nothing: its write transactions begin IMMEDIATE and so run one at a time.
    On PostgreSQL, writers run concurrently, and two that insert the same article (by URL
    key or by content hash) would both look it up, find nothing, and either both store it
    (content hashes are not UNIQUE) or deadlock on the UNIQUE index, when their batches hold
    the same keys in different orders. A transaction-scoped advisory lock per key, taken in
    one global order before the lookups, makes the second writer wait for the first to
    commit and then see its rows. Other keys are not held up.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    ids = sorted({_lock_id(key) for key in keys})
    if ids:
        # The subquery's ORDER BY sets the order in which the locks are taken: the same for
        # every writer, so they cannot deadlock on each other.
        session.execute(
            text(
                "SELECT count(pg_advisory_xact_lock(k)) FROM "
                "(SELECT unnest(CAST(:ids AS bigint[])) AS k ORDER BY k) AS sorted_keys"
            ),
            {"ids": ids},
        )


def _lock_id(key: str) -> int:
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module (which would not begin a
    # transaction before DDL) and give it to the "begin" listener below; this is the
    # recipe of SQLAlchemy's SQLite documentation.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    _use_wal(cursor)
    # In WAL mode NORMAL loses nothing on an application crash, only on power loss.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _use_wal(cursor: Any) -> None:
    """Put the database in WAL mode (a no-op once it is), waiting for another process.

    Two processes opening a new archive at once (two sites' cron jobs) both switch it to
    WAL; SQLite refuses one of them at once with "database is locked", without waiting
    out the busy timeout as it does for transactions. That one tries again until the
    other is done, for as long as the busy timeout.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc):
                return  # opened read-only (mode=ro, immutable): reading needs no WAL
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_on_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "")
    conn.exec_driver_sql(f"BEGIN {mode}".strip())


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", _MIGRATIONS)
    return config


def head_revision() -> str:
    """The newest migration this code knows, as Alembic reads it from the migrations."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database at ``engine`` is at (None: an empty database)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(_VERSION_TABLE):
            return None
        revision: str | None = conn.execute(
            text(f"SELECT version_num FROM {_VERSION_TABLE}")
        ).scalar()
        return revision


class SchemaError(Exception):
    """The database is not an archive this code can use; the message says why, in one line."""


#: The revisions of newscrawl's migrations: numbered, 0001 on; a newer newscrawl's follow on.
_OUR_NUMBERING = re.compile(r"\d{4}")
#: Tables every newscrawl archive has held since its first migration.
_ARCHIVE_TABLES = frozenset({"articles", "raw_pages"})


def our_revisions() -> frozenset[str]:
    """The revision ids newscrawl's migrations define, as Alembic reads them."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return frozenset(migration.revision for migration in script.walk_revisions())


def _check_ours(engine: Engine, current: str | None, shown: str) -> None:
    """Raise SchemaError unless the database is empty or a newscrawl archive.

    Migrating writes newscrawl's tables into whatever database it is given: another
    application's, named by mistake in ``NEWSCRAWL_DATABASE_URL``, would be changed (and a
    command that only reads would have written it). An archive is at one of the revisions
    our migrations define, or at a newer newscrawl's (numbered after ours: the caller says
    to upgrade), and holds the tables every archive has: another application's Alembic
    revision may be a four-digit number too (``0003``), and its tables tell it apart. A
    database with tables but not so is refused; an empty one (a new SQLite file, a new
    PostgreSQL database) is made an archive.
    """
    with engine.connect() as conn:
        tables = sorted(set(inspect(conn).get_table_names()) - {_VERSION_TABLE})
    if current is None and not tables:
        return
    if current is not None and set(tables) >= _ARCHIVE_TABLES:
        newer = _OUR_NUMBERING.fullmatch(current) and current > SCHEMA_REVISION
        if current == SCHEMA_REVISION or newer or current in our_revisions():
            return
    named = ", ".join(tables[:5]) + (f", ... ({len(tables)} in all)" if len(tables) > 5 else "")
    held = f"it holds other tables ({named})" if tables else "it holds no newscrawl tables"
    version = f" and another application's schema version ({current})" if current else ""
    raise SchemaError(f"the database at {shown} is not a newscrawl archive: {held}{version}")


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``, under a lock so that concurrent starts are safe.

    Raises SchemaError for a database that is not a newscrawl archive (see
    :func:`_check_ours`), and for an archive of a newer newscrawl, whose revision this
    code's migrations do not know (Alembic's "Can't locate revision" traceback otherwise).
    """
    current = current_revision(engine)
    shown = engine.url.render_as_string(hide_password=True)
    # Also for an archive at the newest revision, which imports no Alembic.
    _check_ours(engine, current, shown)
    if revision == "head" and current == SCHEMA_REVISION:
        return
    if current is not None and current > SCHEMA_REVISION:  # revisions are numbered: 0001...
        raise SchemaError(
            f"the archive at {shown} was made by a newer newscrawl (schema {current}; "
            f"this one knows {SCHEMA_REVISION}): upgrade newscrawl"
        )
    # Alembic logs each plugin it loads at INFO as it is imported, before the migrations it
    # runs (which are worth a line each): seven lines of noise at the top of a first log.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    from alembic import command

    config = _alembic_config()
    with write_engine(engine).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
