"""claims.act: say | think | find | intend, what kind of attribution a claim is

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 16:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Claims stored before this revision were extracted without an act: "say" is what they
    # were counted as; `archive reextract` gives them their real act.
    with op.batch_alter_table("claims") as batch:
        batch.add_column(
            sa.Column("act", sa.String(length=10), nullable=False, server_default="say")
        )
        batch.create_index(batch.f("ix_claims_act"), ["act"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_index(batch.f("ix_claims_act"))
        batch.drop_column("act")
