"""Alembic environment of the archive.

Run by :func:`newscrawl.storage.engine.upgrade_schema`, which passes an open connection in
``config.attributes["connection"]`` so that the upgrade happens under the caller's lock.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from newscrawl.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        _run(conn)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place: batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
