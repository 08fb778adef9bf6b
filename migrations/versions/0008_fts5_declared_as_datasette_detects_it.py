"""articles_fts declared with content="articles" (double quotes), as Datasette detects it

Datasette finds a table's full-text index by matching the virtual table's declaration in
sqlite_master against `content="articles"` or `content=[articles]`; 0001 wrote
`content='articles'`, so an archive opened in Datasette offered no search box. The index is
declared anew (same columns, tokenizer and triggers) and rebuilt from the articles.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 16:40:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _declare(content: str, rowid: str) -> None:
    op.execute("DROP TABLE IF EXISTS articles_fts")
    op.execute(
        f"CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content={content}, "
        f"content_rowid={rowid}, tokenize='unicode61 remove_diacritics 2')"
    )
    # the triggers name the table, not its declaration: they keep working as they are
    op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _declare('"articles"', '"id"')


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _declare("'articles'", "'id'")
