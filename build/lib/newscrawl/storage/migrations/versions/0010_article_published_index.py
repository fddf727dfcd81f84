"""Articles: an index on ``published_at``, for exports of what was published when.

``scrapy export --published-since/--published-until`` selects a range of publication
dates; without an index that is a scan of every article (and its body).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_articles_published_at", "articles", ["published_at"])


def downgrade() -> None:
    op.drop_index("ix_articles_published_at", table_name="articles")
