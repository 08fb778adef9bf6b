"""The `archive` command: a thin skin over the Python API.

Each command parses its options, calls one library function and renders the result: a rich
table on a terminal, JSON for programs. Errors from the library become one line on stderr and
an exit code (0 ok, 1 some inputs failed, 2 usage error); never a traceback.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from archive.errors import ArchiveError, QueryError, database_message
from archive.query import (
    MAX_PAGE,
    AggregateBy,
    ArticleQuery,
    ClaimQuery,
    Filters,
    ListQuery,
)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="ARCHIVE_DATABASE_URL",
        help="Database URL or SQLite path (default ./archive.db).",
        show_envvar=True,
    ),
]


def _clean_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Errors become one line on stderr and the exit code their class carries (DESIGN 4.2:
    1 failed, 2 usage), never a traceback; in the console script and under test runners."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            return fn(*args, **kwargs)
        except ArchiveError as exc:
            _err(f"error: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except SQLAlchemyError as exc:
            _err(f"error: database: {database_message(exc)}")
            raise typer.Exit(1) from None

    return run


class _App(typer.Typer):
    """Typer whose commands all report errors the same way (`_clean_errors`)."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
        register = super().command(*args, **kwargs)

        def decorator(fn: Callable[..., Any]) -> Callable[..., Any]:
            register(_clean_errors(fn))
            return fn

        return decorator


app = _App(
    add_completion=False,
    no_args_is_help=True,
    help="A news-article archive: ingest, extract, query and export what articles attribute.",
)


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"


class InputFormat(StrEnum):
    auto = "auto"
    text = "text"
    html = "html"
    warc = "warc"
    json = "json"
    jsonl = "jsonl"
    table = "table"


_INPUT_FORMAT_HELP = (
    "Input format: auto tells each file's by its name and content (.txt, .html, "
    ".warc[.gz], .json, .jsonl/.ndjson[.gz], .csv/.tsv/.parquet); any other reads every file so."
)
_FIELD_HELP = (
    "Map a key to a record's field name, for JSON and tables: text=article_body, "
    "published=pubDate (keys: text, html, title, published, author, url, outlet, language)."
)


def _field_mapping(specs: list[str] | None) -> dict[str, str] | None:
    from archive.ingest.formats import parse_field_mapping

    try:
        return parse_field_mapping(specs or []) or None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--field") from exc


def _err(message: str) -> None:
    sys.stderr.write(message.rstrip() + "\n")


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    format: Annotated[ExtractFormat, typer.Option("--format", help="Output format.")] = (
        ExtractFormat.jsonl
    ),
    input_format: Annotated[
        InputFormat, typer.Option("--input-format", help=_INPUT_FORMAT_HELP)
    ] = InputFormat.auto,
    field: Annotated[list[str] | None, typer.Option("--field", help=_FIELD_HELP)] = None,
    glob: Annotated[str | None, typer.Option(help="Only files matching this pattern.")] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse files larger than this.")] = 5
    * 1024
    * 1024,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Worker processes (output order kept).")
    ] = 1,
    disable_rule: Annotated[
        list[str] | None,
        typer.Option(
            "--disable-rule",
            help="Switch off a named extraction rule (repeatable; `python -m "
            "archive.extract.rules` lists them): for measuring a rule, not for archives.",
        ),
    ] = None,
) -> None:
    """Parse and extract without a database; print one JSON object per document (see the README).

    A WARC, JSON list, JSON lines file or table gives one object per article record.
    """
    from archive.ingest.pipeline import IngestOptions, iter_units
    from archive.ingest.readers import iter_files

    settings = _extract_settings(disable_rule or [])
    fields = _field_mapping(field)
    options = IngestOptions(
        max_bytes=max_bytes, format=input_format.value, fields=fields, require_headline=False
    )
    failed = 0
    out = sys.stdout
    docs = []
    files = [str(p) for p in iter_files(paths, glob, fields)]
    units = ((u, options, settings) for u in iter_units(files, options))
    if jobs > 1:
        import multiprocessing

        pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_extract_worker_init)
        results: Any = pool.imap(extract_record, units, chunksize=8)
    else:
        pool = None
        results = map(extract_record, units)
    try:
        for line, error in results:
            if error is not None:
                _err(error)
                failed += 1
            elif format is ExtractFormat.jsonl:
                out.write(line + "\n")
            else:
                docs.append(json.loads(line))
    finally:
        if pool is not None:
            pool.terminate()
    if format is ExtractFormat.json:
        out.write(json.dumps(docs, ensure_ascii=False, indent=2) + "\n")
    if failed:
        raise typer.Exit(1)


