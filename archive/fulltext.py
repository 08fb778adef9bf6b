"""Full-text query language: one syntax, rendered for SQLite FTS5 and PostgreSQL tsquery.

Users write words, "quoted phrases", AND / OR / NOT, parentheses and prefix* terms. The
expression is parsed here into a small tree and rendered as a *string bound as a parameter*
(never spliced into SQL), so a malformed query becomes a QueryError with a message instead of
a database syntax error, and both databases read it the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.errors import QueryError

MAX_QUERY_CHARS = 1000
_TOKEN = re.compile(r'\s*(?:(?P<phrase>"[^"]*"?)|(?P<op>\(|\))|(?P<word>[^\s()"]+))')
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]  # one word, or a phrase
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Not:
    node: Node


@dataclass(frozen=True, slots=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    nodes: tuple[Node, ...]


Node = Term | Not | And | Or


def parse(query: str) -> Node:
    """Parse a user's full-text query; raises QueryError saying what is wrong."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"full-text query too long ({len(query)} > {MAX_QUERY_CHARS} characters)")
    tokens: list[tuple[str, str]] = []
    pos = 0
    query = query.strip()
    while pos < len(query):
        m = _TOKEN.match(query, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        if m.group("phrase") is not None:
            raw = m.group("phrase")
            if len(raw) < 2 or not raw.endswith('"'):
                raise QueryError(f"unclosed quotation mark in full-text query {query!r}")
            tokens.append(("phrase", raw[1:-1]))
        elif m.group("op"):
            tokens.append((m.group("op"), m.group("op")))
        else:
            word = m.group("word")
            if word in ("AND", "OR", "NOT"):
                tokens.append((word, word))
            else:
                tokens.append(("word", word))
    if not tokens:
        raise QueryError("empty full-text query")
    parser = _Parser(tokens, query)
    node = parser.parse_or()
    if parser.i != len(tokens):
        raise QueryError(f"unexpected {tokens[parser.i][1]!r} in full-text query {query!r}")
    _check_positive(node, query)
    return node


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], query: str) -> None:
        self.tokens = tokens
        self.i = 0
        self.query = query

    def _peek(self) -> str | None:
        return self.tokens[self.i][0] if self.i < len(self.tokens) else None

    def parse_or(self) -> Node:
        nodes = [self.parse_and()]
        while self._peek() == "OR":
            self.i += 1
            nodes.append(self.parse_and())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def parse_and(self) -> Node:
        nodes = [self.parse_not()]
        while self._peek() not in (None, "OR", ")"):
            if self._peek() == "AND":
                self.i += 1
            nodes.append(self.parse_not())
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def parse_not(self) -> Node:
        if self._peek() == "NOT":
            self.i += 1
            return Not(self.parse_atom())
        return self.parse_atom()

    def parse_atom(self) -> Node:
        kind = self._peek()
        if kind is None:
            raise QueryError(f"full-text query {self.query!r} ends where a term was expected")
        value = self.tokens[self.i][1]
        self.i += 1
        if kind == "(":
            node = self.parse_or()
            if self._peek() != ")":
                raise QueryError(f"unbalanced parenthesis in full-text query {self.query!r}")
            self.i += 1
            return node
        if kind in ("phrase", "word"):
            prefix = kind == "word" and value.endswith("*")
            words = tuple(w.lower() for w in _WORDS.findall(value))
            if not words:
                raise QueryError(f"{value!r} holds no searchable word")
            return Term(words, prefix=prefix)
        raise QueryError(f"unexpected {value!r} in full-text query {self.query!r}")


def _check_positive(node: Node, query: str) -> None:
    """FTS5 (and common sense) need something to find before something to exclude."""
    if isinstance(node, Not):
        raise QueryError(f"full-text query {query!r} only excludes; add a word to find")
    if isinstance(node, Or):
        for n in node.nodes:
            _check_positive(n, query)
    if isinstance(node, And):
        if all(isinstance(n, Not) for n in node.nodes):
            raise QueryError(f"full-text query {query!r} only excludes; add a word to find")
        for n in node.nodes:
            if not isinstance(n, Not):
                _check_positive(n, query)


def to_fts5(node: Node) -> str:
    """Render for SQLite FTS5 MATCH (every term quoted, so no FTS5 keyword leaks through)."""
    if isinstance(node, Term):
        s = '"' + " ".join(node.words) + '"'
        return s + "*" if node.prefix else s
    if isinstance(node, Or):
        return "(" + " OR ".join(to_fts5(n) for n in node.nodes) + ")"
    if isinstance(node, And):
        pos = [to_fts5(n) for n in node.nodes if not isinstance(n, Not)]
        neg = [to_fts5(n.node) for n in node.nodes if isinstance(n, Not)]
        s = "(" + " AND ".join(pos) + ")"
        for n in neg:
            s = f"({s} NOT {n})"
        return s
    raise QueryError("full-text query only excludes; add a word to find")


def to_tsquery(node: Node) -> str:
    """Render for PostgreSQL `to_tsquery('english', :q)`; phrases become `<->` chains."""
    if isinstance(node, Term):
        parts = [f"'{w}'" for w in node.words]
        if node.prefix:
            parts[-1] += ":*"
        return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"
    if isinstance(node, Not):
        return "!" + to_tsquery(node.node)
    if isinstance(node, Or):
        return "(" + " | ".join(to_tsquery(n) for n in node.nodes) + ")"
    return "(" + " & ".join(to_tsquery(n) for n in node.nodes) + ")"
