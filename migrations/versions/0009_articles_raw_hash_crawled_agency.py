"""articles: raw_hash (the page an article came from), crawled (WARC-Date), agency (dateline)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 16:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("raw_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("crawled", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("agency", sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f("ix_articles_raw_hash"), ["raw_hash"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_raw_hash"))
        batch_op.drop_column("agency")
        batch_op.drop_column("crawled")
        batch_op.drop_column("raw_hash")