def _extract_settings(disabled: list[str]) -> Any:
    """Extraction settings with the named rules off; an unknown name is a usage error."""
    from archive.extract.rules import all_rules
    from archive.extract.settings import ExtractSettings

    known = {r.name for r in all_rules()}
    unknown = [name for name in disabled if name not in known]
    if unknown:
        raise typer.BadParameter(
            f"no rule named {', '.join(map(repr, unknown))} "
            "(python -m archive.extract.rules lists them)",
            param_hint="--disable-rule",
        )
    return ExtractSettings(disabled=frozenset(disabled))


def _extract_worker_init() -> None:
    # the parent handles Ctrl-C; the gazetteer loads once per worker, not per file
    import signal

    from archive.extract.gazetteer import get_gazetteer

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    get_gazetteer()


# Keys a document from a page or a record carries beyond path, title and text (a plain text
# file's object keeps exactly the keys it always had).
_EXTRA_KEYS = ("url", "published", "author", "outlet", "language", "dateline", "agency", "crawled")


def extract_record(item: tuple[Any, Any, Any]) -> tuple[str, str | None]:
    """One document's JSON line, or an error message naming the file (or record) and why."""
    from archive.extract import extract_article
    from archive.ingest.pipeline import Failure, parse_unit

    unit, options, settings = item
    article = parse_unit(unit, options)
    if isinstance(article, Failure):
        return "", f"error: {article.path}: {article.reason}"
    try:
        extracted = extract_article(article.text, article.dateline_span, settings)
    except Exception as exc:  # one article's failure is named; the others go on
        return "", f"error: {article.path}: extraction failed: {type(exc).__name__}: {exc}"
    record: dict[str, Any] = {"path": article.path, "title": article.title, "text": article.text}
    if article.raw_hash is not None or getattr(unit, "kind", "file") != "file":
        for key in _EXTRA_KEYS:
            value = getattr(article, key)
            if value is not None:
                record[key] = value.isoformat() if hasattr(value, "isoformat") else value
    record.update(extracted.model_dump(mode="json"))
    return json.dumps(record, ensure_ascii=False), None


def _open(db: str | None) -> Any:
    """The archive a writing command (init, ingest, import-dataset) uses, made if missing."""
    from archive.core import Archive

    return Archive(db)


def _read_archive(db: str | None) -> Any:
    """The archive a reading command uses: it must exist (a typo in --db is an error)."""
    from archive.core import Archive

    return Archive(db, create=False)


def _progress_bar(console: Any, amount: Any) -> Any:
    """The bar long commands show on a terminal: what, how far (`amount`: a rich column),
    elapsed and remaining time; gone when done."""
    from rich.progress import BarColumn, Progress, TimeElapsedColumn, TimeRemainingColumn

    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        amount,
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


def _console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr)


