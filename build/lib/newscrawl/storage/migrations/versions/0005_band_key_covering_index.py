"""Near-duplicate index: band lookups answered from the index alone.

The candidates of a body are the article ids under its band keys, oldest first. An index
on ``(band_key, article_id)`` holds both in that order, so the lookup reads no table rows
(an index-only scan), where the index on ``band_key`` alone sent it to the table for every
entry of a key.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_minhash_bands_band_key_article_id", "minhash_bands", ["band_key", "article_id"]
    )
    op.drop_index("ix_minhash_bands_band_key", table_name="minhash_bands")


def downgrade() -> None:
    op.create_index("ix_minhash_bands_band_key", "minhash_bands", ["band_key"])
    op.drop_index("ix_minhash_bands_band_key_article_id", table_name="minhash_bands")
