"""Listing pages: the last copy of each section page, feed and sitemap with validators.

Scheduled crawls read the same sitemaps and feeds every run; kept with their ``ETag`` and
``Last-Modified``, they are asked for conditionally, and a 304 answer is read from the copy.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "listing_pages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("etag", sa.String(500), nullable=True),
        sa.Column("last_modified", sa.String(100), nullable=True),
        sa.Column("content_type", sa.String(200), nullable=True),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.Column("compression", sa.String(10), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.UniqueConstraint("url", name="uq_listing_pages_url"),
    )
    op.create_index("ix_listing_pages_checked_at", "listing_pages", ["checked_at"])


def downgrade() -> None:
    op.drop_table("listing_pages")