@app.command()
def init(db: DbOption = None) -> None:
    """Create the archive (or upgrade it to the newest schema)."""
    from archive.db import current_revision

    with _open(db) as arc:
        rev = current_revision(arc.engine)
        _console().print(f"archive ready at {arc.stats().database} (schema revision {rev})")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders (recursive).")],
    db: DbOption = None,
    outlet: Annotated[
        str | None, typer.Option(help="Outlet for files whose metadata names none.")
    ] = None,
    metadata: Annotated[
        Path | None,
        typer.Option(help="CSV/TSV of per-file metadata with a filename column.", exists=True),
    ] = None,
    glob: Annotated[str | None, typer.Option(help="Only files matching this pattern.")] = None,
    max_bytes: Annotated[
        int, typer.Option(help="Refuse files larger than this many bytes.", min=1)
    ] = 5 * 1024 * 1024,
    jobs: Annotated[
        int | None, typer.Option(help="Worker processes (default: one per core).", min=1)
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Articles per transaction.", min=1)] = 500,
    input_format: Annotated[
        InputFormat, typer.Option("--format", "--input-format", help=_INPUT_FORMAT_HELP)
    ] = InputFormat.auto,
    field: Annotated[list[str] | None, typer.Option("--field", help=_FIELD_HELP)] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the run report as JSON.")
    ] = False,
) -> None:
    """Ingest articles into the archive: text files, web pages, WARC crawls, JSON, JSON lines
    and tables; prints a summary of the run."""
    from rich.markup import escape

    from archive.ingest.pipeline import default_jobs

    fields = _field_mapping(field)

    console = _console(stderr=True)

    def on_failure(f: Any) -> None:
        console.print(
            f"[red]failed[/red] {escape(f.path)}: {escape(f.reason)}",
            highlight=False,
            soft_wrap=True,
        )

    with _open(db) as arc:
        if console.is_terminal and not json_output:
            from rich.progress import DownloadColumn

            # by bytes read: a folder of files and a single multi-GB WARC alike
            with _progress_bar(console, DownloadColumn()) as progress:
                task = progress.add_task("ingesting", total=None)
                handled = [0]

                def on_progress(done: int, _files: int) -> None:
                    handled[0] = done

                def on_bytes(read: int, total: int) -> None:
                    progress.update(
                        task,
                        completed=read,
                        total=total,
                        description=f"ingesting: {handled[0]:,} documents",
                    )

                report = arc.ingest(
                    list(paths),
                    outlet=outlet,
                    metadata=metadata,
                    glob=glob,
                    max_bytes=max_bytes,
                    jobs=jobs or default_jobs(),
                    batch_size=batch_size,
                    format=input_format.value,
                    fields=fields,
                    on_progress=on_progress,
                    on_bytes=on_bytes,
                    on_failure=on_failure,
                )
        else:
            report = arc.ingest(
                list(paths),
                outlet=outlet,
                metadata=metadata,
                glob=glob,
                max_bytes=max_bytes,
                jobs=jobs or default_jobs(),
                batch_size=batch_size,
                format=input_format.value,
                fields=fields,
                on_failure=on_failure,
            )
    summary = {
        "run": report.run_id,
        "files": report.files,
        "seen": report.seen,
        "added": report.added,
        "duplicates": report.duplicates,
        "failed": report.failed,
        "seconds": round(report.seconds, 3),
        "articles_per_second": round(report.rate, 1),
        "interrupted": report.interrupted,
        "failures": [{"path": f.path, "reason": f.reason} for f in report.failures],
    }
    if json_output:
        sys.stdout.write(json.dumps(summary) + "\n")
    else:
        from rich.table import Table

        table = Table(title=f"ingest run {report.run_id}", title_justify="left")
        for col in ("seen", "added", "duplicates", "failed", "seconds", "articles/s"):
            table.add_column(col, justify="right")
        table.add_row(
            f"{report.seen:,}",
            f"{report.added:,}",
            f"{report.duplicates:,}",
            f"{report.failed:,}",
            f"{report.seconds:.2f}",
            f"{report.rate:,.1f}",
        )
        _console().print(table)
    if report.files == 0:
        _err(
            "nothing to ingest: no article files under "
            + ", ".join(str(p) for p in paths)
            + " (formats read: .txt, .html, .warc[.gz], .json, .jsonl, .csv/.tsv/.parquet)"
        )
    if report.interrupted:
        _err(
            f"interrupted: stopped after {report.seen:,} documents "
            f"({report.added:,} added, {report.duplicates:,} duplicates); run again to resume"
        )
        raise typer.Exit(130)
    if report.failed:
        raise typer.Exit(1)


