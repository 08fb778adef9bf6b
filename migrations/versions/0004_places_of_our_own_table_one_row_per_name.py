"""Places of our own table (no GeoNames id) are stored, one row per name

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 11:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Concurrent ingests insert these rows with ON CONFLICT DO NOTHING, as GeoNames entries
    # are: the partial unique index is what makes a second insert of a name a conflict.
    op.create_index(
        "ux_places_own_name",
        "places",
        ["name"],
        unique=True,
        sqlite_where=sa.text("geonameid IS NULL"),
        postgresql_where=sa.text("geonameid IS NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "ux_places_own_name",
        table_name="places",
        sqlite_where=sa.text("geonameid IS NULL"),
        postgresql_where=sa.text("geonameid IS NULL"),
    )
