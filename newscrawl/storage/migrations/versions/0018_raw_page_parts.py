"""Raw page parts: the next pages of an article split over several.

An article's body is extracted from its raw page and the pages after it
(:mod:`newscrawl.extract.pagination`); kept here, so that ``scrapy reprocess`` extracts the
article from all of them, as the crawl did.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "raw_page_parts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "raw_page_id",
            sa.Integer(),
            sa.ForeignKey("raw_pages.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(200), nullable=True),
        sa.Column("encoding", sa.String(50), nullable=True),
        sa.Column("compression", sa.String(10), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_raw_page_parts_raw_page_id", "raw_page_parts", ["raw_page_id"])


def downgrade() -> None:
    op.drop_index("ix_raw_page_parts_raw_page_id", table_name="raw_page_parts")
    op.drop_table("raw_page_parts")
