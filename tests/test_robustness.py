"""Bad input never raises and never passes as a good article.

The pages are the replica's (every site ``replica/sites.toml`` lists, rendered in
process) and the gold is their content JSON, so a family added tomorrow is covered too.

What a "half article" is, as decided here: a page that never closes (no ``</body>`` nor
``</html>``) was cut short. Cut *inside* its family's body container, or before it, or on
the generic path where no container says where the article ends, it must come out with
``problem="truncated page"`` (the crawl stores nothing with a problem). Cut *after* the
container (in the footer), the article is whole and must equal the gold.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.cli import EXIT_BAD_INPUT, main
from crawler.cms import AUTO, FAMILIES, get_family
from crawler.cms.base import Family
from crawler.items import Article, Block, Extracted
from crawler.stages.clean import clean_extracted
from crawler.stages.extract import extract_page
from crawler.text.clean import Cleaned, PlainArticle, clean_blocks, clean_plain_text
from crawler.text.normalize import normalize_text
from replica.model import ReplicaArticle, load_content
from replica.registry import load_replica
from replica.server import renderer
from tests.conftest import SEEDS

REPLICA = load_replica(check_families=False)
# The sites a family reads: each page alone must come out as its gold. (The unseen themes,
# cms = "auto", are read with a profile learned from their other pages: tests/profile/.)
SITES = {key: entry.site for key, entry in REPLICA.items() if entry.site.cms != AUTO}
TRUNCATED = "truncated page"
FIELDS = ("title", "lead", "body", "author", "captions")


@dataclass(frozen=True)
class GoldPage:
    site: str
    family: Family | None
    url: str
    html: bytes
    article: ReplicaArticle

    @property
    def gold(self) -> dict:
        return self.article.gold()


@cache
def site_pages(key: str) -> tuple[GoldPage, ...]:
    """Every article page of one replica site, rendered in process."""
    site = SITES[key]
    content = load_content(REPLICA[key].content)
    module = renderer(content.family)
    pages = module.render_site(content, site.base_url)
    family = get_family(site.cms).with_overrides(site.selectors) if site.cms != AUTO else None
    out = []
    for article in content.articles:
        path = module.article_path(content, article)
        out.append(GoldPage(key, family, site.url(path), pages[path].body, article))
    return tuple(out)


def sample(key: str, n: int = 3) -> tuple[GoldPage, ...]:
    """A few pages of a site, spread over its articles (seeded, so runs repeat)."""
    pages = site_pages(key)
    return tuple(random.Random(key).sample(pages, min(n, len(pages))))


@cache
def all_pages() -> tuple[GoldPage, ...]:
    return tuple(p for key in SITES for p in sample(key, 2))


def read(data: bytes | str, page: GoldPage, family: object = "page", declared: str | None = None):
    """extract → clean, as the crawl does; ``family="page"`` means the site's own family."""
    fam = page.family if family == "page" else family
    extracted = extract_page(data, page.url, fam, declared)
    return extracted, clean_extracted(extracted, page.site)


def fields(article: Article) -> dict:
    return {name: getattr(article, name) for name in FIELDS}


def gold_fields(page: GoldPage) -> dict:
    return {name: page.gold[name] for name in FIELDS}


def body_span(page: GoldPage) -> tuple[int, int]:
    """Byte offsets of the article body in the page: from the first gold paragraph's start to
    the last one's end, found as written (the body container holds both, so every offset in
    between is inside it). The search runs backwards so a meta description repeating the
    first paragraph in the <head> is not taken for it."""
    paragraphs = [p for p in page.gold["body"].split("\n\n") if len(p) >= 24]
    assert paragraphs, f"{page.url}: no paragraph long enough to find"
    tail = paragraphs[-1][-20:].encode()
    end = page.html.rfind(tail)
    assert end > 0, f"{page.url}: last paragraph not found as written"
    end += len(tail)
    start = page.html.rfind(paragraphs[0][:20].encode(), 0, end)
    assert 0 < start < end, f"{page.url}: first paragraph not found as written"
    return start, end


