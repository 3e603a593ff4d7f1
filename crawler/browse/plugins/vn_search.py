"""Datasette plugin: our word folding, query syntax and article rendering in SQLite.

Registered on every connection Datasette opens:

* ``vn_fold(text)``: "Đại hội" → "dai hoi", for your own SQL.
* ``vn_match(query)``: the ``tuyengiao search`` syntax → an FTS5 MATCH expression on
  ``articles_fts`` (``"Đại hội" NOT thi`` → ``{title lead body} : (("dai hoi" NOT "thi"))``).
* ``escape_fts(query)``: replaced by ``vn_match``, so the search box of a table view
  folds and parses like the command line (Datasette's own version neither folds đ
  nor knows OR/NOT). ``trylast`` makes ours win over Datasette's built-in.
* ``vn_match_exact(query)``: the same on ``articles_fts_exact``, where diacritics
  and tones count ("hồi" is not "hội"); the ``search_exact`` canned query uses it.
* ``vn_snippet(body, query)``: the snippet with «marked» words.

Titles link to the article page; the article page shows paragraphs (templates/row.html).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from datasette import hookimpl
from markupsafe import Markup, escape

from crawler.query.snippet import make_snippet
from crawler.query.syntax import parse, positive_terms, to_fts5
from crawler.text.normalize import fold

NOTHING = 'meta : "none"'  # a valid expression no document matches (meta words are y/m/d/s…)
# Datasette's time limit (sql_time_limit_ms) is checked by SQLite between VM steps, never
# inside a Python function: each call must stay short. The index holds only the first
# ~16,000 words (~100 kB) of a body, so a snippet is sought in its first 200,000 characters.
SNIPPET_SOURCE_CHARS = 200_000


def vn_match(query: str | None) -> str:
    if not query or not query.strip():
        return NOTHING
    return to_fts5(parse(query))


def vn_match_exact(query: str | None) -> str:
    if not query or not query.strip():
        return NOTHING
    return to_fts5(parse(query, exact=True))


def vn_snippet(body: str | None, query: str | None) -> str:
    if not body or not query or not query.strip():
        return ""
    try:
        terms = positive_terms(parse(query))
    except ValueError:
        return ""
    return make_snippet([body[:SNIPPET_SOURCE_CHARS]], terms)


@hookimpl(trylast=True)
def prepare_connection(conn: Any) -> None:
    conn.create_function("vn_fold", 1, lambda s: fold(s) if s else s, deterministic=True)
    conn.create_function("vn_match", 1, vn_match, deterministic=True)
    conn.create_function("vn_match_exact", 1, vn_match_exact, deterministic=True)
    conn.create_function("escape_fts", 1, vn_match, deterministic=True)
    conn.create_function("vn_snippet", 2, vn_snippet, deterministic=True)


def _paragraphs(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split("\n") if p.strip()]


def _local(value: str | None) -> str:
    """A stored UTC time ("2024-01-04 20:00:00.000000") as Vietnam time."""
    if not value:
        return ""
    try:
        when = datetime.fromisoformat(str(value)) + timedelta(hours=7)
    except ValueError:
        return str(value)
    return when.strftime("%Y-%m-%d %H:%M")


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    env.filters["vn_paragraphs"] = _paragraphs
    env.filters["vn_local"] = _local


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Any:
    """A title in the browse view or the search query links to the article page."""
    if column != "title" or table not in ("articles_browse", None):
        return None
    try:
        article_id = row["id"]
    except (KeyError, IndexError):
        return None
    href = datasette.urls.table(database, "articles") + f"/{int(article_id)}"
    return Markup(f'<a class="vn-title" href="{escape(href)}">{escape(value or "(no title)")}</a>')
