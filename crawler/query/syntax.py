"""The researchers' query language, parsed once and written out for each backend.

    đại hội                 both words, anywhere (AND is implied)
    "đại hội"               the phrase: the words next to each other, in order
    "đại hội" OR "hội nghị" either
    "đại hội" NOT "thể thao" the first without the second
    (Tỉnh ủy OR "Ban Thường vụ") AND "chuyển đổi số"
    chuyển*  "chuyển đổi"*  a word (or the last word of a phrase) as a prefix

Operators are the upper-case words AND, OR, NOT (NOT binds tightest, then AND, then
OR, as in SQLite FTS5). Words are folded exactly like the index (``tokens``), so
"ĐẠI HỘI", "đại hội" and "dai hoi" are one query, and "Tỉnh uỷ" finds "Tỉnh ủy".
A word that folds to several words ("COVID-19", "12-NQ/TW") is a phrase.

The parse tree is written out as an FTS5 MATCH string and as a PostgreSQL tsquery
with the same structure, so both backends are asked the same question.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from crawler.query import QueryError
from crawler.store.fts import MAX_WORD_BYTES
from crawler.store.tokens import exact_tokens, tokens

# The searchable fields (FTS5 columns / tsquery weights); author and meta only filter.
FTS_FIELDS = "{title lead body}"
PG_WEIGHTS = "ABD"
OPERATORS = ("AND", "OR", "NOT")
MAX_TERMS = 200  # words and phrases in one query
MAX_DEPTH = 32  # levels of the parse tree: parentheses, chained NOTs


@dataclass(frozen=True)
class Term:
    """One word or a phrase; ``prefix`` marks the last word as a prefix."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    keep: Node
    drop: Node


Node = Term | And | Or | Not

_LEX = re.compile(r'\s+|(?P<paren>[()])|(?P<quote>"[^"]*"?)(?P<qstar>\*?)|(?P<word>[^\s()"]+)')


def _lex(query: str, exact: bool = False) -> Iterator[str | Term]:
    """Operators and parentheses as strings, words and phrases as ``Term``.

    ``exact``: words as written (``exact_tokens``) for the exact index.
    """
    cut = exact_tokens if exact else tokens
    for m in _LEX.finditer(query):
        if m.group("paren"):
            yield m.group("paren")
        elif m.group("quote") is not None:
            raw = m.group("quote")
            if len(raw) < 2 or not raw.endswith('"'):
                raise QueryError(f'unclosed quote in {query!r}: add the closing "')
            words = tuple(cut(raw[1:-1]))
            if not words:
                raise QueryError(f"empty phrase {raw} in {query!r}")
            yield Term(words, prefix=bool(m.group("qstar")))
        elif m.group("word"):
            raw = m.group("word")
            if raw in OPERATORS:
                yield raw
                continue
            prefix = raw.endswith("*")
            body = raw.rstrip("*")
            if "*" in body or (prefix and not tokens(body)):
                raise QueryError(f"'*' must follow a word, as in chuyển*, not {raw!r}")
            words = tuple(cut(body))
            if words:  # punctuation alone ("–", "…") is not a word
                yield Term(words, prefix=prefix)


class _Parser:
    def __init__(self, query: str, exact: bool = False) -> None:
        self.query = query
        self.items = list(_lex(query, exact))
        _check_size(query, self.items)
        self.i = 0

    def peek(self) -> str | Term | None:
        return self.items[self.i] if self.i < len(self.items) else None

    def take(self) -> str | Term | None:
        item = self.peek()
        self.i += 1
        return item

    def fail_operator(self, op: str) -> QueryError:
        if op == "NOT":
            return QueryError(
                f"NOT needs a search term on each side in {self.query!r}, "
                'as in "đại hội" NOT "thể thao"'
            )
        return QueryError(f"{op} needs a search term on each side in {self.query!r}")

    def parse(self) -> Node:
        if not self.items:
            raise QueryError("nothing to search for: give at least one word")
        node = self.or_expr()
        item = self.peek()
        if item == ")":
            raise QueryError(f"unexpected ')' in {self.query!r}")
        if item is not None:  # pragma: no cover - or_expr consumes everything else
            raise QueryError(f"cannot read {self.query!r}")
        return node

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.and_expr("OR"))
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self, after: str | None = None) -> Node:
        parts = [self.not_expr(after)]
        while True:
            item = self.peek()
            if item == "AND":
                self.take()
                parts.append(self.not_expr("AND"))
            elif isinstance(item, Term) or item == "(":
                parts.append(self.not_expr())
            else:
                break
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def not_expr(self, after: str | None = None) -> Node:
        node = self.primary(after)
        while self.peek() == "NOT":
            self.take()
            node = Not(node, self.primary("NOT"))
        return node

    def primary(self, after: str | None = None) -> Node:
        item = self.take()
        if isinstance(item, Term):
            return item
        if item == "(":
            if self.peek() is None:
                raise QueryError(f"unclosed parenthesis in {self.query!r}: add a ')'")
            if self.peek() == ")":
                raise QueryError(f"empty parentheses in {self.query!r}")
            node = self.or_expr()
            if self.take() != ")":
                raise QueryError(f"unclosed parenthesis in {self.query!r}: add a ')'")
            return node
        if item in OPERATORS:
            raise self.fail_operator(str(item))
        if after is not None:
            raise self.fail_operator(after)
        if item == ")":
            raise QueryError(f"unexpected ')' in {self.query!r}")
        raise QueryError(f"nothing to search for in {self.query!r}")


