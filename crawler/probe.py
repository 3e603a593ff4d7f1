"""Probe a site and draft its registry entry: CMS family, sections, feeds, owner.

Sites move (the 2025 mergers renamed bodies, moved domains and froze old ones),
so adding or fixing a site starts from what the site serves today, not from
memory. ``probe`` fetches the home page, robots.txt, the family's feeds and
sitemaps and a few menu targets, then drafts a ``[[site]]`` entry. Whatever it
could not decide is marked ``UNDECIDED`` in a comment, never guessed::

    $ tuyengiao probe https://tuyengiao.travinh.gov.vn/
    [[site]]
    key = "tuyengiao-travinh"
    province = "Trà Vinh"  # from the footer: "BAN TUYÊN GIÁO TỈNH UỶ TRÀ VINH"
    cms = "auto"  # UNDECIDED: no family marker found …

The logic is plain functions over fetched pages (``Fetched``); the fetching is
a small blocking ``urllib`` client with timeouts, injectable for tests.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
import unicodedata
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.client import HTTPException
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import lxml.html
from lxml import etree

from crawler.cms import FAMILIES
from crawler.cms.base import Family
from crawler.cms.detect import GENERIC, Detection, detect
from crawler.cms.engine import css
from crawler.registry import (
    DEFAULT_REGISTRY,
    PLACEHOLDER,
    RegistryError,
    load_registry,
    site_identity,
    toml_value,
)
from crawler.text.decode import decode_html

USER_AGENT = "tuyengiao-probe/0.1 (research crawler; one-off site check)"
MAX_BYTES = 5 * 1024 * 1024
# Containers whose links are the site's navigation: sections are found there.
MENU_SELECTORS = (
    "nav",
    "[role=navigation]",
    "ul.menu",
    "[class*=menu]",
    "[id*=menu]",
    "[class*=nav]",
    "[id*=nav]",
    "header",
    "#header",
)
_NOT_PAGES = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|zip|rar|7z|jpe?g|png|gif|webp|svg|mp[34]|avi|css|js|xml|rss)$",
    re.I,
)
# Where a site names itself; not [class*=header], which also matches news-item headers.
_MASTHEAD = (
    "header",
    "#header",
    ".header",
    "[class*=masthead]",
    "[id*=masthead]",
    "#banner",
    ".banner",
    "#logo",
    ".logo",
)
_FEEDISH = re.compile(r"/(?:rss|feed|atom)(?:/|\.xml)?$", re.I)
_HOME_LABELS = {"trang chu", "home", "trang nhat", "trang chinh"}
_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.I | re.M)
_ZONES = (
    "dcs.vn",
    "gov.vn",
    "org.vn",
    "com.vn",
    "net.vn",
    "edu.vn",
    "info.vn",
    "vn",
    "com",
    "org",
    "net",
    "info",
)

# The 63 provinces before the 2025 mergers (the 34 after are among them), as the
# registry spells them; matching ignores diacritics and tone placement.
PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai",
    "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang",
    "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng",
    "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận",
    "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
    "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
    "Thừa Thiên Huế", "Huế", "Tiền Giang", "TP Hồ Chí Minh", "Trà Vinh", "Tuyên Quang",
    "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip
_PROVINCE_ALIASES = {"thanh pho ho chi minh": "TP Hồ Chí Minh", "ho chi minh": "TP Hồ Chí Minh"}


# --- fetching ---------------------------------------------------------------------------------
@dataclass
class Fetched:
    """One HTTP answer, or why there was none (``error``)."""

    url: str
    final_url: str = ""
    status: int | None = None
    content_type: str = ""
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def text(self) -> str:
        return unicodedata.normalize("NFC", decode_html(self.body, self.content_type or None)[0])

    def describe(self) -> str:
        """'HTTP 200, text/html, 12.3 kB' or the error."""
        if self.error:
            return self.error
        return f"HTTP {self.status}, {self.content_type or 'no Content-Type'}, {_size(self.body)}"


Fetcher = Callable[[str], Fetched]


def _size(body: bytes) -> str:
    return f"{len(body)} bytes" if len(body) < 1024 else f"{len(body) / 1024:.1f} kB"


def fetch(url: str, timeout: float = 15.0) -> Fetched:
    """GET ``url`` (redirects followed); network failures become ``Fetched.error``."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            return Fetched(
                url,
                resp.geturl(),
                resp.status,
                resp.headers.get("Content-Type", ""),
                resp.read(MAX_BYTES),
                dict(resp.headers.items()),
            )
    except urllib.error.HTTPError as exc:
        try:
            body = exc.read(MAX_BYTES)
        except (OSError, HTTPException):
            body = b""
        headers = dict(exc.headers.items()) if exc.headers else {}
        ctype = headers.get("Content-Type", "")
        return Fetched(url, exc.geturl() or url, exc.code, ctype, body, headers)
    except urllib.error.URLError as exc:
        return Fetched(url, url, error=_network_error(exc.reason, timeout))
    except (OSError, HTTPException, ValueError) as exc:
        return Fetched(url, url, error=_network_error(exc, timeout))


