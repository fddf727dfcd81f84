"""Raw pages: what the listing that led to the page said of it.

A feed's ``pubDate`` or a news sitemap's ``publication_date`` is the article's published
time, and a feed's ``dc:creator`` its authors, where the page gives none
(:func:`newscrawl.extract.extract_article`'s ``listed_published`` and ``listed_authors``);
kept with the raw page, as inputs of its extraction, so that ``scrapy reprocess`` extracts
the page as the crawl did.

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
        batch.add_column(sa.Column("listed_published", sa.String(40), nullable=True))
        batch.add_column(sa.Column("listed_authors", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("raw_pages") as batch:
        batch.drop_column("listed_authors")
        batch.drop_column("listed_published")
