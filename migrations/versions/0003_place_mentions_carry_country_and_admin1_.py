"""Place mentions carry country and admin1; composite indexes for the filters

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 07:07:14.598354
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("place_mentions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("country_code", sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column("admin1", sa.String(length=20), nullable=True))
        batch_op.drop_index(batch_op.f("ix_place_mentions_place_id"))
        batch_op.create_index(
            "ix_place_mentions_place_article", ["place_id", "article_id"], unique=False
        )
        batch_op.create_index(
            "ix_place_mentions_region_article",
            ["country_code", "admin1", "article_id"],
            unique=False,
        )

    with op.batch_alter_table("source_mentions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_mentions_source_id"))
        batch_op.create_index(
            "ix_source_mentions_source_article", ["source_id", "article_id"], unique=False
        )

    # Mentions stored before this revision take their place's country and admin1.
    op.execute(
        "UPDATE place_mentions SET country_code = "
        "(SELECT p.country_code FROM places p WHERE p.id = place_mentions.place_id), admin1 = "
        "(SELECT p.admin1 FROM places p WHERE p.id = place_mentions.place_id) "
        "WHERE place_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("source_mentions", schema=None) as batch_op:
        batch_op.drop_index("ix_source_mentions_source_article")
        batch_op.create_index(
            batch_op.f("ix_source_mentions_source_id"), ["source_id"], unique=False
        )

    with op.batch_alter_table("place_mentions", schema=None) as batch_op:
        batch_op.drop_index("ix_place_mentions_region_article")
        batch_op.drop_index("ix_place_mentions_place_article")
        batch_op.create_index(batch_op.f("ix_place_mentions_place_id"), ["place_id"], unique=False)
        batch_op.drop_column("admin1")
        batch_op.drop_column("country_code")