@app.command()
def stats(
    db: DbOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """What the archive holds: counts of articles, sources, quotes, claims and places."""
    with _read_archive(db) as arc:
        st = arc.stats()
    if json_output:
        sys.stdout.write(st.model_dump_json() + "\n")
        return
    from rich.table import Table

    console = _console()
    table = Table(title=f"archive {st.database}", title_justify="left")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, value in st.model_dump().items():
        if isinstance(value, int):
            table.add_row(name, f"{value:,}")
    console.print(table)
    if st.first_published:
        console.print(f"published {st.first_published} to {st.last_published}")
    if st.top_outlets:
        outlets = Table(title="outlets", title_justify="left")
        outlets.add_column("outlet")
        outlets.add_column("articles", justify="right")
        for row in st.top_outlets:
            outlets.add_row(row.key, f"{row.count:,}")
        console.print(outlets)
    if st.extractor_versions:
        versions = Table(title="extractor versions", title_justify="left")
        versions.add_column("version")
        versions.add_column("articles", justify="right")
        for row in st.extractor_versions:
            current = " (current)" if row.key == st.extractor_version else ""
            versions.add_row(row.key + current, f"{row.count:,}")
        console.print(versions)


def _ids_option(value: str | None) -> list[int] | None:
    if value is None:
        return None
    try:
        return [int(x) for x in value.split(",") if x.strip()]
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a comma-separated list of article ids", param_hint="--ids"
        ) from None


@app.command()
def reextract(
    db: DbOption = None,
    all_articles: Annotated[
        bool,
        typer.Option("--all", help="Every selected article, whatever version extracted it."),
    ] = False,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet's articles.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only articles published on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only articles published on or before (YYYY-MM-DD).")
    ] = None,
    ids: Annotated[
        str | None, typer.Option(help="Only these article ids (comma-separated).")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option(help="Worker processes (default: one per core).", min=1)
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Articles per transaction.", min=1)] = 200,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the run summary as JSON.")
    ] = False,
) -> None:
    """Extract stored articles again with the current rules: by default those an older
    extractor version produced. Interrupted, it resumes where it stopped when run again."""
    from rich.markup import escape

    from archive.ingest.pipeline import default_jobs

    id_list = _ids_option(ids)
    console = _console(stderr=True)

    def on_failure(f: Any) -> None:
        console.print(
            f"[red]failed[/red] article {f.article_id}: {escape(f.reason)}",
            highlight=False,
            soft_wrap=True,
        )

    kwargs: dict[str, Any] = {
        "all": all_articles,
        "outlet": outlet,
        "since": since,
        "until": until,
        "ids": id_list,
        "jobs": jobs or default_jobs(),
        "batch_size": batch_size,
        "on_failure": on_failure,
    }
    with _read_archive(db) as arc:
        if console.is_terminal and not json_output:
            from rich.progress import MofNCompleteColumn

            with _progress_bar(console, MofNCompleteColumn()) as progress:
                task = progress.add_task("re-extracting", total=None)

                def on_progress(done: int, selected: int) -> None:
                    progress.update(task, completed=done, total=selected)

                report = arc.reextract(on_progress=on_progress, **kwargs)
        else:
            report = arc.reextract(**kwargs)
    summary = {
        "version": report.version,
        "selected": report.selected,
        "reextracted": report.done,
        "failed": report.failed,
        "sources_removed": report.sources_removed,
        "seconds": round(report.seconds, 3),
        "articles_per_second": round(report.rate, 1),
        "interrupted": report.interrupted,
        "failures": [{"article": f.article_id, "reason": f.reason} for f in report.failures],
    }
    if json_output:
        sys.stdout.write(json.dumps(summary) + "\n")
    else:
        from rich.table import Table

        table = Table(title=f"reextract to {report.version}", title_justify="left")
        for col in ("selected", "re-extracted", "failed", "sources removed", "seconds"):
            table.add_column(col, justify="right")
        table.add_column("articles/s", justify="right")
        table.add_row(
            f"{report.selected:,}",
            f"{report.done:,}",
            f"{report.failed:,}",
            f"{report.sources_removed:,}",
            f"{report.seconds:.2f}",
            f"{report.rate:,.1f}",
        )
        _console().print(table)
    if report.interrupted:
        _err(
            f"interrupted: stopped after {report.done:,} of {report.selected:,} articles; "
            "run again to resume"
        )
        raise typer.Exit(130)
    if report.failed:
        raise typer.Exit(1)


# --- query commands: options generated from the query models --------------------------------


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option("--format", help="table on a terminal, else jsonl unless given."),
]
AllOpt = Annotated[
    bool,
    typer.Option(
        "--all",
        help="Every match, page after page (streams JSONL/CSV/JSON in constant memory).",
    ),
]


