"""Revisions, URL aliases, rejected URLs, near-duplicate index, validators for revisits.

Existing articles get revision 1 (their current content, with their newest raw page), so an
archive made by an older version keeps everything and gains history from now on.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): rebuilding ``articles`` on SQLite would drop the
    # old table, and with foreign keys on that cascades to the raw pages.
    op.add_column(
        "articles", sa.Column("revision", sa.Integer(), nullable=False, server_default="1")
    )
    op.add_column("articles", sa.Column("duplicate_of", sa.Integer(), nullable=True))
    op.add_column("articles", sa.Column("etag", sa.String(500), nullable=True))
    op.add_column("articles", sa.Column("last_modified", sa.String(100), nullable=True))
    op.create_index("ix_articles_duplicate_of", "articles", ["duplicate_of"])

    op.create_table(
        "article_revisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey(
                "articles.id", ondelete="CASCADE", name="fk_article_revisions_article_id"
            ),
            nullable=False,
        ),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("published_at", sa.String(40), nullable=True),
        sa.Column("modified_at", sa.String(40), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column(
            "raw_page_id",
            sa.Integer(),
            sa.ForeignKey(
                "raw_pages.id", ondelete="SET NULL", name="fk_article_revisions_raw_page_id"
            ),
            nullable=True,
        ),
        sa.UniqueConstraint("article_id", "revision", name="uq_article_revisions_article_id"),
    )
    op.create_index("ix_article_revisions_article_id", "article_revisions", ["article_id"])

    op.create_table(
        "article_urls",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url_key", sa.String(2048), nullable=False),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("articles.id", ondelete="CASCADE", name="fk_article_urls_article_id"),
            nullable=False,
        ),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("url_key", name="uq_article_urls_url_key"),
    )
    op.create_index("ix_article_urls_article_id", "article_urls", ["article_id"])

    op.create_table(
        "rejected_urls",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url_key", sa.String(2048), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("site", sa.String(100), nullable=False),
        sa.Column("reason", sa.String(100), nullable=False),
        sa.Column("rejected_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("url_key", name="uq_rejected_urls_url_key"),
    )

    op.create_table(
        "minhash_signatures",
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey(
                "articles.id", ondelete="CASCADE", name="fk_minhash_signatures_article_id"
            ),
            primary_key=True,
        ),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
    )
    op.create_table(
        "minhash_bands",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("articles.id", ondelete="CASCADE", name="fk_minhash_bands_article_id"),
            nullable=False,
        ),
        sa.Column("band_key", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_minhash_bands_article_id", "minhash_bands", ["article_id"])
    op.create_index("ix_minhash_bands_band_key", "minhash_bands", ["band_key"])

    _backfill_first_revisions()


def _backfill_first_revisions() -> None:
    columns = (
        "title", "description", "authors", "published_at", "modified_at", "body",
        "word_count", "content_hash",
    )  # fmt: skip
    articles = sa.table("articles", sa.column("id"), sa.column("first_seen_at"),
                        *(sa.column(c) for c in columns))  # fmt: skip
    raw_pages = sa.table("raw_pages", sa.column("id"), sa.column("article_id"))
    revisions = sa.table(
        "article_revisions",
        sa.column("article_id"), sa.column("revision"), sa.column("seen_at"),
        sa.column("source"), sa.column("raw_page_id"), *(sa.column(c) for c in columns),
    )  # fmt: skip
    newest_raw = (
        sa.select(sa.func.max(raw_pages.c.id))
        .where(raw_pages.c.article_id == articles.c.id)
        .scalar_subquery()
    )
    select = sa.select(
        articles.c.id,
        sa.literal(1),
        articles.c.first_seen_at,
        sa.literal("migration"),
        newest_raw,
        *(articles.c[c] for c in columns),
    )
    targets = ["article_id", "revision", "seen_at", "source", "raw_page_id", *columns]
    op.execute(revisions.insert().from_select(targets, select))


def downgrade() -> None:
    op.drop_table("minhash_bands")
    op.drop_table("minhash_signatures")
    op.drop_table("rejected_urls")
    op.drop_table("article_urls")
    op.drop_table("article_revisions")
    op.drop_index("ix_articles_duplicate_of", "articles")
    # Plain DROP COLUMN (SQLite 3.35+), not a table rebuild: see upgrade().
    for name in ("last_modified", "etag", "duplicate_of", "revision"):
        op.drop_column("articles", name)