def _network_error(reason: object, timeout: float) -> str:
    if isinstance(reason, socket.gaierror):
        return "host name not found (DNS lookup failed)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"no answer within {timeout:g} s (timed out)"
    if isinstance(reason, ssl.SSLError):
        return f"TLS handshake failed ({reason.reason or reason})"
    if isinstance(reason, ConnectionResetError):
        return "connection reset by the server"
    return f"network error: {reason}"


# --- small text helpers -----------------------------------------------------------------------
def fold_aligned(text: str) -> str:
    """Lower case without diacritics, exactly one character per character.

    Unlike ``crawler.text.normalize.fold`` it keeps every character (no white-space
    folding), so a match in the folded text quotes the same span of the original.

    ``fold_aligned("TỈNH UỶ Trà Vinh") == "tinh uy tra vinh"``: old and new tone placement
    ("uỷ"/"ủy") and upper-case mastheads compare equal.
    """
    out = []
    for ch in text:
        if ch in "đĐðÐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base.lower() if len(base.lower()) == 1 else base)
    return "".join(out)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_aligned(text)).strip("-")


def _squash(text: str) -> str:
    return " ".join(text.split())


def key_for(base_url: str) -> str:
    """A registry key from the address: host labels without the zone, then the path.

    ``https://tuyengiao.travinh.gov.vn/`` → ``tuyengiao-travinh``;
    ``https://dangcongsan.org.vn/thanhuyhanoi/`` → ``dangcongsan-thanhuyhanoi``.
    """
    parts = urlsplit(base_url)
    host = (parts.hostname or "site").lower().removeprefix("www.")
    try:
        ipaddress.ip_address(host)
        labels = host.split(".")
    except ValueError:
        labels = host.split(".")
        for zone in _ZONES:
            if host.endswith("." + zone) and len(labels) > zone.count(".") + 1:
                labels = labels[: -(zone.count(".") + 1)]
                break
    if parts.port and parts.port not in (80, 443):
        labels.append(str(parts.port))
    labels += [seg for seg in parts.path.split("/") if seg]
    key = "-".join(s for s in (_slug(x) for x in labels) if s)[:63].strip("-")
    return key if len(key) >= 2 else f"site-{key}"


# --- what the page says about its owner ------------------------------------------------------
@dataclass
class Owner:
    owner: str
    province: str | None
    level: str
    where: str
    quote: str


def _province_pattern() -> re.Pattern[str]:
    names = {fold_aligned(p): p for p in PROVINCES} | _PROVINCE_ALIASES
    alts = sorted((re.escape(n).replace(r"\ ", r"\s+") for n in names), key=len, reverse=True)
    return re.compile(r"(?P<place>" + "|".join(alts) + r")(?![a-z0-9])")


_PLACE = _province_pattern()
_PLACE_NAMES = {fold_aligned(p): p for p in PROVINCES} | _PROVINCE_ALIASES
_BODIES = (  # folded pattern → (canonical owner prefix, level); first match wins
    (
        r"ban tuyen giao (?:va dan van )?dang uy khoi cac co quan trung uong",
        "Ban Tuyên giáo Đảng ủy Khối các cơ quan Trung ương",
        "central",
    ),
    (r"dang uy khoi cac co quan trung uong", "Đảng ủy Khối các cơ quan Trung ương", "central"),
    (r"ban tuyen giao va dan van trung uong", "Ban Tuyên giáo và Dân vận Trung ương", "central"),
    (r"ban tuyen giao trung uong", "Ban Tuyên giáo Trung ương", "central"),
    (r"ban tuyen giao va dan van tinh uy\s+", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "province"),
    (r"ban tuyen giao va dan van thanh uy\s+", "Ban Tuyên giáo và Dân vận Thành ủy", "province"),
    (r"ban tuyen giao tinh uy\s+", "Ban Tuyên giáo Tỉnh ủy", "province"),
    (r"ban tuyen giao thanh uy\s+", "Ban Tuyên giáo Thành ủy", "province"),
    (r"dang bo tinh\s+", "Đảng bộ tỉnh", "province"),
    (r"tinh uy\s+", "Tỉnh ủy", "province"),
    (r"thanh uy\s+", "Thành ủy", "province"),
    (r"huyen uy\s+", "Huyện ủy", "district"),
    (r"quan uy\s+", "Quận ủy", "district"),
    (r"thi uy\s+", "Thị ủy", "district"),
)


