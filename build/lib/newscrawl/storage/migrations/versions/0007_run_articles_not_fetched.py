"""Crawl runs: the article pages that could not be fetched.

A site that refuses the crawler (403 to every article page, a bot block) or times out used
to leave no trace in ``scrapy runs`` once the log was gone: each run now keeps the count of
its article pages that could not be fetched, by reason (``{"http-403": 3,
"TimeoutError": 1}``). Runs recorded before have none (null).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(sa.Column("articles_not_fetched", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("articles_not_fetched")
