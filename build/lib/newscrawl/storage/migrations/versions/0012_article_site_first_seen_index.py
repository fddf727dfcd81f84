"""Articles: an index on (``site``, ``first_seen_at``), for the revisits runs ask for.

Each run asks the archive for its site's articles first seen within the revisit schedule's
ages (``NEWSCRAWL_REVISITS_FROM_ARCHIVE``); by the index on ``site`` alone, that reads every
article the site ever had.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_articles_site_first_seen_at", "articles", ["site", "first_seen_at"])


def downgrade() -> None:
    op.drop_index("ix_articles_site_first_seen_at", table_name="articles")