_BODY_RX = tuple((re.compile(r"(?<![a-z])" + pat), prefix, lvl) for pat, prefix, lvl in _BODIES)


def _proper_name(text: str) -> str:
    """The capitalised words at the start of ``text`` ("Chợ Đồn tỉnh Bắc Kạn" → "Chợ Đồn")."""
    words = []
    for word in text.split()[:4]:
        if not word[:1].isupper() or not word.isalpha():
            break
        words.append(word)
    return " ".join(words)


def find_owner(sources: Iterable[tuple[str, str]]) -> Owner | None:
    """The body named in a masthead, title or footer, with the province if it names one.

    ``("footer", "BAN TUYÊN GIÁO TỈNH UỶ TRÀ VINH")`` →
    ``Owner("Ban Tuyên giáo Tỉnh ủy Trà Vinh", "Trà Vinh", "province", …)``.
    """
    for where, text in sources:
        text = _squash(text or "")
        folded = fold_aligned(text)
        for rx, prefix, level in _BODY_RX:
            for m in rx.finditer(folded):
                if level == "central":
                    return Owner(prefix, "Trung ương", level, where, text[m.start() : m.end()])
                place = _PLACE.match(folded, m.end())
                if place:
                    name = _PLACE_NAMES[re.sub(r"\s+", " ", place.group("place"))]
                    quote = text[m.start() : place.end()]
                    return Owner(f"{prefix} {name}", name, level, where, quote)
                if level == "district" or prefix == "Thành ủy":
                    local = _proper_name(text[m.end() :])
                    if local:
                        quote = text[m.start() : m.end()] + local
                        local = local.title() if local.isupper() else local
                        return Owner(f"{prefix} {local}", None, "district", where, quote)
    return None


def find_province(sources: Iterable[tuple[str, str]]) -> tuple[str, str, str] | None:
    """(province, where, quote) for a "tỉnh <Province>" mention: districts name their province."""
    rx = re.compile(r"(?<![a-z])(?:tinh|thanh pho|tp\.?)\s+")
    for where, text in sources:
        text = _squash(text)
        folded = fold_aligned(text)
        for m in rx.finditer(folded):
            place = _PLACE.match(folded, m.end())
            if place:
                name = _PLACE_NAMES[re.sub(r"\s+", " ", place.group("place"))]
                return name, where, text[m.start() : place.end()]
    return None


# --- the proposal -----------------------------------------------------------------------------
@dataclass
class Resource:
    """A feed or sitemap path tried on the site."""

    path: str
    kind: str  # "feed" | "sitemap"
    answer: str  # "HTTP 200, application/rss+xml, 3.1 kB"
    exists: bool
    source: str  # "family default" | "robots.txt" | "<link rel=alternate>"


@dataclass
class SectionCandidate:
    path: str
    name: str
    articles: int  # article links on the page, after dropping links every page shares
    answer: str
    listing: bool
    why: str = ""


@dataclass
class Proposal:
    """What ``probe`` found, what it could not decide, and the entry it drafts."""

    url: str
    outcome: str  # ok | undecided | unreachable | not_html | js_only
    found: list[str] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)
    entry: dict[str, Any] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)  # field → trailing comment
    detection: Detection | None = None
    sections: list[SectionCandidate] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)

    @property
    def decided(self) -> bool:
        """Family detected and at least one section found: the entry can be pasted as is."""
        return self.outcome == "ok"

    @staticmethod
    def _comment(text: str) -> str:
        """One comment line whatever the page put in a quote (no line breaks)."""
        return " ".join(text.split())

    def to_toml(self) -> str:
        """The entry with its findings as comments; valid TOML that ``load_registry`` accepts."""
        if not self.entry:
            return ""
        out = [f"# tuyengiao probe {self.url}  ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)"]
        out += [f"# found: {self._comment(line)}" for line in self.found]
        out += [f"# {PLACEHOLDER}: {self._comment(line)}" for line in self.undecided]
        out.append("[[site]]")
        for name, value in self.entry.items():
            comment = self.comments.get(name)
            if name == "sections" and value:
                out.append("sections = [")
                for sec, cand in zip(value, self._chosen(), strict=False):
                    note = f"  # {cand.articles} article links on the listing" if cand else ""
                    out.append(f"  {toml_value(sec)},{note}")
                out.append("]" + (f"  # {self._comment(comment)}" if comment else ""))
                continue
            line = f"{name} = {toml_value(value)}"
            out.append(line + (f"  # {self._comment(comment)}" if comment else ""))
        return "\n".join(out) + "\n"

    def _chosen(self) -> list[SectionCandidate]:
        return [c for c in self.sections if c.listing]

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "outcome": self.outcome,
            "found": self.found,
            "undecided": self.undecided,
            "entry": self.entry,
            "detection": None
            if self.detection is None
            else {
                "family": self.detection.family,
                "score": self.detection.score,
                "evidence": list(self.detection.evidence),
            },
            "sections": [vars(c) for c in self.sections],
            "resources": [vars(r) for r in self.resources],
        }


