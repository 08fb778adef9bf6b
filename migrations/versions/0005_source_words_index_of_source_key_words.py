"""source_words: each word of a source's key, so a source-name query reads an index

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 11:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    words = op.create_table(
        "source_words",
        sa.Column("word", sa.String(length=300), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_source_words_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("word", "source_id", name=op.f("pk_source_words")),
    )
    # Sources stored before this revision get their words (keys are already normalized:
    # lower case, words separated by single spaces).
    conn = op.get_bind()
    rows: list[dict[str, object]] = []
    for sid, key in conn.execute(sa.text("SELECT id, key FROM sources")):
        rows.extend({"word": w, "source_id": sid} for w in set(key.split()))
        if len(rows) >= 10_000:
            op.bulk_insert(words, rows)
            rows = []
    if rows:
        op.bulk_insert(words, rows)


def downgrade() -> None:
    op.drop_table("source_words")
