"""Copying a whole archive into another database (SQLite to PostgreSQL, say).

What a user does when one machine is outgrown (or to go back, or to another server).
Every table is copied as it is, row by row and ids kept (revisions, raw pages, other URLs,
the near-duplicate index, runs, kept listing pages refer to articles by id), in the order
their foreign keys need, within one transaction of the target: a copy that fails or is
stopped leaves the target as empty as it was. The source is read in one transaction too:
on SQLite (WAL) and PostgreSQL alike, a snapshot, whatever a crawl writes meanwhile. Run
locks are not copied: they are held by the runs of the source. A WARC export and import
would re-extract every page, and lose what only the archive knows (the site a page was
crawled for, what made each revision, the runs, the other URLs of an article).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, Table, func, select, text

from newscrawl.storage.engine import write_engine
from newscrawl.storage.models import Base, CrawlLock

#: Rows read and written at a time (raw pages are up to a few hundred KB each).
COPY_BATCH = 200


class TargetNotEmpty(ValueError):
    """The database to copy into already holds an archive's data."""


def copied_tables() -> list[Table]:
    """The archive's tables in the order their foreign keys allow inserting them."""
    return [t for t in Base.metadata.sorted_tables if t.name != CrawlLock.__tablename__]


def copy_archive(
    source: Engine, target: Engine, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Copy every row of the archive at ``source`` into the empty one at ``target``.

    Both must be at the same schema revision (open each as an ``Archive`` first). Returns
    the rows copied by table; ``progress(table, rows so far)`` is called after each batch.
    Raises :class:`TargetNotEmpty` if the target holds any row.
    """
    tables = copied_tables()
    counts: dict[str, int] = {}
    with source.connect() as reading, reading.begin(), write_engine(target).begin() as writing:
        full = [t.name for t in tables if writing.scalar(select(func.count()).select_from(t))]
        if full:
            raise TargetNotEmpty(f"it holds rows already (tables: {', '.join(full)})")
        for table in tables:
            order = list(table.primary_key.columns)
            rows = reading.execution_options(yield_per=COPY_BATCH).execute(
                select(table).order_by(*order)
            )
            counts[table.name] = 0
            for batch in rows.partitions():
                writing.execute(table.insert(), [dict(row._mapping) for row in batch])
                counts[table.name] += len(batch)
                if progress is not None:
                    progress(table.name, counts[table.name])
        if writing.dialect.name == "postgresql":
            _advance_sequences(writing, tables)
    return counts


def _advance_sequences(writing: Connection, tables: list[Table]) -> None:
    """Make PostgreSQL's id sequences hand out ids after the copied ones.

    Rows inserted with their ids leave each table's sequence at 1: the next article the
    crawl stores would take an id the copy gave another, and fail.
    """
    for table in tables:
        if "id" not in table.primary_key.columns or not table.c.id.autoincrement:
            continue
        writing.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            )
        )
