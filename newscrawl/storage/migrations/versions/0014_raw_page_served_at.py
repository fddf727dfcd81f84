"""Raw pages: when the server made the response (its Date header, less a cache's Age).

The clock a date the server rendered as "now" is read against
(:mod:`newscrawl.served`); kept with the raw page, an input of its extraction, so that
``scrapy reprocess`` extracts the page as the crawl did. Pages stored before have none:
their dates are read against the fetch time, as they were.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("raw_pages") as batch:
        batch.add_column(sa.Column("served_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("raw_pages") as batch:
        batch.drop_column("served_at")
