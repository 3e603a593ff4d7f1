"""Replica variant for issue 11 item 3: a WordPress + tagDiv site whose contractor added
two widgets *inside* the article text container, which the ``wordpress`` family's
selectors and drop rules do not know (written before the profile rule that removes them).

- After the first paragraph, a box "Có thể bạn muốn đọc" (``div.tg-goi-y``) linking three
  other articles of the site: its links differ from page to page.
- At the end of the text, after the byline, a feedback note (``div.tg-loi-moi``), the same
  sentence on every page.

Everything else is the ``wordpress`` replica's page, so the content file's gold holds: the
widgets are chrome, not article text. Not served by the replica registry; tests render it
in-process (``tests/profile/test_family_chrome.py``).
"""

from __future__ import annotations

from dataclasses import replace

from replica.families import wordpress
from replica.families._common import esc
from replica.model import ReplicaArticle, ReplicaSite
from replica.server import Page

BODY_OPEN = '<div class="td-post-content tagdiv-type">'
SUGGEST_HEAD = "Có thể bạn muốn đọc"
FEEDBACK = (
    "Trang thông tin luôn chào đón ý kiến đóng góp của bạn đọc để nội dung ngày càng "
    "phong phú, thiết thực hơn."
)


def article_path(content: ReplicaSite, article: ReplicaArticle) -> str:
    return wordpress.article_path(content, article)


def _close_of(html: str, start: int) -> int:
    """Index of the ``</div>`` that closes the ``<div`` opened at ``start``."""
    depth, i = 0, start
    while True:
        nxt_open, nxt_close = html.find("<div", i + 1), html.find("</div>", i + 1)
        if nxt_open != -1 and nxt_open < nxt_close:
            depth, i = depth + 1, nxt_open
        elif depth:
            depth, i = depth - 1, nxt_close
        else:
            return nxt_close


def with_widgets(html: str, others: list[tuple[str, str]]) -> str:
    """The article page with the two widgets put inside its text container."""
    start = html.index(BODY_OPEN)
    end = _close_of(html, start)
    links = "".join(f'<li><a href="{esc(u)}">{esc(t)}</a></li>' for u, t in others)
    suggest = (
        f'<div class="tg-goi-y"><p class="tg-goi-y-tieu-de"><strong>{SUGGEST_HEAD}</strong>'
        f"</p><ul>{links}</ul></div>\n"
    )
    feedback = f'<div class="tg-loi-moi"><p><em>{esc(FEEDBACK)}</em></p></div>\n'
    first_p = html.index("</p>", start) + len("</p>\n")
    return html[:first_p] + suggest + html[first_p:end] + feedback + html[end:]


def render_site(content: ReplicaSite, base_url: str) -> dict[str, Page]:
    """The ``wordpress`` replica's pages, article pages with the widgets added."""
    pages = wordpress.render_site(content, base_url)
    base = base_url.rstrip("/")
    articles = content.articles
    for i, a in enumerate(articles):
        path = article_path(content, a)
        others = [articles[(i + k) % len(articles)] for k in (1, 2, 3)]
        links = [(base + article_path(content, o), o.title) for o in others]
        page = pages[path]
        html = with_widgets(page.body.decode("utf-8"), links)
        pages[path] = replace(page, body=html.encode("utf-8"))
    return pages