def normalize_url(url: str) -> str:
    """An http(s) URL from what a person types (``tuyengiao.travinh.gov.vn`` → https://…/)."""
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    try:
        parts = urlsplit(url)
        usable = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises ValueError on "host:abc"
    except ValueError:
        usable = False
    if not usable:
        raise ValueError(f"not an http(s) address: {url!r}")
    return url if parts.path else url + "/"


def _base_url(requested: str, final: str) -> str:
    """Scheme and host from where the home page ended up, the directory from what was asked.

    A redirect to ``/Pages/default.aspx`` or ``/vi/`` does not move the base.
    """
    req, fin = urlsplit(requested), urlsplit(final or requested)
    path = req.path[: req.path.rfind("/") + 1] or "/"
    return f"{fin.scheme}://{fin.netloc}{path}"


def _is_html(f: Fetched) -> bool:
    ctype = f.content_type.lower()
    if "html" in ctype:
        return True
    head = f.body[:512].lstrip().lower()
    return (not ctype or "text/plain" in ctype) and head.startswith((b"<!doctype html", b"<html"))


def _visible(root: etree._Element) -> tuple[int, list[str]]:
    """(words of visible text, hrefs) of a parsed page, scripts and styles left out."""
    words = 0
    body = root.find("body")
    for el in (body if body is not None else root).iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "noscript", "template"):
            continue
        words += len((el.text or "").split())
        parent = el.getparent()
        if parent is not None and parent.tag not in ("script", "style", "noscript", "template"):
            words += len((el.tail or "").split())
    hrefs = [
        h.strip()
        for h in root.xpath("//a/@href")
        if h.strip() and not h.strip().startswith(("#", "javascript:"))
    ]
    return words, hrefs


def _parse(text: str) -> etree._Element | None:
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return None


def _region_texts(root: etree._Element, title: str) -> list[tuple[str, str]]:
    """Texts that name the site's owner, most telling first: title, masthead, footer."""
    out: list[tuple[str, str]] = []
    site_name = root.xpath("//meta[@property='og:site_name']/@content")
    if site_name:
        out.append(("og:site_name", site_name[0]))
    out.append(("<title>", title))
    for where, sels in (
        ("masthead", _MASTHEAD),
        ("footer", ("footer", "#footer", ".footer", "[class*=footer]")),
    ):
        for sel in sels:
            for el in css(sel)(root)[:3]:
                alts = " ".join(el.xpath(".//img/@alt"))
                out.append((where, " ".join(el.itertext()) + " " + alts))
    return out


def _site_name(root: etree._Element, title: str, owner: Owner | None) -> tuple[str, str] | None:
    """The site's name and where it was read: og:site_name, else the telling part of <title>."""
    site_name = root.xpath("//meta[@property='og:site_name']/@content")
    if site_name and site_name[0].strip():
        return _squash(site_name[0]), "og:site_name"
    parts = [p.strip() for p in re.split(r"\s+[-|–—:»]\s+|\s*\|\s*", title) if p.strip()]
    parts = [p for p in parts if fold_aligned(p) not in _HOME_LABELS | {"homepage"}]
    if not parts:
        return None
    telling = [p for p in parts if re.search(r"ban |uy |dang |trang |cong ", fold_aligned(p) + " ")]
    return _squash(max(telling or parts, key=len)), "<title>"


