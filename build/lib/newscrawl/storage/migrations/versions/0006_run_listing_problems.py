"""Crawl runs: the listing pages that gave no articles.

A run that stores nothing new looks the same in ``scrapy runs`` whether the site published
nothing or its section pages, feeds or sitemaps changed under the profile: each run now
keeps the count of its listing pages that gave no articles, by reason
(``{"no-article-links": 1, "not-fetched": 2}``). Runs recorded before have none (null).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(sa.Column("listing_problems", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("listing_problems")