# --------------------------------------------------------------------------- not HTML
def _gzip_page() -> bytes:
    return gzip.compress(site_pages(next(iter(SITES)))[0].html)


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("bai-viet.html", "<html><body><p>Tỉnh ủy</p></body></html>")
    return buf.getvalue()


NOT_HTML = {
    "empty": b"",
    "blank": b" \r\n\t ",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + random.Random(1).randbytes(3000),
    "gif": b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + random.Random(2).randbytes(500),
    "pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n"
    + random.Random(3).randbytes(3000),
    "random bytes": random.Random(4).randbytes(5000),
    "json": json.dumps({"title": "Tỉnh ủy", "body": "<p>Nội dung</p>"}).encode(),
    "json html": json.dumps([{"html": "<html><body><h1>Tin</h1><p>x</p></body></html>"}]).encode(),
    "rss": b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Tin'
    b"</title><item><title>B\xc3\xa0i</title><description>&lt;p&gt;N\xe1\xbb\x99i dung"
    b"&lt;/p&gt;</description></item></channel></rss>",
    "sitemap": b'<?xml version="1.0"?>\n<!-- generated -->\n<urlset xmlns="http://www.sitemaps.org/'
    b'schemas/sitemap/0.9"><url><loc>http://x.example/a-1.html</loc></url></urlset>',
    "plain text": "Tỉnh ủy Kon Tum tổ chức hội nghị.\nNội dung bài viết.".encode(),
}


@pytest.mark.parametrize("family", [None, "nukeviet4", "generic"])
@pytest.mark.parametrize("name", [*NOT_HTML, "gzip page", "zip"])
def test_not_html_is_a_problem_never_an_exception(name: str, family: str | None) -> None:
    data = {"gzip page": _gzip_page, "zip": _zip}.get(name, lambda: NOT_HTML[name])()
    extracted = extract_page(data, "http://x.example/tin/bai-1.html", family)
    assert isinstance(extracted, Extracted)
    want = "empty response" if name == "empty" else "not an HTML page"
    assert extracted.problem == want
    assert not extracted.blocks
    assert clean_extracted(extracted, "s").problem == want


# --------------------------------------------------------------------------- truncation
@pytest.mark.parametrize("key", list(SITES))
def test_cut_inside_the_body_is_a_truncated_page(key: str) -> None:
    """Random cuts between the first and last body paragraph, and right at both ends."""
    for page in sample(key):
        start, end = body_span(page)
        rng = random.Random(page.url)
        cuts = {start, start + 1, end, *(rng.randrange(start, end) for _ in range(6))}
        for cut in sorted(cuts):
            for family in ("page", None):
                extracted, article = read(page.html[:cut], page, family)
                where = f"{page.url} cut at {cut} of {start}..{end} (family {family})"
                assert extracted.problem == TRUNCATED, where
                assert article.problem == TRUNCATED, where