def _cli_type(annotation: Any) -> Any:
    """The type Typer parses an option as: dates are read as text and checked by the model
    (so a bad date is the same message in every door)."""
    import datetime as dt
    import types
    import typing

    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1:
            return _cli_type(inner[0]) | None
    if annotation is dt.date:
        return str
    return annotation


def query_options(model: type[Any]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command one option per field of `model` (a query model from archive.query:
    filters and paging): name, type, default and help come from the field, so the CLI, HTTP
    and Python share one definition. The command receives the validated model as `query`;
    a malformed value is a usage error (exit 2) with the model's message."""
    import functools
    import inspect

    def decorate(fn: Callable[..., None]) -> Callable[..., None]:
        sig = inspect.signature(fn, eval_str=True)
        own = [p for p in sig.parameters.values() if p.name != "query"]
        options = []
        for name, field in model.model_fields.items():
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            decl = str(extra.get("cli") or "--" + name.replace("_", "-"))
            option = typer.Option(decl, help=field.description, show_default=False)
            options.append(
                inspect.Parameter(
                    name,
                    inspect.Parameter.KEYWORD_ONLY,
                    default=field.default,
                    annotation=Annotated[_cli_type(field.annotation), option],
                )
            )

        @functools.wraps(fn)
        def command(**kwargs: Any) -> None:
            from pydantic import ValidationError

            from archive.core import _problems

            given = {k: kwargs.pop(k) for k in model.model_fields}
            try:
                query = model.model_validate({k: v for k, v in given.items() if v is not None})
            except ValidationError as exc:
                raise QueryError(f"bad option: {_problems(exc)}") from exc
            fn(query, **kwargs)

        command.__signature__ = sig.replace(  # type: ignore[attr-defined]
            parameters=[*own, *options]
        )
        command.__annotations__ = {}
        return command

    return decorate


def _emit(
    fetch: Callable[[str | None], Any],
    query: Any,
    fmt: OutputFormat | None,
    columns: list[str],
    title: str,
    every: bool,
) -> None:
    """Print one page (and where the next starts), or with `every` all pages as they come.

    Tables for people, JSON for programs: the one place list output is decided. JSONL, CSV
    and JSON are written page by page, so `--all` over a million rows holds one page.
    """
    if fmt is None:
        fmt = OutputFormat.table if sys.stdout.isatty() else OutputFormat.jsonl
    page = fetch(query.cursor)
    table_rows: list[dict[str, Any]] = []
    writer: Any = None
    first = True
    out = sys.stdout
    if fmt is OutputFormat.json:
        out.write("[")
    while True:
        dicts = [r.model_dump(mode="json") for r in page.items]
        if fmt is OutputFormat.jsonl:
            out.writelines(json.dumps(d, ensure_ascii=False) + "\n" for d in dicts)
        elif fmt is OutputFormat.json:
            for d in dicts:
                out.write(("\n  " if first else ",\n  ") + json.dumps(d, ensure_ascii=False))
                first = False
        elif fmt is OutputFormat.csv:
            import csv

            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(dicts[0]) if dicts else columns)
                writer.writeheader()
            writer.writerows(
                {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in d.items()}
                for d in dicts
            )
        else:
            table_rows.extend(dicts)
        out.flush()
        if not every or page.next_cursor is None:
            break
        page = fetch(page.next_cursor)
    if fmt is OutputFormat.json:
        out.write("\n]\n" if not first else "]\n")
    if fmt is OutputFormat.table:
        _table(table_rows, columns, title)
    if page.next_cursor is not None and not every:
        _err(f"more results: --cursor {page.next_cursor} for the next page, --all for every one")


def _table(dicts: list[dict[str, Any]], columns: list[str], title: str) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{title} ({len(dicts)})", title_justify="left")
    for col in columns:
        table.add_column(col, overflow="fold")
    for d in dicts:
        # Text, not markup: "[attacks,]" in a quote is the article's, not a style tag.
        table.add_row(*(Text("" if d.get(c) is None else str(d.get(c))) for c in columns))
    _console().print(table)


def _size(query: Any, every: bool) -> int:
    # --all reads the largest pages the store serves; a given --limit stays the page size
    return MAX_PAGE if every and "limit" not in query.model_fields_set else int(query.limit)


