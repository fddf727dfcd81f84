"""Crawl runs: why a failed run failed.

``finish_reason`` says ``failed``; the why (``no article page could be fetched (http-403:
3): is the site blocking the crawler?``) was in the run's last log line only, gone with
the log. ``failure`` keeps it, for ``scrapy runs``.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(sa.Column("failure", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("failure")