@pytest.mark.parametrize("key", list(SITES))
def test_cut_before_the_body_is_a_truncated_page(key: str) -> None:
    for page in sample(key):
        start, _ = body_span(page)
        title = page.article.title.encode()
        at = page.html.rfind(title, 0, start)
        assert at > 0, f"{page.url}: title not found before the body"
        for cut in (at + len(title) // 2, (at + start) // 2):
            extracted, article = read(page.html[:cut], page)
            assert (extracted.problem, article.problem) == (TRUNCATED, TRUNCATED), cut


@pytest.mark.parametrize("key", list(SITES))
def test_cut_page_on_the_generic_path_is_never_an_article(key: str) -> None:
    """trafilatura on a cut page reads whatever is left; without a container, a problem."""
    page = sample(key, 1)[0]
    start, end = body_span(page)
    for cut in (start + 5, (start + end) // 2, end):
        _, article = read(page.html[:cut], page, "generic")
        assert article.problem == TRUNCATED, cut


@pytest.mark.parametrize("key", list(SITES))
def test_a_page_that_stops_in_its_footer_is_still_not_a_good_article(key: str) -> None:
    """A page that stops before </body></html> lost something: maybe only the footer, maybe
    the byline or date a CMS prints after the body (NukeViet's "Tác giả:"). Never stored."""
    for page in sample(key):
        footer_end = page.html.rfind(b"</body")
        assert footer_end > body_span(page)[1]
        _, article = read(page.html[:footer_end], page)
        assert article.problem == TRUNCATED, page.url


def test_a_broken_character_does_not_turn_the_page_into_mojibake() -> None:
    """One stray UTF-8 lead byte (a character cut in an editor's paste) in a page that is
    otherwise UTF-8 must not make the decoder fall back to a one-byte code page."""
    checked = 0
    for page in all_pages():
        footer_end = page.html.rfind(b"</body")
        if footer_end <= body_span(page)[1]:
            continue
        broken = page.html[:footer_end] + b"\xe1\xbb" + page.html[footer_end:]
        _, article = read(broken, page)
        assert article.problem is None and fields(article) == gold_fields(page), page.url
        checked += 1
    assert checked >= len(SITES) // 2


# --------------------------------------------------------------------------- encodings
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_META_CHARSET = re.compile(r"<meta[^>]*charset[^>]*>", re.I)


def to_cp1258(text: str) -> bytes:
    """windows-1258 as Vietnamese pages wrote it: base letters precomposed (â ê ô ă ơ ư đ),
    tones as combining marks after them ("ệ" → "ê" + U+0323)."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + "".join(c for c in parts if c in _TONES))
    return "".join(out).encode("cp1258", "xmlcharrefreplace")


def with_meta(html: str, label: str | None) -> str:
    """The page with its charset declarations replaced by ``<meta charset=label>`` (or none)."""
    html = _META_CHARSET.sub("", html)
    if label is None:
        return html
    return re.sub(r"<head[^>]*>", lambda m: f'{m.group(0)}<meta charset="{label}">', html, count=1)


def sprinkle_nul(data: bytes) -> bytes:
    """A NUL byte every 997 bytes: in tags, in text, inside multi-byte characters."""
    return b"\x00".join(data[i : i + 997] for i in range(0, len(data), 997))


ENCODINGS = {
    # case: (bytes of the page, the Content-Type charset the server sent)
    "utf-8, header cp1258": (lambda h: h.encode(), "windows-1258"),
    "utf-8, header utf-16": (lambda h: h.encode(), "utf-16"),
    "utf-8, meta lies cp1258": (lambda h: with_meta(h, "windows-1258").encode(), None),
    "utf-8, latin-1 header, meta lies": (
        lambda h: with_meta(h, "windows-1258").encode(),
        "ISO-8859-1",
    ),
    "utf-8 with BOM, header cp1258": (lambda h: b"\xef\xbb\xbf" + h.encode(), "windows-1258"),
    "cp1258, header lies utf-8": (lambda h: to_cp1258(with_meta(h, "windows-1258")), "utf-8"),
    "cp1258, meta lies utf-8": (lambda h: to_cp1258(with_meta(h, "utf-8")), None),
    "cp1258, latin-1 header": (lambda h: to_cp1258(with_meta(h, "windows-1258")), "ISO-8859-1"),
    "cp1258, no label": (lambda h: to_cp1258(with_meta(h, None)), None),
    "utf-16 with BOM, header utf-8": (lambda h: with_meta(h, None).encode("utf-16"), "utf-8"),
    "utf-16-le without BOM": (lambda h: with_meta(h, None).encode("utf-16-le"), None),
    "NUL bytes": (lambda h: sprinkle_nul(h.encode()), "utf-8"),
}


@pytest.mark.parametrize("case", list(ENCODINGS))
def test_wrong_encoding_labels_still_give_the_gold(case: str) -> None:
    encode, header = ENCODINGS[case]
    for page in all_pages():
        data = encode(page.html.decode("utf-8"))
        _, article = read(data, page, declared=header)
        assert article.problem is None, (page.url, article.problem)
        assert fields(article) == gold_fields(page), page.url


def test_xhtml_with_an_xml_declaration_is_read() -> None:
    """lxml refuses a decoded string that still carries '<?xml … encoding=…?>'."""
    prolog = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 '
        b'Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n'
    )
    for page in all_pages():
        data = prolog + page.html[page.html.lower().find(b"<html") :]
        _, article = read(data, page)
        assert article.problem is None and fields(article) == gold_fields(page), page.url


def test_bad_links_do_not_cost_the_article() -> None:
    """One malformed URL (``http://[``) in an <img> or the canonical link is skipped."""
    for page in all_pages():
        start, _ = body_span(page)
        data = page.html[:start] + b'<img src="http://[broken/a.jpg">' + page.html[start:]
        data = data.replace(b"<head>", b'<head><link rel="canonical" href="http://[x">', 1)
        extracted, article = read(data, page)
        assert article.problem is None and fields(article) == gold_fields(page), page.url
        assert not any("[" in link for link in extracted.images)


# --------------------------------------------------------------------------- size and depth
def test_twenty_megabyte_page_gives_the_article() -> None:
    """DOWNLOAD_MAXSIZE lets 20 MB through: 20 MB of footer links around one article."""
    page = all_pages()[0]
    chrome = '<div class="lien-ket"><a href="/a">Liên kết chuyên mục</a></div>\n'.encode()
    end = page.html.rfind(b"</body")
    data = page.html[:end] + chrome * (20 * 1024 * 1024 // len(chrome)) + page.html[end:]
    assert len(data) >= 20 * 1024 * 1024
    _, article = read(data, page)
    assert article.problem is None and fields(article) == gold_fields(page)


def nest(page: GoldPage, depth: int, tag: str = "div") -> bytes:
    """The page with its body paragraphs wrapped in ``depth`` levels of ``tag``."""
    start, end = body_span(page)
    first = page.html.rfind(b"<", 0, start)  # the paragraph's own opening tag
    close = page.html.find(b">", end) + 1
    opening, closing = f"<{tag}>".encode() * depth, f"</{tag}>".encode() * depth
    return page.html[:first] + opening + page.html[first:close] + closing + page.html[close:]


def test_nesting_past_the_parser_default_keeps_the_whole_article() -> None:
    """libxml2 stops at 256 levels by default and drops the rest of the page silently."""
    for page in all_pages():
        _, article = read(nest(page, 300), page)
        assert article.problem is None, (page.url, article.problem)
        assert article.body.endswith(page.gold["body"][-40:]), page.url
        assert article.title == page.gold["title"]


def test_nesting_deeper_than_python_walks_is_a_problem_or_the_article() -> None:
    """1200 levels parse (the limit is 2048) but may exceed Python's recursion limit."""
    for page in all_pages()[:6]:
        _, article = read(nest(page, 1200), page)
        if article.problem is None:
            assert article.body.endswith(page.gold["body"][-40:]), page.url
        else:
            assert article.problem.startswith("markup nested too deep"), article.problem


@pytest.mark.parametrize("depth", [5000, 100_000])
def test_nesting_past_the_parser_limit_is_a_problem(depth: int) -> None:
    """Past 2048 levels the parser drops the rest of the page: never read in half."""
    for page in all_pages()[:4]:
        for family in ("page", "generic", None):
            extracted, article = read(nest(page, depth), page, family)
            assert extracted.problem is not None, (page.url, family)
            assert extracted.problem.startswith("markup nested too deep"), extracted.problem
            assert article.problem == extracted.problem


# --------------------------------------------------------------------------- the CLI
def _cli_cases() -> dict[str, tuple[bytes, list[str], str]]:
    page = all_pages()[0]
    start, end = body_span(page)
    cms = ["--cms", page.family.name] if page.family else []
    return {
        "json": (NOT_HTML["json"], [], "not an HTML page"),
        "rss": (NOT_HTML["rss"], [], "not an HTML page"),
        "gzip": (_gzip_page(), [], "not an HTML page"),
        "random": (NOT_HTML["random bytes"], [], "not an HTML page"),
        "cut in body": (page.html[: (start + end) // 2], cms, TRUNCATED),
        "cut in body, detected": (page.html[: (start + end) // 2], [], TRUNCATED),
        "too deep": (nest(page, 5000), cms, "markup nested too deep"),
    }


@pytest.mark.parametrize(
    "case", ["json", "rss", "gzip", "random", "cut in body", "cut in body, detected", "too deep"]
)
def test_extract_command_refuses_bad_pages_in_one_line(
    case: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data, extra, reason = _cli_cases()[case]
    path = tmp_path / "page.html"
    path.write_bytes(data)
    code = main(["extract", str(path), "--url", all_pages()[0].url, *extra])
    out, err = capsys.readouterr()
    assert code == EXIT_BAD_INPUT
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("tuyengiao: ") and reason in err


# --------------------------------------------------------------------------- properties
PROPERTY = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FAMILY_CHOICES = st.sampled_from(["page", None, "generic", *sorted(FAMILIES)])
LABELS = st.sampled_from([None, "utf-8", "windows-1258", "ISO-8859-1", "utf-16", "x-bogus", ""])

# A mutation: (kind, where, length, where else, random bytes); positions are fractions of the
# current length, moved back to the "<" before them for tag-range edits.
Mutation = tuple[str, float, float, float, bytes]
MUTATION = st.tuples(
    st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate", "flip"]),
    st.floats(0, 1),
    st.floats(0, 0.3),
    st.floats(0, 1),
    st.binary(min_size=1, max_size=40),
)


def _tag_at(data: bytes, fraction: float) -> int:
    pos = int(fraction * len(data))
    found = data.rfind(b"<", 0, pos + 1)
    return max(found, 0)


def mutate(data: bytes, mutations: list[Mutation]) -> bytes:
    for kind, where, length, other, payload in mutations:
        if not data:
            break
        a = _tag_at(data, where)
        b = _tag_at(data, min(1.0, where + length))
        if b <= a:
            b = min(len(data), a + 1 + int(length * 1000))
        if kind == "delete":
            data = data[:a] + data[b:]
        elif kind == "duplicate":
            k = _tag_at(data, other)
            data = data[:k] + data[a:b] + data[k:]
        elif kind == "swap":
            k = _tag_at(data, other)
            l_ = min(len(data), k + (b - a))
            if l_ <= a or k >= b:  # two ranges that do not overlap
                first, second = sorted([(a, b), (k, l_)])
                x, y = data[first[0] : first[1]], data[second[0] : second[1]]
                data = data[: first[0]] + y + data[first[1] : second[0]] + x + data[second[1] :]
        elif kind == "insert":
            k = int(other * len(data))
            data = data[:k] + payload + data[k:]
        elif kind == "truncate":
            data = data[: int(where * len(data))]
        else:  # flip: overwrite bytes anywhere with random ones (inside characters too)
            k = int(other * len(data))
            data = data[:k] + payload + data[k + len(payload) :]
    return data


def check_outcome(extracted: object, article: object) -> None:
    """What every outcome must be: a problem, or a complete-looking article."""
    assert isinstance(extracted, Extracted) and isinstance(article, Article)
    assert extracted.problem is None or isinstance(extracted.problem, str)
    if extracted.problem is None:
        assert extracted.blocks
    if article.problem is None:
        assert article.title and article.body.strip()
    else:
        assert isinstance(article.problem, str) and article.problem


@PROPERTY
@given(
    index=st.integers(min_value=0),
    mutations=st.lists(MUTATION, min_size=1, max_size=4),
    family=FAMILY_CHOICES,
    label=LABELS,
)
def test_mutated_replica_pages_never_raise(
    index: int, mutations: list[Mutation], family: object, label: str | None
) -> None:
    """Deleted, duplicated and swapped tag ranges, random bytes in tags and characters."""
    pages = all_pages()
    page = pages[index % len(pages)]
    data = mutate(page.html, mutations)
    extracted, article = read(data, page, family, label)
    check_outcome(extracted, article)


@PROPERTY
@given(index=st.integers(min_value=0), where=st.floats(0, 1, exclude_max=True))
def test_pages_cut_anywhere_are_a_problem_or_the_whole_article(index: int, where: float) -> None:
    """Cut at a random byte (mid-tag, mid-character): never half an article stored as good."""
    pages = all_pages()
    page = pages[index % len(pages)]
    extracted, article = read(page.html[: int(where * len(page.html))], page)
    check_outcome(extracted, article)
    assert article.problem is not None or fields(article) == gold_fields(page)


TAGS = st.sampled_from(
    "p div span h1 h2 table tr td ul li b i em strong a font figure figcaption article "
    "section script style br img center blockquote".split()
)
ATTRS = st.sampled_from(
    [
        "",
        ' class="content"',
        ' id="news-bodyhtml"',
        ' itemprop="articleBody"',
        ' style="text-align: right"',
        ' class="hidden"',
        ' src="http://[x"',
        ' href="/a-1.html"',
    ]
)
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"), st.sampled_from(list("ảệỉờĐđ \n\u00a0\u200b<>&;\x00"))
    ),
    max_size=60,
)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attrs, inner, closed: (
            f"<{tag}{attrs}>{''.join(inner)}" + (f"</{tag}>" if closed else "")
        ),
        TAGS,
        ATTRS,
        st.lists(children, max_size=4),
        st.booleans(),
    )


MARKUP = st.recursive(TEXT, _element, max_leaves=30)


@PROPERTY
@given(
    parts=st.lists(MARKUP, max_size=6),
    family=st.sampled_from([None, "generic", *sorted(FAMILIES)]),
    as_bytes=st.booleans(),
    closed=st.booleans(),
)
def test_random_markup_never_raises(
    parts: list[str], family: str | None, as_bytes: bool, closed: bool
) -> None:
    html = "<html><head><title>Tin</title></head><body>" + "".join(parts)
    html += "</body></html>" if closed else ""
    data = html.encode("utf-8") if as_bytes else html
    extracted = extract_page(data, "http://x.example/tin/bai-1.html", family)
    check_outcome(extracted, clean_extracted(extracted, "s"))


@PROPERTY
@given(data=st.binary(max_size=3000), prefix=st.sampled_from([b"", b"<html><body>", b"<p>"]))
def test_random_bytes_never_raise(data: bytes, prefix: bytes) -> None:
    extracted = extract_page(prefix + data, "http://x.example/a-1.html", None)
    check_outcome(extracted, clean_extracted(extracted, "s"))


BLOCKS = st.lists(
    st.builds(
        Block,
        text=TEXT,
        kind=st.sampled_from(["text", "heading", "caption", "list"]),
        align=st.sampled_from([None, "right", "center"]),
        after_image=st.booleans(),
        emphasis=st.booleans(),
    ),
    max_size=12,
)
OPTIONAL_TEXT = st.one_of(st.none(), TEXT)


@PROPERTY
@given(
    blocks=BLOCKS,
    title=OPTIONAL_TEXT,
    lead=OPTIONAL_TEXT,
    byline=OPTIONAL_TEXT,
    views=OPTIONAL_TEXT,
    text=TEXT,
)
def test_text_stages_never_raise(
    blocks: list[Block],
    title: str | None,
    lead: str | None,
    byline: str | None,
    views: str | None,
    text: str,
) -> None:
    cleaned = clean_blocks(blocks, title=title, lead=lead, byline_hint=byline, views_text=views)
    assert isinstance(cleaned, Cleaned) and isinstance(cleaned.body, str)
    assert isinstance(normalize_text(text), str)
    plain = clean_plain_text(text)
    assert isinstance(plain, PlainArticle) and isinstance(plain.body, str)
    extracted = Extracted(
        url="http://x.example/a-1.html",
        cms="t",
        title=title,
        lead=lead,
        blocks=blocks,
        author=byline,
        views_text=views,
        captions=[text],
        tags=[text],
    )
    article = clean_extracted(extracted, "s")
    assert isinstance(article, Article)
    if article.problem is None:
        assert article.title and article.body.strip()


SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


@PROPERTY
@given(
    seed=st.sampled_from(range(len(SEED_TEXTS))),
    cuts=st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), max_size=4),
    insert=TEXT,
)
def test_mutated_seed_texts_never_raise(
    seed: int, cuts: list[tuple[float, float]], insert: str
) -> None:
    text = SEED_TEXTS[seed]
    for a, b in cuts:
        i, j = sorted((int(a * len(text)), int(b * len(text))))
        text = text[:i] + insert + text[j:]
    plain = clean_plain_text(text)
    assert isinstance(plain, PlainArticle) and isinstance(plain.body, str)
    assert "\n\n\n" not in plain.body
