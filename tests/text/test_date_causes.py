"""Dates on article pages of structures the finders did not read before: each test is one
general cause (a form of machine date, where a date line sits, which source to believe), on
hand-written HTML whose expected date is read from the HTML in the test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from crawler.cms.engine import parse_html
from crawler.finders.dates import article_anchor, machine_dates, visible_date_line
from crawler.text.dates import date_from_url, parse_date_line, parse_machine_date
from crawler.text.pubdate import choose_publication_date

FETCHED = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
LOREM = (
    "Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị quán triệt nghị quyết cho cán bộ chủ chốt của "
    "các huyện, thị xã và thành phố trong tỉnh."
)


def _stated_day(chosen) -> date:  # the day in the offset the chosen value states
    assert chosen.published_at is not None and chosen.offset is not None
    return chosen.published_at.astimezone(timezone(timedelta(minutes=chosen.offset))).date()


# --------------------------------------------------------------------------- machine forms


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        # milliseconds after a colon (a JavaScript CMS's serializer)
        ("2022-01-10T22:06:08:684Z", datetime(2022, 1, 10, 22, 6, 8, 684000, tzinfo=UTC)),
        # a US zone abbreviation glued to the time, and after an RFC-like weekday form
        (
            "2020-09-29T00:30:00PDT",
            datetime(2020, 9, 29, 0, 30, tzinfo=timezone(timedelta(hours=-7))),
        ),
        (
            "Tue, Sep 15 2020 10:01:41 EDT",
            datetime(2020, 9, 15, 10, 1, 41, tzinfo=timezone(timedelta(hours=-4))),
        ),
    ],
)
def test_machine_dates_with_zone_names_and_colon_fractions(raw: str, value: datetime) -> None:
    assert parse_machine_date(raw).value == value


# --------------------------------------------------------------------------- grammar


def test_a_two_digit_year_with_dots_is_read_day_first_in_the_fetch_century() -> None:
    assert parse_date_line("31.10.23", FETCHED).value.date() == date(2023, 10, 31)
    assert parse_date_line("26.10.99", FETCHED).value.date() == date(1999, 10, 26)
    assert parse_date_line("v1.2.23", FETCHED).value is None  # a version number
    assert parse_date_line("06/01/21", FETCHED).value is None  # slashes: the order is open


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("14 Gennaio 2020", date(2020, 1, 14)),
        ("5 de marzo de 2024", date(2024, 3, 5)),
        ("17 de Fevereiro de 2020", date(2020, 2, 17)),
    ],
)
def test_italian_spanish_and_portuguese_month_names(line: str, day: date) -> None:
    assert parse_date_line(line, FETCHED).value.date() == day


def test_chinese_japanese_and_korean_dates() -> None:
    assert parse_date_line("2020年07月03日", FETCHED).value.date() == date(2020, 7, 3)
    assert parse_date_line("2020년 7월 3일", FETCHED).value.date() == date(2020, 7, 3)


# --------------------------------------------------------------------------- where the date is


def test_the_date_of_an_announced_event_is_not_the_date_line() -> None:
    html = (
        "<html><body><h1>Whiskyverkostung in der Halle</h1><p>Termin: 21.02.2020, 19 Uhr</p>"
        f"<p>{LOREM}</p><p class='meta'>Datum: 27.11.2019</p></body></html>"
    )
    found = visible_date_line(parse_html(html), FETCHED)
    assert found is not None and found.raw == "Datum: 27.11.2019"


def test_the_footer_block_of_an_article_item_is_the_articles_own() -> None:
    # TYPO3's news template: the date sits in <div class="footer"> inside the Article item.
    html = (
        "<html><body><div class='news news-single'>"
        "<div class='article' itemscope itemtype='http://schema.org/Article'>"
        "<div class='header'><h3 itemprop='headline'>Reparaturcafé am 31. Januar</h3></div>"
        "<div class='footer'><p><span class='news-list-date'>"
        "<time itemprop='datePublished' datetime='2020-01-27'>27.01.2020</time>"
        "</span></p></div>"
        f"<div itemprop='articleBody'><p>{LOREM}</p></div></div></div>"
        "<div class='footer'><p>© 2020 Stadt</p></div></body></html>"
    )
    assert ("itemprop:datePublished", "2020-01-27") in machine_dates(parse_html(html))


def test_a_page_builders_widget_names_are_layout_when_they_wrap_the_title() -> None:
    # Elementor names every block "elementor-widget…", the heading's and the date's alike.
    html = (
        "<html><head><title>Kaisers Wochenrückblick | Zeitung</title></head><body>"
        "<div class='elementor-widget elementor-widget-heading'><div class='elementor-widget-"
        "container'><h1>Kaisers Wochenrückblick</h1></div></div>"
        "<div class='elementor-widget elementor-widget-post-info'><div class='elementor-widget-"
        "container'><ul><li><span class='item--type-date'>19. Oktober 2019</span></li></ul>"
        f"</div></div><div class='elementor-widget-text'><p>{LOREM}</p></div></body></html>"
    )
    found = visible_date_line(parse_html(html), FETCHED)
    assert found is not None and found.raw == "19. Oktober 2019"


@pytest.mark.parametrize(
    ("meta_line", "raw"),
    [
        (
            "22/11/2020 - 04:30 - Fonte: Agência Brasil - Foto: Cesar Greco",
            "22/11/2020 - 04:30",
        ),
        (
            "Veröffentlicht am 16.08.2019 Dauer: 1 Stunde 4 Minuten Lizenz: CC-BY 4.0",
            "Veröffentlicht am 16.08.2019",
        ),
    ],
)
def test_the_date_item_of_a_long_meta_line(meta_line: str, raw: str) -> None:
    html = (
        f"<html><body><h1>Goiás supera Palmeiras com gol</h1><p class='tagline'>{meta_line}</p>"
        f"<p>{LOREM}</p></body></html>"
    )
    found = visible_date_line(parse_html(html), FETCHED)
    assert found is not None and found.raw == raw


def test_texts_of_two_elements_are_not_glued_into_one_number() -> None:
    html = (
        "<html><body><h2>Australian megablaze brought under control</h2>"
        "<p><a href='/s'>News24</a>13 Jan 2020, 22:11 GMT+10</p>"
        f"<p>{LOREM}</p></body></html>"
    )
    found = visible_date_line(parse_html(html), FETCHED, anchor=parse_html(html).find(".//h2"))
    assert found is not None
    assert parse_date_line(found.raw).value == datetime(
        2020, 1, 13, 22, 11, tzinfo=timezone(timedelta(hours=10))
    )


def test_a_date_named_element_inside_a_long_meta_paragraph() -> None:
    # hAtom: <abbr class="published"> among author, categories and tags
    tags = ", ".join(f"<a href='/t{i}'>Schlagwort {i}</a>" for i in range(12))
    html = (
        "<html><body><div class='hentry'><h1>Zum Bonner Anschlag</h1>"
        "<p class='entry-meta'>Autor: <span>kinra</span> | Artikel veröffentlicht am "
        "<abbr class='published' title='Sonntag, Dezember 16th, 2012'>16.12.2012</abbr> "
        f"Kategorien: Überwachung, Sicherheit, Hintergrund. Schlagwörter: {tags}</p>"
        f"<p>{LOREM}</p></div></body></html>"
    )
    found = visible_date_line(parse_html(html), FETCHED)
    assert found is not None and found.raw == "16.12.2012"


def test_a_date_far_below_the_title_in_a_page_of_plain_divs() -> None:
    # No <article>/<main>: the block around the title that holds the prose is the article,
    # and its date line printed under a long body is found; the sidebar's dates are not.
    body = "".join(f"<p>{LOREM} Đoạn {i}.</p><div><span>Ảnh {i}</span></div>" for i in range(80))
    html = (
        "<html><body><div class='wrap'><div class='col-left'><div class='detail'>"
        f"<h1>Hội nghị quán triệt nghị quyết</h1><div class='content'>{body}</div>"
        "<div class='meta-bottom'>Ngày đăng: 21/05/2024</div></div></div>"
        "<div class='sidebar'><ul><li>Tin 1 <span>20/05/2024</span></li></ul></div>"
        "</div></body></html>"
    )
    root = parse_html(html)
    found = visible_date_line(root, FETCHED, article_anchor(root))
    assert found is not None and found.raw == "Ngày đăng: 21/05/2024"


# --------------------------------------------------------------------------- which to believe


def test_a_printed_day_after_the_machine_date_is_the_publication_day() -> None:
    # The JSON-LD holds the record's creation (the draft); the page went out on the 27th.
    chosen = choose_publication_date(
        None, [("jsonld", "2021-12-20T11:02:44+01:00")], visible_line="27.01.2022"
    )
    assert chosen.source == "visible" and _stated_day(chosen) == date(2022, 1, 27)


def test_an_updated_or_earlier_printed_line_does_not_beat_the_machine_date() -> None:
    meta = [("jsonld", "2023-10-28T09:13:48+02:00")]
    assert choose_publication_date(None, meta, visible_line="Updated 30.10.2023").source == "meta"
    assert choose_publication_date(None, meta, visible_line="27. November 2021").source == "meta"


def test_a_numeric_line_whose_other_reading_is_the_machine_day_agrees() -> None:
    # read day first, "03/05/2021" is 3 May, after the machine's 5 March; read month first it
    # is the machine's day: the page is American, the line agrees
    chosen = choose_publication_date(
        None, [("jsonld", "2021-03-05T05:00:14+01:00")], visible_line="03/05/2021"
    )
    assert chosen.source == "meta" and _stated_day(chosen) == date(2021, 3, 5)


def test_a_utc_instant_one_day_off_the_printed_day_gives_the_printed_day() -> None:
    # 02:11 UTC on 9 November is the evening of the 8th in Boston, where the page prints it.
    chosen = choose_publication_date(
        None, [("jsonld", "2023-11-09T02:11:03+00:00")], visible_line="November 8, 2023"
    )
    assert chosen.source == "visible" and _stated_day(chosen) == date(2023, 11, 8)


def test_the_urls_day_beats_a_machine_date_that_disagrees() -> None:
    url = "https://www.example.de/home/2017/7/12/unter-uns-montauk"
    meta = [("jsonld", "2019-06-17T18:28:00+02:00")]  # a re-import two years later
    chosen = choose_publication_date(None, meta, url=url)
    assert chosen.source == "url" and _stated_day(chosen) == date(2017, 7, 12)
    # a printed date that agrees with the machine date keeps it
    kept = choose_publication_date(None, meta, url=url, visible_line="17.06.2019")
    assert kept.source == "meta"


def test_url_dates_of_web_archives_and_year_month_paths() -> None:
    archived = "https://web.archive.org/web/20131110121040/http://www.example.de/mozart/"
    assert date_from_url(archived).value is None  # the capture time is not the page's date
    inner = "https://web.archive.org/web/20190717140047/http://example.de/2014/01/27/x"
    assert date_from_url(inner).value.date() == date(2014, 1, 27)
    xinhua = "http://www.example.com/local/2020-02/19/c_1125597921.htm"
    assert date_from_url(xinhua).value.date() == date(2020, 2, 19)


def test_a_date_after_the_fetch_is_not_the_publication_date() -> None:
    # An event announced for later ("Termin: 21.02.2027") on a page fetched in December 2026.
    chosen = choose_publication_date(
        None,
        [("jsonld", "2026-11-27T15:21:21+01:00")],
        visible_line="Termin: 21.02.2027, 19 Uhr",
        fetched_at=FETCHED,
    )
    assert chosen.source == "meta" and _stated_day(chosen) == date(2026, 11, 27)
    future = choose_publication_date(None, [("jsonld", "2027-01-01T00:00:00Z")], fetched_at=FETCHED)
    assert future.published_at is None and "after the page was fetched" in (future.problem or "")
