"""Article takedowns: every period an archived article was down, not only the current one.

``articles.removed_at`` was cleared when a taken-down article came back, and ``scrapy
history`` showed nothing of the time it was down. An article down now gets its open
period from ``removed_at``.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_takedowns",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey(
                "articles.id", ondelete="CASCADE", name="fk_article_takedowns_article_id"
            ),
            nullable=False,
        ),
        sa.Column("removed_at", sa.DateTime(), nullable=False),
        sa.Column("restored_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_article_takedowns_article_id", "article_takedowns", ["article_id"])
    op.execute(
        "INSERT INTO article_takedowns (article_id, removed_at) "
        "SELECT id, removed_at FROM articles WHERE removed_at IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index("ix_article_takedowns_article_id", table_name="article_takedowns")
    op.drop_table("article_takedowns")
