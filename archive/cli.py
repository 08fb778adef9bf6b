"""The `archive` command: a thin skin over the Python API.

Each command parses its options, calls one library function and renders the result: a rich
table on a terminal, JSON for programs. Errors from the library become one line on stderr and
an exit code (0 ok, 1 some inputs failed, 2 usage error); never a traceback.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from archive.errors import ArchiveError, IngestError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="A news-article archive: ingest, extract, query and export sources, quotes, claims, places.",
)


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"


def _err(message: str) -> None:
    sys.stderr.write(message.rstrip() + "\n")


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    format: Annotated[ExtractFormat, typer.Option("--format", help="Output format.")] = (
        ExtractFormat.jsonl
    ),
    glob: Annotated[str | None, typer.Option(help="Only files matching this pattern.")] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse files larger than this.")] = 5 * 1024 * 1024,
) -> None:
    """Parse and extract without a database; print one JSON object per document (DESIGN 4.1)."""
    from archive.extract import extract_article
    from archive.ingest.parse import parse_document
    from archive.ingest.readers import iter_files, read_document

    failed = 0
    out = sys.stdout
    docs = []
    for path in iter_files(paths, glob):
        try:
            article = parse_document(
                read_document(path, max_bytes=max_bytes), require_headline=False
            )
        except IngestError as exc:
            _err(f"error: {exc}")
            failed += 1
            continue
        extracted = extract_article(article.text)
        record = {"path": article.path, "title": article.title, "text": article.text}
        record.update(extracted.model_dump(mode="json"))
        if format is ExtractFormat.jsonl:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            docs.append(record)
    if format is ExtractFormat.json:
        out.write(json.dumps(docs, ensure_ascii=False, indent=2) + "\n")
    if failed:
        raise typer.Exit(1)


def main() -> None:
    """Entry point of the console script: runs the app and maps library errors to exit codes."""
    try:
        app()
    except ArchiveError as exc:
        _err(f"error: {exc}")
        sys.exit(1)


@app.callback()
def _root() -> None:
    """A news-article archive: ingest, extract, query and export sources, quotes, claims, places."""