def _depth(node: Node) -> int:
    """How deep the tree goes (without recursion: the tree may be the thing too deep)."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        item, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(item, And | Or):
            stack.extend((p, level + 1) for p in item.parts)
        elif isinstance(item, Not):
            stack += [(item.keep, level + 1), (item.drop, level + 1)]
    return deepest


def _check_size(query: str, items: list[str | Term]) -> None:
    """Refuse, before parsing, what no backend answers: too many terms, too deep a nesting."""
    terms = sum(1 for i in items if isinstance(i, Term))
    if terms > MAX_TERMS:
        raise QueryError(f"too many search terms ({terms}); at most {MAX_TERMS} in one query")
    level = deepest = 0
    for item in items:
        level += 1 if item == "(" else -1 if item == ")" else 0
        deepest = max(deepest, level)
    if deepest > MAX_DEPTH:
        raise QueryError(f"parentheses nested {deepest} deep; at most {MAX_DEPTH}")


def parse(query: str, exact: bool = False) -> Node:
    """The parse tree of a query; ``QueryError`` with a readable reason if malformed.

    ``exact``: the words as written, for the exact index (``--exact``).
    Size limits (``MAX_TERMS`` terms, ``MAX_DEPTH`` levels of nesting, parentheses or
    chained NOTs) keep every query within what SQLite FTS5's parser stack and Python's
    recursion can take: a query over them is a usage error, not a store error.
    """
    node = _Parser(query, exact).parse()
    if _depth(node) > MAX_DEPTH:
        raise QueryError(
            f"query nested too deep (chained NOTs or parentheses); at most {MAX_DEPTH} levels"
        )
    for term in positive_terms(node) + negative_terms(node):
        for word in term.words:
            if len(word.encode("utf-8")) > MAX_WORD_BYTES:
                raise QueryError(f"a word of {len(word)} characters cannot be searched")
    return node


def positive_terms(node: Node) -> list[Term]:
    """The terms an article must (or may) contain: the ones snippets mark."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return positive_terms(node.keep)
    return [t for part in node.parts for t in positive_terms(part)]


def negative_terms(node: Node) -> list[Term]:
    if isinstance(node, Term):
        return []
    if isinstance(node, Not):
        return negative_terms(node.keep) + positive_terms(node.drop) + negative_terms(node.drop)
    return [t for part in node.parts for t in negative_terms(part)]


# ----------------------------------------------------------------------------------------
# Writing out
# ----------------------------------------------------------------------------------------
def _fts(node: Node) -> str:
    if isinstance(node, Term):
        return '"' + " ".join(node.words) + '"' + (" *" if node.prefix else "")
    if isinstance(node, Not):
        return f"({_fts(node.keep)} NOT {_fts(node.drop)})"
    op = " AND " if isinstance(node, And) else " OR "
    return "(" + op.join(_fts(p) for p in node.parts) + ")"


def to_fts5(node: Node) -> str:
    """FTS5 MATCH over the searchable columns: ``{title lead body} : ("dai hoi")``."""
    return f"{FTS_FIELDS} : ({_fts(node)})"


def _lexeme(word: str, weights: str, prefix: bool = False) -> str:
    return f"'{word}':{'*' if prefix else ''}{weights}"


def _ts(node: Node, weights: str) -> str:
    if isinstance(node, Term):
        last = len(node.words) - 1
        parts = [_lexeme(w, weights, node.prefix and i == last) for i, w in enumerate(node.words)]
        return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"
    if isinstance(node, Not):
        return f"({_ts(node.keep, weights)} & !{_ts(node.drop, weights)})"
    op = " & " if isinstance(node, And) else " | "
    return "(" + op.join(_ts(p, weights) for p in node.parts) + ")"


def to_tsquery(node: Node) -> str:
    """A tsquery literal over weights A, B, D: ``('dai':ABD <-> 'hoi':ABD)``."""
    return _ts(node, PG_WEIGHTS)


def words_tsquery(node: Node) -> str:
    """Every word of the query OR-ed, without weights: the postings a GIN scan reads.

    ``"đại hội" NOT "thể thao"`` → ``'dai' | 'hoi' | 'the' | 'thao'``.
    """
    terms = positive_terms(node) + negative_terms(node)
    words = {
        f"'{w}'" + (":*" if t.prefix and i == len(t.words) - 1 else "")
        for t in terms
        for i, w in enumerate(t.words)
    }
    return " | ".join(sorted(words))


def author_term(author: str) -> Term:
    """The author filter as a phrase: "Nguyễn Văn A" → nguyen van a (matches "NGUYỄN VĂN A")."""
    words = tuple(tokens(author))
    if not words:
        raise QueryError(f"author {author!r} has no letters to match")
    return Term(words)


def author_fts5(term: Term) -> str:
    return f"author : ({_fts(term)})"


def author_tsquery(term: Term) -> str:
    return _ts(term, "C")