class Prober:
    """One probe run: fetches through ``fetcher`` and fills a ``Proposal``."""

    def __init__(
        self,
        fetcher: Fetcher | None = None,
        *,
        timeout: float = 15.0,
        max_listings: int = 15,
        min_articles: int = 2,
        registry: str | None = None,
    ) -> None:
        self.fetcher = fetcher or (lambda url: fetch(url, timeout))
        self.max_listings = max_listings
        self.min_articles = min_articles
        self.registry = registry

    # -- the steps ----------------------------------------------------------------------------
    def probe(self, url: str) -> Proposal:
        requested = normalize_url(url)
        p = Proposal(url=requested, outcome="unreachable")
        home = self.fetcher(requested)
        if home.error and "://" not in url.strip() and requested.startswith("https://"):
            plain = self.fetcher("http://" + requested.removeprefix("https://"))
            if not plain.error:
                p.found.append(f"https:// failed ({home.error}); http:// answered")
                requested, home = plain.url, plain
        if home.error:
            p.found.append(f"no answer from {requested}: {home.error}")
            p.undecided.append("everything: the home page could not be fetched")
            return p
        p.found.append(f"home page {home.final_url or requested}: {home.describe()}")
        if urlsplit(home.final_url).hostname != urlsplit(requested).hostname:
            p.found.append(
                f"redirected to another host ({urlsplit(home.final_url).hostname}): the site may "
                "have moved; the entry uses the new address"
            )
        if home.status and home.status >= 400:
            p.undecided.append(f"everything: the home page answered HTTP {home.status}")
            return p
        if not _is_html(home):
            p.outcome = "not_html"
            start = home.body[:60].decode("utf-8", errors="replace")
            p.found.append(f"the answer is not HTML; it starts with {start!r}")
            p.undecided.append("everything: there is no HTML page to detect a CMS or menus in")
            return p
        base_url = _base_url(requested, home.final_url)
        text = home.text
        root = _parse(text)
        if root is None:
            p.outcome = "not_html"
            p.undecided.append("everything: the page is labelled HTML but has no markup")
            return p
        words, hrefs = _visible(root)
        scripts = len(root.xpath("//script"))
        title = _squash(" ".join(root.xpath("//title//text()")))
        self._describe_page(p, root, title, words, hrefs, scripts)
        if len(hrefs) < 3 and words < 50:
            if scripts:
                p.outcome = "js_only"
                p.undecided.append(
                    "CMS and sections: the page is rendered by JavaScript, and probe (like the "
                    "spider) does not run JavaScript; look for the JSON API behind it"
                )
            else:
                p.outcome = "undecided"
                p.undecided.append("CMS and sections: the page has almost no text and no links")
            self._draft(p, base_url, root, title, detection=None, active=False)
            return p

        detection = detect(text, home.final_url or requested)
        p.detection = detection
        family = FAMILIES.get(detection.family) or FAMILIES[GENERIC]
        robots = self._robots(p, base_url)
        self._feeds_and_sitemaps(p, base_url, root, family, robots)
        self._sections(p, base_url, root, family, robots)
        listing = [c for c in p.sections if c.listing]
        p.outcome = "ok" if not detection.is_generic and listing else "undecided"
        self._draft(p, base_url, root, title, detection=detection, active=True)
        return p

    def _describe_page(
        self,
        p: Proposal,
        root: etree._Element,
        title: str,
        words: int,
        hrefs: list[str],
        scripts: int,
    ) -> None:
        mounts = [
            f"<div id={m}>"
            for m in ("root", "app", "__next", "__nuxt")
            if root.xpath(f"//div[@id='{m}']")
        ]
        desc = f"{words} words of text, {len(hrefs)} links, {scripts} scripts"
        if mounts:
            desc += f", a JavaScript mount point {', '.join(mounts)}"
        p.found.append(f"page <title> {title!r}: {desc}")

    def _robots(self, p: Proposal, base_url: str) -> RobotFileParser | None:
        url = urljoin(base_url, "/robots.txt")
        got = self.fetcher(url)
        if not got.ok or not got.body.strip():
            p.found.append(f"robots.txt: {got.describe()} (no rules)")
            return None
        text = got.text
        parser = RobotFileParser(url)
        parser.parse(text.splitlines())
        sitemaps = _SITEMAP_LINE.findall(text)
        p.found.append(
            f"robots.txt: {got.describe()}; Sitemap lines: {', '.join(sitemaps) or 'none'}"
        )
        for sm in sitemaps:
            path = _site_path(base_url, _absolute(url, sm), scoped=False)
            if path:
                p.resources.append(Resource(path, "sitemap", "", False, "robots.txt"))
        return parser

    def _feeds_and_sitemaps(
        self,
        p: Proposal,
        base_url: str,
        root: etree._Element,
        family: Family,
        robots: RobotFileParser | None,
    ) -> None:
        wanted: list[Resource] = list(p.resources)
        for href in root.xpath(
            "//link[@rel='alternate'][contains(@type,'rss') or contains(@type,'atom')]/@href"
        ):
            path = _site_path(base_url, _absolute(base_url, href), scoped=False)
            if path:
                wanted.append(Resource(path, "feed", "", False, "<link rel=alternate>"))
        source = f"{family.name} default"
        wanted += [Resource(_rel(base_url, f), "feed", "", False, source) for f in family.feeds]
        wanted += [
            Resource(_rel(base_url, s), "sitemap", "", False, source) for s in family.sitemaps
        ]
        unique: list[Resource] = []
        for r in wanted:
            if r.path not in {u.path for u in unique}:
                unique.append(r)
        answers = self._fetch_many([urljoin(base_url, r.path) for r in unique])
        for r, got in zip(unique, answers, strict=True):
            r.answer = got.describe()
            head = got.body[:2048].lower()
            if r.kind == "feed":
                r.exists = got.ok and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)
            else:
                r.exists = got.ok and (b"<urlset" in head or b"<sitemapindex" in head)
        p.resources = unique
        for kind in ("feed", "sitemap"):
            ok = [r for r in unique if r.kind == kind and r.exists]
            missing = [r for r in unique if r.kind == kind and not r.exists]
            line = f"{kind}s: " + (", ".join(f"{r.path} ({r.source})" for r in ok) or "none")
            if missing:
                line += "; tried without success: " + ", ".join(
                    f"{r.path} ({r.answer})" for r in missing
                )
            p.found.append(line)

    def _sections(
        self,
        p: Proposal,
        base_url: str,
        root: etree._Element,
        family: Family,
        robots: RobotFileParser | None,
    ) -> None:
        candidates = self._menu_links(base_url, root, family)
        if not candidates:
            p.found.append("menus: no navigation links found (nav, ul.menu, header)")
            p.undecided.append("sections: no menu links to try")
            return
        allowed = []
        for url, label in candidates[: self.max_listings]:
            if robots is not None and not robots.can_fetch(USER_AGENT, url):
                p.sections.append(
                    SectionCandidate(
                        _site_path(base_url, url) or url, label, 0, "", False, "robots.txt says no"
                    )
                )
                continue
            allowed.append((url, label))
        pages = self._fetch_many([u for u, _ in allowed])
        found: list[tuple[set[str], str]] = []
        for got in pages:
            page = _parse(got.text) if got.ok and _is_html(got) else None
            found.append(self._listing_links(base_url, page, family))
        # A link on two or more of these pages is a sidebar ("Tin mới"), not a listing's own,
        # unless it sits under the listing's own path (Liferay, DNN, NukeViet nest articles
        # under their section: /web/kontum/xay-dung-dang/-/asset_publisher/…).
        home_links = self._listing_links(base_url, root, family)[0]
        # The home page under another address (/web/btg/trang-chu) shows every section's
        # newest articles: it must not make them look like a sidebar.
        seen_on = Counter(
            link for links, _ in found if not (links and links == home_links) for link in links
        )
        for (url, label), got, (links, how) in zip(allowed, pages, found, strict=True):
            under = _section_prefix(urlsplit(url).path)
            own = {
                link
                for link in links
                if seen_on[link] == 1 or (under and urlsplit(link).path.startswith(under))
            }
            is_home = bool(links) and links == home_links
            listing = len(own) >= self.min_articles and not is_home
            why = ""
            if not got.ok or not _is_html(got):
                why = got.describe()
            elif is_home:
                why = "the home page under another address"
            elif not listing:
                why = f"{len(own)} article links {how} (a section needs {self.min_articles})"
            p.sections.append(
                SectionCandidate(
                    _site_path(base_url, url) or url, label, len(own), got.describe(), listing, why
                )
            )
        chosen = [c for c in p.sections if c.listing]
        p.found.append(
            f"menus: tried {len(p.sections)} of {len(candidates)} links; "
            f"{len(chosen)} lead to listings (≥ {self.min_articles} links of their own that "
            f"{family.name}'s article patterns accept, in its listing entries where it has them)"
        )
        for c in p.sections:
            if not c.listing:
                p.found.append(f"  not a section: {c.path} ({c.name}): {c.why}")
        if not chosen:
            p.undecided.append("sections: no menu link led to a listing of articles")

    def _menu_links(
        self, base_url: str, root: etree._Element, family: Family
    ) -> list[tuple[str, str]]:
        """Navigation links on the site, in page order, each once, with their labels."""
        in_menu: set[etree._Element] = set()
        for sel in MENU_SELECTORS:
            for container in css(sel)(root):
                in_menu.update(container.iter("a"))
        home = {urldefrag(base_url)[0].rstrip("/")}
        out: dict[str, str] = {}
        for a in root.iter("a"):
            if a not in in_menu:
                continue
            href = (a.get("href") or "").strip()
            if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
                continue
            url = _absolute(base_url, href)
            path = _site_path(base_url, url)
            if url is None or path is None or url.rstrip("/") in home or path in ("/", ""):
                continue
            if _NOT_PAGES.search(urlsplit(url).path) or _FEEDISH.search(urlsplit(url).path):
                continue  # a file or a feed, not a listing page
            if family.excludes(url):
                continue
            if family.name != GENERIC and self._is_article(base_url, url, family):
                continue  # an article in the menu ("Giới thiệu" as a post) is not a listing
            label = _squash(a.text_content()) or _squash(a.get("title") or "")
            if fold_aligned(label) in _HOME_LABELS:
                continue
            if label and url not in out:
                out[url] = label
        return list(out.items())

    def _listing_links(
        self, base_url: str, page: etree._Element | None, family: Family
    ) -> tuple[set[str], str]:
        """Article links a crawl would take from this page as a listing, and how they were found.

        Like the spider: inside the family's listing entries when the page has them
        (``div.news_column div.panel-body`` on NukeViet), else anywhere on the page.
        """
        if page is None:
            return set(), "(no HTML)"
        # First matching selector wins, like the spider (fallbacks would match sidebars).
        entries: list[Any] = next(
            (found for sel in family.listing_item if (found := css(sel)(page))), []
        )
        if entries:
            anchors = [a for e in entries for a in e.iter("a")]
            how = "in listing entries"
        else:
            anchors = list(page.iter("a"))
            how = "on the page (no listing entries)"
        out = set()
        for a in anchors:
            url = _absolute(base_url, a.get("href") or "")
            if url and self._is_article(base_url, url, family):
                out.add(url)
        return out, how

    def _is_article(self, base_url: str, url: str, family: Family) -> bool:
        return _site_path(base_url, url, scoped=False) is not None and family.accepts(url)

    def _fetch_many(self, urls: list[str]) -> list[Fetched]:
        if not urls:
            return []
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(self.fetcher, urls))

    # -- the entry ----------------------------------------------------------------------------
    def _draft(
        self,
        p: Proposal,
        base_url: str,
        root: etree._Element,
        title: str,
        detection: Detection | None,
        active: bool,
    ) -> None:
        entry: dict[str, Any] = {}
        comments: dict[str, str] = {}
        key, key_note = self._key(base_url)
        entry["key"] = key
        if key_note:
            comments["key"] = key_note
        sources = _region_texts(root, title)
        owner = find_owner(sources)
        named = _site_name(root, title, owner)
        if named:
            entry["name"] = named[0]
            comments["name"] = f"from {named[1]}"
        else:
            entry["name"] = PLACEHOLDER
            comments["name"] = f"{PLACEHOLDER}: the page has no <title> or og:site_name"
            p.undecided.append("name: the page has no <title> or og:site_name")
        province = owner.province if owner else None
        if not province:
            found = find_province(sources)
            if found:
                province = found[0]
                comments["province"] = f"from the {found[1]}: {found[2]!r}"
        if province:
            entry["province"] = province
            if owner and owner.province:
                comments["province"] = f"from the {owner.where}: {owner.quote!r}"
        else:
            entry["province"] = PLACEHOLDER
            comments["province"] = f"{PLACEHOLDER}: not named in the title, masthead or footer"
            p.undecided.append("province: not named in the title, masthead or footer")
        if owner:
            entry["owner"] = owner.owner
            comments["owner"] = f"from the {owner.where}: {owner.quote!r}"
        else:
            entry["owner"] = PLACEHOLDER
            comments["owner"] = f"{PLACEHOLDER}: no Ban/Tỉnh ủy/Huyện ủy named on the page"
            p.undecided.append("owner: no party body named in the title, masthead or footer")
        entry["base_url"] = base_url
        if detection is not None and not detection.is_generic:
            entry["cms"] = detection.family
            comments["cms"] = f"score {detection.score}: " + "; ".join(detection.evidence[:4])
        else:
            entry["cms"] = "auto"
            why = "; ".join(detection.evidence) if detection else "no markup to detect from"
            comments["cms"] = f"{PLACEHOLDER}: {why}"
            if detection is not None:
                p.undecided.append(f"CMS family: {why}; the crawl will detect per run (auto)")
        entry["level"] = owner.level if owner else "province"
        if not owner:
            comments["level"] = f"{PLACEHOLDER}: central, province or district?"
        chosen = [c for c in p.sections if c.listing]
        entry["sections"] = [{"path": c.path, "name": c.name} for c in chosen]
        if not chosen:
            comments["sections"] = f"{PLACEHOLDER}: add listing paths by hand"
        defaults = self._defaults(entry["cms"])
        for kind, name in (("feed", "feeds"), ("sitemap", "sitemaps")):
            ok = [r.path for r in p.resources if r.kind == kind and r.exists]
            if ok and ok != defaults.get(name):
                entry[name] = ok
                comments[name] = "answered with XML when probed"
        entry["active"] = active
        if not active:
            comments["active"] = "nothing the spider can read without JavaScript"
        entry["verified"] = p.outcome == "ok"
        comments["verified"] = (
            "family and sections read from the live site"
            if p.outcome == "ok"
            else "something above is UNDECIDED"
        )
        stamp = f"{datetime.now(UTC):%Y-%m-%d}"
        entry["notes"] = f"probe {stamp}: " + (
            "; ".join(p.undecided) if p.undecided else "all fields read from the site"
        )
        entry["evidence"] = [f"[probe {p.url} {stamp}]"]
        p.entry, p.comments = entry, comments

    def _defaults(self, cms: str) -> dict[str, list[str]]:
        family = FAMILIES.get(cms)
        if family is None:
            return {}
        return {"feeds": list(family.feeds), "sitemaps": list(family.sitemaps)}

    def _key(self, base_url: str) -> tuple[str, str]:
        """A key from the host; if the registry has it for another site, a numbered one."""
        key = key_for(base_url)
        try:
            known = load_registry(self.registry or DEFAULT_REGISTRY, check_families=False)
        except RegistryError:
            return key, ""
        ident = site_identity(base_url)
        for site in known.values():
            if site_identity(site.base_url) == ident:
                return site.key, f"already in the registry ({site.source}): this is a fix"
        if key not in known:
            return key, ""
        n = 2
        while f"{key}-{n}" in known:
            n += 1
        return f"{key}-{n}", f"'{key}' is taken by {known[key].base_url}"


