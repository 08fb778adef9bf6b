"""index claims.quote_id and source_words.source_id: deleting a quote or a source reads them

Deleting a quote makes the database find the claims pointing at it (ON DELETE SET NULL), and
deleting a source the source_words rows of it (ON DELETE CASCADE, and the foreign key check
on SQLite); without these indexes each deleted row scanned the whole table, so `archive
reextract` (and folding a short source name into its full one) slowed with the archive.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 17:15:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_quote_id"), ["quote_id"], unique=False)
    with op.batch_alter_table("source_words", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_source_words_source_id"), ["source_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("source_words", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_source_words_source_id"))
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_quote_id"))
