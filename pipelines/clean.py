"""Stage 2, clean: ``Extracted`` → ``Article`` text fields (Vietnamese chrome, byline, captions).

``clean_extracted`` is the pure function; the rules themselves live in
``crawler/text/clean.py`` so they serve the plain-text path too.
"""

from __future__ import annotations

from datetime import datetime

from crawler.items import Article, Extracted, PageWork
from crawler.text.clean import clean_blocks, clean_plain_text
from crawler.text.normalize import fold, normalize_text
from crawler.text.pubdate import choose_publication_date
from pipelines.extract import EXTRACTOR_VERSION

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
        extractor_version=EXTRACTOR_VERSION,
    )


def article_from_text(
    text: str, url: str = "", site: str = "", fetched_at: datetime | None = None
) -> Article:
    """A plain-text dump of a page (the seeds, copied pages) → a clean, dated article.

    The same cleaning as the crawl, on lines instead of markup; the date comes only
    from the date line near the top (or a real URL), never from the body.
    """
    plain = clean_plain_text(text)
    web = url if url.startswith(("http://", "https://")) else None  # a file path has no date
    when = choose_publication_date(plain.date_line, [], url=web, fetched_at=fetched_at)
    problem = None if plain.title and plain.body.strip() else "no article text found"
    return Article(
        url=url,
        site=site,
        cms="text",
        title=plain.title,
        lead=plain.lead,
        body=plain.body,
        author=plain.author,
        captions=plain.captions,
        views=plain.views,
        published_at=when.published_at,
        published_raw=when.published_raw,
        date_precision=when.precision,
        date_source=when.source,
        updated_at=when.updated_at,
        date_problem=when.problem,
        fetched_at=fetched_at,
        problem=problem,
        extractor_version=EXTRACTOR_VERSION,
    )


class CleanPipeline:
    def process_item(self, item: PageWork) -> PageWork:
        if item.extracted is None:
            return item
        item.article = clean_extracted(item.extracted, item.raw.site)
        item.article.fetched_at = item.raw.fetched_at
        item.article.warc_ref = item.raw.warc_ref
        return item
