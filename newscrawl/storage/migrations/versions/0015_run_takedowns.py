"""Crawl runs: articles taken down and back online, as the run's summary line counts them.

A run's revisits find archived articles whose URL now answers 404 or 410 (taken down) and
taken-down ones online again (restored); the summary said so, the run record did not.
Runs recorded before have none (null: ``scrapy runs`` shows "-").

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(sa.Column("articles_removed", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("articles_restored", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("articles_restored")
        batch.drop_column("articles_removed")
