"""Places keep admin2 and continent; population is BIGINT (continents exceed 2^31)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 06:25:03.579504
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.add_column(sa.Column("admin2", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("continent", sa.String(length=2), nullable=True))
        batch_op.alter_column(
            "population", existing_type=sa.INTEGER(), type_=sa.BigInteger(), existing_nullable=True
        )


def downgrade() -> None:
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.alter_column(
            "population", existing_type=sa.BigInteger(), type_=sa.INTEGER(), existing_nullable=True
        )
        batch_op.drop_column("continent")
        batch_op.drop_column("admin2")
