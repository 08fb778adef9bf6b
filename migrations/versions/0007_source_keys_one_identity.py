"""sources: keys fold courtesy titles, a leading "the", one middle initial and British
spellings; sources whose keys now agree are merged, and acronyms are indexed

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 16:40:00.000000

The rule is written out here as it stood at this revision (a migration must not change when
the code does): archive.store.source_key applies the same steps to a name.
"""

import json
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LEADERS = {"the", "mr", "mrs", "ms", "miss", "mx", "dr", "sir"}
_HASH = re.compile(r"[0-9a-f]{16}")


def _rekey(key: str) -> str:
    words = key.split()
    suffix = []
    if len(words) > 1 and _HASH.fullmatch(words[-1]):
        suffix = [words.pop()]  # a description's per-article key keeps its article part
    while len(words) > 1 and words[0] in _LEADERS:
        words.pop(0)
    initials = [i for i, w in enumerate(words[1:-1], 1) if len(w) == 1 and w.isalpha()]
    if len(initials) == 1:
        words.pop(initials[0])
    new = " ".join(words + suffix)
    new = re.sub(r"isation\b", "ization", new)
    return re.sub(r"\bcentre\b", "center", new)


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, key, aliases FROM sources ORDER BY id")).all()
    keep: dict[str, int] = {}
    for sid, key, _aliases in rows:
        keep.setdefault(key, sid)  # keys that are already normal keep their row
    for sid, key, _aliases in rows:
        new = _rekey(key)
        if new == key:
            continue
        target = keep.get(new)
        if target is None:
            conn.execute(sa.text("UPDATE sources SET key = :k WHERE id = :i"), {"k": new, "i": sid})
            keep[new] = sid
            conn.execute(sa.text("DELETE FROM source_words WHERE source_id = :i"), {"i": sid})
            for w in set(new.split()):
                conn.execute(
                    sa.text("INSERT INTO source_words (word, source_id) VALUES (:w, :i)"),
                    {"w": w, "i": sid},
                )
            continue
        # merge into the row that holds the key now
        p = {"old": sid, "new": target}
        conn.execute(sa.text("UPDATE quotes SET source_id = :new WHERE source_id = :old"), p)
        conn.execute(sa.text("UPDATE claims SET source_id = :new WHERE source_id = :old"), p)
        conn.execute(
            sa.text(
                "DELETE FROM source_mentions WHERE source_id = :old AND article_id IN "
                "(SELECT article_id FROM source_mentions WHERE source_id = :new)"
            ),
            p,
        )
        conn.execute(
            sa.text("UPDATE source_mentions SET source_id = :new WHERE source_id = :old"), p
        )
        conn.execute(sa.text("DELETE FROM source_words WHERE source_id = :old"), p)
        conn.execute(sa.text("DELETE FROM sources WHERE id = :old"), p)
    # aliases are JSON: merged in Python, written once per target
    # (a merged row's aliases were read above)
    merged: dict[int, set[str]] = {}
    for sid, key, aliases in rows:
        target = keep.get(_rekey(key))
        if target is not None and target != sid:
            if isinstance(aliases, str):
                aliases = json.loads(aliases)
            merged.setdefault(target, set()).update(aliases or [])
    sources = sa.table("sources", sa.column("id"), sa.column("aliases", sa.JSON))
    for target, names in merged.items():
        have = conn.execute(sa.select(sources.c.aliases).where(sources.c.id == target)).scalar()
        conn.execute(
            sa.update(sources)
            .where(sources.c.id == target)
            .values(aliases=sorted(set(have or []) | names))
        )

    # An institution's acronyms join its words ("WHO" finds the World Health Organization);
    # which names are institutions is the store's word list, read as it is now.
    from archive.store import key_acronyms

    for sid, key in conn.execute(sa.text("SELECT id, key FROM sources")).all():
        for w in key_acronyms(key) - set(key.split()):
            conn.execute(
                sa.text("INSERT INTO source_words (word, source_id) VALUES (:w, :i)"),
                {"w": w, "i": sid},
            )


def downgrade() -> None:
    # Merged sources cannot be told apart again; the keys stay as they are.
    pass
