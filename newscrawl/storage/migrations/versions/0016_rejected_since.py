"""Rejected URLs: when a page was first rejected, of the rejections in a row.

A page rejected for the first time (a 404 from a CDN not yet holding a story a listing
already links, a placeholder) was not fetched again for a day; it is now checked again
soon, then after waits that double (see ``NEWSCRAWL_RECHECK_REJECTED_FIRST``), which needs
how long it has been rejected. Rows from before have none (null: rejected once).

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rejected_urls") as batch:
        batch.add_column(sa.Column("first_rejected_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rejected_urls") as batch:
        batch.drop_column("first_rejected_at")