def _section_prefix(path: str) -> str:
    """The path articles of a listing would sit under ("/tin-tuc/tabid/61/default.aspx" →
    "/tin-tuc/tabid/61/"), or "" for the root."""
    segments = [s for s in path.split("/") if s]
    if segments and "." in segments[-1]:
        segments.pop()
    return "/" + "/".join(segments) + "/" if segments else ""


def _rel(base_url: str, path: str) -> str:
    """A family path ('/rss/') as seen from a site under a sub-path ('/thanhuyhanoi/')."""
    return _site_path(base_url, urljoin(base_url, path), scoped=False) or path


def _absolute(base_url: str, href: str) -> str | None:
    """An absolute URL without #fragment; None for hrefs no browser could follow."""
    try:
        url = urldefrag(urljoin(base_url, href.strip()))[0]
        urlsplit(url).port  # noqa: B018 - raises ValueError on "host:abc" and "[::1"
    except ValueError:
        return None
    return url


def _site_path(base_url: str, url: str | None, scoped: bool = True) -> str | None:
    """``url`` as a path (+ query) if it is on the site, else None.

    ``scoped``: also under the base path (a menu link of ``/thanhuyhanoi/`` stays in it;
    its sitemap may sit at the host's root).
    """
    if url is None:
        return None
    try:
        b, u = urlsplit(base_url), urlsplit(url)
        if u.scheme not in ("http", "https") or site_identity(url)[0] != site_identity(base_url)[0]:
            return None
    except ValueError:
        return None
    if scoped and not (u.path or "/").startswith(b.path or "/"):
        return None
    return (u.path or "/") + (f"?{u.query}" if u.query else "")


def probe(url: str, fetcher: Fetcher | None = None, **options: Any) -> Proposal:
    """Probe ``url`` and draft its entry (see ``Prober`` for the options)."""
    return Prober(fetcher, **options).probe(url)
