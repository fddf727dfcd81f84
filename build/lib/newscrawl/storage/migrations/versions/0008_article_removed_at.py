"""Articles: when a revisit found an archived article gone (404, 410).

Publishers take articles down; the archive keeps them, and now says so: ``removed_at`` is
when the article's URL was first found answering 404 or 410, and is cleared when the
article is seen again.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("removed_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("removed_at")
