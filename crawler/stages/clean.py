"""Stage 2, clean: ``Extracted`` → ``Article`` text fields (Vietnamese chrome, byline, captions).

``clean_extracted`` is the pure function; the rules themselves live in
``crawler/text/clean.py`` so they serve the plain-text path too.
"""

from __future__ import annotations

from crawler.items import Article, Extracted
from crawler.text.clean import clean_blocks
from crawler.text.normalize import fold, normalize_text

_LOGIN_TITLES = {"dang nhap", "login", "log in", "sign in", "dang nhap he thong"}


def login_wall(title: str | None, body: str) -> bool:
    """A sign-in page served where an article was expected (a session expired, a members-only
    section): "Đăng nhập … Tên đăng nhập … Mật khẩu", a few words, no article."""
    if title and fold(title).strip(" :") in _LOGIN_TITLES:
        return True
    if len(body.split()) >= 80:
        return False
    folded = fold(body)
    return ("mat khau" in folded or "password" in folded) and (
        "dang nhap" in folded or "login" in folded or "sign in" in folded
    )


def clean_extracted(extracted: Extracted, site: str) -> Article:
    """The clean article text of one extracted page (no dates yet)."""
    title = normalize_text(extracted.title) if extracted.title else None
    cleaned = clean_blocks(
        extracted.blocks,
        title=title,
        lead=extracted.lead,
        byline_hint=extracted.author,
        views_text=extracted.views_text,
        byline_guess=extracted.byline_guess,
    )
    captions = list(
        dict.fromkeys([*(normalize_text(c) for c in extracted.captions), *cleaned.captions])
    )
    problem = extracted.problem
    if problem is None and not title:
        problem = "no title"
    if problem is None and not cleaned.body.strip():
        problem = "empty body after cleaning"
    if problem is None and login_wall(title, cleaned.body):
        problem = "login page instead of an article"
    return Article(
        url=extracted.url,
        site=site,
        cms=extracted.cms,
        title=title,
        lead=cleaned.lead,
        body=cleaned.body,
        author=cleaned.author,
        captions=captions,
        views=cleaned.views,
        category=normalize_text(extracted.category) if extracted.category else None,
        tags=[normalize_text(t) for t in extracted.tags],
        images=extracted.images,
        problem=problem,
    )