@app.command()
@query_options(ArticleQuery)
def search(
    query: ArticleQuery, db: DbOption = None, format: FormatOpt = None, every: AllOpt = False
) -> None:
    """Articles matching the filters, newest first (or by relevance to --text)."""
    with _read_archive(db) as arc:
        _emit(
            lambda cursor: arc.search_page(
                limit=_size(query, every),
                after=None if cursor else query.after,
                cursor=cursor,
                order=query.order,
                **query.filter_args(),
            ),
            query,
            format,
            ["id", "published", "outlet", "title", "quotes", "claims", "places"],
            "articles",
            every,
        )


@app.command()
@query_options(ListQuery)
def quotes(
    query: ListQuery, db: DbOption = None, format: FormatOpt = None, every: AllOpt = False
) -> None:
    """Quotes and who said them; `--source` keeps that source's own quotes."""
    with _read_archive(db) as arc:
        _emit(
            lambda cursor: arc.quotes_page(
                limit=_size(query, every),
                after=None if cursor else query.after,
                cursor=cursor,
                **query.filter_args(),
            ),
            query,
            format,
            ["id", "article_id", "source", "text"],
            "quotes",
            every,
        )


@app.command()
@query_options(ClaimQuery)
def claims(
    query: ClaimQuery, db: DbOption = None, format: FormatOpt = None, every: AllOpt = False
) -> None:
    """Attributed claims: who claimed what, hedges, and the numbers claims carry."""
    with _read_archive(db) as arc:
        _emit(
            lambda cursor: arc.claims_page(
                limit=_size(query, every),
                after=None if cursor else query.after,
                cursor=cursor,
                min_value=query.min_value,
                max_value=query.max_value,
                unit=query.unit,
                **query.filter_args(),
            ),
            query,
            format,
            ["id", "article_id", "kind", "source", "cue", "content"],
            "claims",
            every,
        )


@app.command()
@query_options(ListQuery)
def sources(
    query: ListQuery, db: DbOption = None, format: FormatOpt = None, every: AllOpt = False
) -> None:
    """Sources in matching articles, most quoted first."""
    with _read_archive(db) as arc:
        _emit(
            lambda cursor: arc.sources_page(
                limit=_size(query, every), cursor=cursor, after=query.after, **query.filter_args()
            ),
            query,
            format,
            ["id", "name", "kind", "articles", "quotes"],
            "sources",
            every,
        )


@app.command()
@query_options(ListQuery)
def places(
    query: ListQuery, db: DbOption = None, format: FormatOpt = None, every: AllOpt = False
) -> None:
    """Places mentioned in matching articles, with article counts."""
    with _read_archive(db) as arc:
        _emit(
            lambda cursor: arc.places_page(
                limit=_size(query, every), cursor=cursor, after=query.after, **query.filter_args()
            ),
            query,
            format,
            ["id", "name", "country_code", "geonameid", "articles", "mentions"],
            "places",
            every,
        )


@app.command()
@query_options(ListQuery)
def top(
    query: ListQuery,
    by: Annotated[AggregateBy, typer.Argument(help="source, place, outlet, day or month.")],
    db: DbOption = None,
    format: FormatOpt = None,
    every: AllOpt = False,
) -> None:
    """Top sources / places / outlets for a filter, or articles per day / month."""
    with _read_archive(db) as arc:
        _emit(
            lambda cursor: arc.top_page(
                by,
                limit=_size(query, every),
                cursor=cursor,
                after=query.after,
                **query.filter_args(),
            ),
            query,
            format,
            ["key", "count"],
            f"articles by {by}",
            every,
        )


