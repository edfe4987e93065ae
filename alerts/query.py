"""Keyword queries: ``"joint statement" AND (summit OR "foreign ministers") NOT esports``.

Grammar (case-insensitive operators; juxtaposition means AND)::

    query  := or
    or     := and ("OR" and)*
    and    := unary (("AND")? unary)*
    unary  := "NOT" unary | "-" unary | atom
    atom   := WORD | "PHRASE" | "(" query ")"

A word or phrase matches whole words, ignoring case and diacritics.  Parsing is pure and
raises :class:`~alerts.errors.QueryError` naming the position.  Nesting (parentheses and
``NOT``/``-``) is bounded by :data:`MAX_DEPTH`, so a hostile query is refused with that limit
in the message instead of exhausting the stack.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from alerts.errors import QueryError

MAX_DEPTH = 32
"""Deepest nesting of parentheses and NOTs a query may have."""

_TOKEN = re.compile(r'\s*(?:(?P<phrase>"[^"]*")|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"]+))')


@dataclass(frozen=True)
class Term:
    text: str

    def matches(self, folded: str) -> bool:
        return re.search(rf"(?<!\w){re.escape(self.text)}(?!\w)", folded) is not None


@dataclass(frozen=True)
class Not:
    inner: Node

    def matches(self, folded: str) -> bool:
        return not self.inner.matches(folded)


@dataclass(frozen=True)
class All:
    parts: tuple[Node, ...]

    def matches(self, folded: str) -> bool:
        return all(p.matches(folded) for p in self.parts)


@dataclass(frozen=True)
class Any_:
    parts: tuple[Node, ...]

    def matches(self, folded: str) -> bool:
        return any(p.matches(folded) for p in self.parts)


Node = Term | Not | All | Any_


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form (đ/Đ folded to d as well)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _tokens(query: str) -> list[tuple[int, str, str]]:
    tokens, position = [], 0
    while position < len(query):
        match = _TOKEN.match(query, position)
        if match is None or match.end() == position:
            if query[position:].strip():
                raise QueryError(f"query: unexpected text at position {position}: {query!r}")
            break
        kind = match.lastgroup or "word"
        tokens.append((match.start(kind), kind, match.group(kind)))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokens(query)
        self.index = 0
        self.depth = 0

    def enter(self, position: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(
                f"query: nested more than {MAX_DEPTH} deep (parentheses and NOT) "
                f"at position {position}"
            )

    def peek(self) -> tuple[int, str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> tuple[int, str, str]:
        token = self.peek()
        if token is None:
            raise QueryError(f"query: unexpected end at position {len(self.query)}: {self.query!r}")
        self.index += 1
        return token

    def is_op(self, name: str) -> bool:
        token = self.peek()
        return token is not None and token[1] == "word" and token[2].upper() == name

    def parse_or(self) -> Node:
        parts = [self.parse_and()]
        while self.is_op("OR"):
            self.take()
            parts.append(self.parse_and())
        return parts[0] if len(parts) == 1 else Any_(tuple(parts))

    def parse_and(self) -> Node:
        parts = [self.parse_unary()]
        while (token := self.peek()) is not None and token[1] != "close" and not self.is_op("OR"):
            if self.is_op("AND"):
                self.take()
            parts.append(self.parse_unary())
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def parse_unary(self) -> Node:
        if self.is_op("NOT"):
            self.enter(self.take()[0])
            inner = self.parse_unary()
            self.depth -= 1
            return Not(inner)
        token = self.peek()
        if (
            token is not None
            and token[1] == "word"
            and token[2].startswith("-")
            and token[2] != "-"
        ):
            self.take()
            return Not(Term(fold(token[2][1:])))
        return self.parse_atom()

    def parse_atom(self) -> Node:
        position, kind, text = self.take()
        if kind == "open":
            self.enter(position)
            inner = self.parse_or()
            if self.take()[1] != "close":
                raise QueryError(f"query: ')' expected at position {position}: {self.query!r}")
            self.depth -= 1
            return inner
        if kind == "close" or (kind == "word" and text.upper() in ("AND", "OR")):
            raise QueryError(
                f"query: a word or phrase expected at position {position}: {self.query!r}"
            )
        value = text[1:-1] if kind == "phrase" else text
        if not value.strip():
            raise QueryError(f"query: empty phrase at position {position}: {self.query!r}")
        return Term(fold(" ".join(value.split())))


def parse_query(query: str) -> Node:
    parser = _Parser(query)
    if not parser.tokens:
        raise QueryError("query: empty; expected words, phrases, AND, OR, NOT")
    node = parser.parse_or()
    if parser.peek() is not None:
        position = parser.peek()[0]  # type: ignore[index]
        raise QueryError(f"query: unexpected ')' at position {position}: {query!r}")
    return node


def query_matches(query: str, text: str) -> bool:
    return parse_query(query).matches(fold(text))
