"""Raw pages: what the listing that led to the page said of it.

A feed's ``pubDate`` or a news sitemap's ``publication_date`` is the article's published
time, a feed's ``dc:creator`` its authors and its categories the tags, where the page gives
none (:mod:`newscrawl.extract.listing`); kept with the raw page, an input of its
extraction, so that ``scrapy reprocess`` extracts the page as the crawl did.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("raw_pages") as batch:
        batch.add_column(sa.Column("listing", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("raw_pages") as batch:
        batch.drop_column("listing")