@app.command()
def show(
    article_id: Annotated[int, typer.Argument(help="Article id (from search).")],
    db: DbOption = None,
    format: FormatOpt = None,
) -> None:
    """One article with its quotes, claims, sources and places marked in the text."""
    with _read_archive(db) as arc:
        detail = arc.article(article_id)
    if format in (OutputFormat.json, OutputFormat.jsonl) or (
        format is None and not sys.stdout.isatty()
    ):
        sys.stdout.write(detail.model_dump_json() + "\n")
        return
    from rich.text import Text

    console = _console()
    styles = {"quote": "bold green", "claim": "italic", "source": "bold cyan", "place": "magenta"}
    body = Text(detail.text)
    for span in detail.spans:
        body.stylize(styles[span.kind], span.start, span.end)
    console.print(f"[bold]#{detail.id}[/bold] {detail.outlet or ''} {detail.published or ''}")
    console.print(body)
    console.print(
        "[bold green]quotes[/] [italic]claims[/] [bold cyan]sources[/] [magenta]places[/]"
    )
    if detail.quotes:
        quotes = [q.model_dump(mode="json") for q in detail.quotes]
        _table(quotes, ["id", "source", "cue", "text"], "quotes")
    if detail.sources:
        from rich.table import Table

        table = Table(title="sources", title_justify="left")
        for col in ("id", "name", "kind", "roles"):
            table.add_column(col)
        for src in detail.sources:
            table.add_row(
                str(src["id"]), Text(src["name"]), src["kind"], Text("; ".join(src["roles"]))
            )
        console.print(table)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.", min=1, max=65535)] = 8000,
    show_paths: Annotated[
        bool,
        typer.Option("--show-paths", help="Include source_path (local file paths) in answers."),
    ] = False,
) -> None:
    """Serve the read-only HTTP JSON API (OpenAPI at /docs and /openapi.json)."""
    import uvicorn

    from archive.api import create_app

    uvicorn.run(create_app(db, show_paths=show_paths), host=host, port=port, log_level="info")


class ExportFormatOpt(StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


def _row_progress(console: Any) -> Any:
    from rich.progress import Progress, SpinnerColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(),
        "[progress.description]{task.description}",
        "{task.completed:,} rows",
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


@app.command("export")
@query_options(Filters)
def export_cmd(
    query: Filters,
    out_dir: Annotated[Path, typer.Argument(help="Folder to write (created if missing).")],
    db: DbOption = None,
    format: Annotated[
        ExportFormatOpt, typer.Option("--format", help="parquet, csv or jsonl.")
    ] = ExportFormatOpt.parquet,
    tables: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated: articles,sources,source_mentions,quotes,claims,quantities,"
            "places,place_mentions (or mentions for both mention tables). Default all."
        ),
    ] = None,
) -> None:
    """Export a dataset: one file per table plus datapackage.json (Frictionless).

    Quote and claim rows keep only what the filter's source said; other rows belong to the
    articles that quote or cite it.
    """
    console = _console(stderr=True)
    with _read_archive(db) as arc, _row_progress(console) as progress:
        tasks: dict[str, Any] = {}

        def on_rows(table: str, n: int) -> None:
            if table not in tasks:
                tasks[table] = progress.add_task(table, total=None)
            progress.advance(tasks[table], n)

        report = arc.export(
            out_dir,
            format.value,
            tables=tables.split(",") if tables else None,
            on_rows=on_rows,
            **query.filter_args(),
        )
    from rich.table import Table

    table = Table(title=f"exported to {out_dir}", title_justify="left")
    table.add_column("file")
    table.add_column("rows", justify="right")
    for path in report.files:
        table.add_row(path.name, f"{report.rows[path.stem]:,}")
    table.add_row("datapackage.json", "")
    _console(stderr=not sys.stdout.isatty()).print(table)


@app.command("import-dataset")
def import_dataset_cmd(
    src_dir: Annotated[Path, typer.Argument(help="A folder written by `archive export`.")],
    db: DbOption = None,
) -> None:
    """Rebuild an archive from an exported dataset (parquet, jsonl or csv), ids kept."""
    console = _console(stderr=True)
    with _open(db) as arc, _row_progress(console) as progress:
        tasks: dict[str, Any] = {}

        def on_rows(table: str, n: int) -> None:
            if table not in tasks:
                tasks[table] = progress.add_task(table, total=None)
            progress.advance(tasks[table], n)

        counts = arc.import_dataset(src_dir, on_rows=on_rows)
    sys.stdout.write(json.dumps(counts) + "\n")


@app.callback()
def _root() -> None:
    """A news-article archive: ingest, extract, query and export sources, quotes, claims, places."""


def main() -> None:
    """Entry point of the console script (errors are mapped inside each command)."""
    try:
        app()
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
