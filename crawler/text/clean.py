"""From the blocks a CMS family found (or a plain-text dump) to a clean article.

The rules work on whole blocks. A block is chrome when a cue of ``chrome.CUES`` covers
it, heads it as a label, or covers most of its lines; a body sentence that merely
mentions "Điện thoại" or "Đăng nhập" stays. The byline is looked for only at the end of
the body, captions by markup (``figcaption``), position (right after an image) or a
photo credit ("… Ảnh: Mai Trâm").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from crawler.items import Block
from crawler.text.chrome import CUES, DATELINE, EDGE, NUM, VIEW_KINDS, Cue
from crawler.text.dates import (
    LOCAL_TZ,
    is_date_line,
    parse_date_line,
    split_date_line,
    updated_segment,
)
from crawler.text.normalize import fold, normalize_text, tone_normalize

__all__ = [
    "Cleaned",
    "PlainArticle",
    "chrome_cue",
    "clean_blocks",
    "clean_plain_text",
    "is_date_line",
    "is_menu_line",
    "is_name",
    "is_source_line",
    "label_byline",
    "parse_views",
]


@dataclass
class Cleaned:
    body: str  # paragraphs separated by exactly one blank line
    lead: str | None = None
    author: str | None = None
    captions: list[str] = field(default_factory=list)
    views: int | None = None
    removed: list[str] = field(default_factory=list)  # dropped chrome blocks, for health checks


@dataclass
class PlainArticle(Cleaned):
    title: str | None = None
    date_line: str | None = None  # raw date line near the top, not parsed here
    updated_line: str | None = None  # its "Cập nhật …" segment when the line has both


# --------------------------------------------------------------------------------------------
# Small text predicates
# --------------------------------------------------------------------------------------------
_CLOSERS = "\"'”’»)]"


def _words(text: str) -> int:
    return len(text.split())


def _ends_sentence(text: str) -> bool:
    """Ends like prose: "… tốt đẹp." / "… không?" / "… bền vững…" (captions and names don't)."""
    t = text.rstrip().rstrip(_CLOSERS).rstrip()
    return bool(t) and t[-1] in ".!?…"


def _is_prose(text: str) -> bool:
    return _ends_sentence(text) or _words(text) >= 40


# --------------------------------------------------------------------------------------------
# Views and date lines
# --------------------------------------------------------------------------------------------
_VIEW_LABEL = r"(?:so )?(?:luot xem|luot doc|da xem|view count|views?|luot view|so lan (?:xem|doc))"
_LABEL_NUM = re.compile(rf"\b{_VIEW_LABEL}\s*[:：]?\s*({NUM})")
_NUM_LABEL = re.compile(rf"(?<![\d.,])({NUM})\s*(?:luot xem|luot doc|views?)\b")
_ONLY_NUM = re.compile(rf"(?:{NUM})")


def _to_int(digits: str) -> int | None:
    d = re.sub(r"\D", "", digits)
    return int(d) if d and len(d) <= 15 else None


def parse_views(text: str | None) -> int | None:
    """A view count from a counter text, or None.

    Accepts the labelled forms "Lượt xem: 6783", "4664 Lượt xem", "View count: 1095",
    "Đã xem: 1.234", the bare number of a views field, and the number after a date and a
    pipe, "15/06/2020 | 362" [S 001]. Thousands may be grouped "8 047", "19,709",
    "2.745.509" or not at all (§5.8). A time after the pipe ("06/10/2024 | 00:35") is not
    a count.
    """
    if not text or not isinstance(text, str):
        return None
    key = fold(normalize_text(text))
    if not key:
        return None
    if _ONLY_NUM.fullmatch(key):
        return _to_int(key)
    for rx in (_LABEL_NUM, _NUM_LABEL):
        m = rx.search(key)
        if m:
            return _to_int(m.group(1))
    return _count_after_date(key)


def _count_after_date(key: str) -> int | None:
    """ "15/06/2020 | 362": a bare number in the segment right after a date segment."""
    parts = [p.strip() for p in key.split("|")]
    for date_part, count in itertools.pairwise(parts):
        if _ONLY_NUM.fullmatch(count) and is_date_line(date_part):
            return _to_int(count)
    return None


# --------------------------------------------------------------------------------------------
# Chrome judgement
# --------------------------------------------------------------------------------------------
# No cue covers a line longer than this: a paragraph is settled without folding it.
_MOST_WORDS = max(cue.max_words for cue in CUES)


def _matcher(cue: Cue) -> Callable[[str], re.Match[str] | None]:
    """How the cue is tried on a folded line: covering it, heading it or anywhere in it."""
    if cue.where == "whole":
        return cue.regex.fullmatch
    if cue.where == "head":
        return cue.regex.match
    return cue.regex.search


# For each word count, the cues that may cover a line of that many words, in ``CUES`` order.
_CUES_FOR: tuple[tuple[tuple[Cue, Callable[[str], re.Match[str] | None]], ...], ...] = tuple(
    tuple((cue, _matcher(cue)) for cue in CUES if words <= cue.max_words)
    for words in range(_MOST_WORDS + 1)
)


def _line_cue(text: str) -> Cue | None:
    if is_date_line(text):
        return DATELINE
    words = _words(text)
    if words > _MOST_WORDS:
        return None
    key = fold(text).strip(EDGE)
    for cue, matches in _CUES_FOR[words]:
        hit = matches(key)
        if not hit:
            continue
        if cue.unpunctuated and _ends_sentence(text):
            continue
        if cue.check is not None and not cue.check(text):
            continue
        return cue
    return None


def chrome_cue(text: str) -> Cue | None:
    """The cue that makes a whole block chrome, or None.

    One line: a cue must cover it, head it (short label blocks) or occur in it (short
    blocks, unmistakable phrases). Several lines ("Thống kê truy cập / Đang online: 6 / …"):
    chrome when the chrome lines hold most of the text, so a paragraph with one
    "Điện thoại: …" line in it survives.
    """
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        return None
    if len(lines) == 1:
        return _line_cue(lines[0])
    cues = [_line_cue(ln) for ln in lines]
    chrome_chars = sum(len(ln) for ln, c in zip(lines, cues, strict=True) if c is not None)
    total = sum(len(ln) for ln in lines)
    if total and chrome_chars / total >= 0.6:
        return next(c for c in cues if c is not None)
    return None


# --------------------------------------------------------------------------------------------
# Bylines
# --------------------------------------------------------------------------------------------
# "Tin, ảnh: Ngô Đức Hải", "Bài và ảnh: …", "Tác giả: …" (NV detail.tpl), "Thực hiện: …".
_BYLINE_LABEL = re.compile(
    r"^((?:tin|bai|anh|video|clip|do hoa|thuc hien|tac gia|nhom (?:pv|phong vien)|pv|ctv|btv"
    r"|phong vien|nguoi viet)(?:\s*(?:,|va|&|\+|-|/)\s*(?:tin|bai|anh|video|clip|do hoa))*)"
    r"\s*:\s*\S"
)
_PHOTO_ONLY_LABELS = {"anh", "video", "clip", "do hoa"}
_CUT_PHOTO_CREDIT = re.compile(r"\s*[-–—,;|/]\s*(?:ảnh|video|clip|đồ hoạ|đồ họa)\s*:.*$", re.I)
# Organisations and positions that follow a name as an affiliation line. Matched on the
# lower-cased text *with* diacritics: folded, "Báo"/"Bảo", "Phòng"/"Phong", "Cục"/"Cúc" and
# "Viện"/"Viên" would collide, and the second of each pair is a common given name.
_ORG_HEAD = re.compile(
    r"^(?:ban |đảng (?:ủy|bộ|đoàn)|(?:tỉnh|thành|huyện|quận|thị|xã|phường) (?:ủy|đoàn|hội)"
    r"|sở |phòng |hội |trung tâm|ủy ban|ubnd|báo |đài |cổng thông tin|trang thông tin"
    r"|văn phòng|trường (?:chính trị|đại học|cao đẳng|trung cấp|thpt|thcs|tiểu học|sĩ quan)"
    r"|cục |viện |bộ |chi bộ|mặt trận|liên đoàn|đoàn (?:thanh niên|kiểm tra|công tác|đại biểu)"
    r"|tổng cục|tổng công ty|học viện|ngân hàng|công ty|tập đoàn|khối |btg|thông tấn xã|ttxvn"
    r"|(?:phó )?(?:bí thư|trưởng ban|chủ tịch|giám đốc|trưởng phòng|chánh văn phòng|ủy viên))"
)


def _org_key(text: str) -> str:
    return tone_normalize(text.lower()) + " "


# First words that make a Title-Case line a label, not a name ("Thứ Năm", "Tin Khác").
# Unfolded: "Thu Hà" and "Chu Văn An" are names, "Thứ Năm" and "Chủ Nhật" are not.
_NOT_NAME_FIRST = {
    "thứ", "chủ", "tin", "bài", "ảnh", "video", "xem", "chuyên", "nguồn", "theo", "tác", "ngày",
    "trang", "liên", "tổng", "các", "những", "một",
}  # fmt: skip
_DEGREE = re.compile(r"^(?:(?:pgs|gs|ts|ths|cn|ks|bs|ncs|ls|nhà báo)\b\.?\s*,?\s*)+(?=\S)", re.I)
_NAME_SEP = re.compile(r"\s+[-–—&/]\s+|\s*,\s+|\s+và\s+")
_NOTE = re.compile(r"\s*\(([^()]{1,30})\)$")
_INITIALS = re.compile(r"(?:[^\W\d_]\.?){1,3}")
_SOURCE_TRAILER = re.compile(r"^nguon(?: tin| bai)?\s*[:\-]|^nguon\b.{0,60}(?:https?://|www\.)")


def _syllable(tok: str, allow_caps: bool) -> bool:
    t = tok.replace("'", "").replace("’", "")
    if not t.isalpha() or len(t) > 7 or not t[0].isupper():
        return False
    return t[1:].islower() or len(t) == 1 or (allow_caps and t.isupper())


def _initials(tok: str) -> bool:
    return bool(_INITIALS.fullmatch(tok)) and tok.replace(".", "").isupper()


def is_name(text: str, allow_caps: bool = False) -> bool:
    """A personal byline: 2–5 capitalised syllables per name, no final period.

    "Lê Văn Châu", "Quang Mẫn – Duy Phong", "P. Thuỷ", "T.H", "TS (tổng hợp)",
    "TS. Nguyễn Văn A" are; "Quang cảnh Hội nghị", "Ban Tuyên giáo Đảng ủy Khối" are not.
    """
    s = text.strip()
    if not s or len(s) > 80 or any(c.isdigit() for c in s) or ":" in s:
        return False
    note = _NOTE.search(s)
    if note:
        s = s[: note.start()].strip()
    s = _DEGREE.sub("", s).strip()
    if not s:
        return False
    if _ORG_HEAD.match(_org_key(s)) or tone_normalize(s.split()[0].lower()) in _NOT_NAME_FIRST:
        return False
    parts = [p for p in _NAME_SEP.split(s) if p]
    tokens = [t for p in parts for t in p.split()]
    if not parts or len(tokens) > 12:
        return False
    if s.endswith(".") and not _initials(tokens[-1]):
        return False
    dotted = False
    for part in parts:
        toks = part.split()
        if not 1 <= len(toks) <= 5:
            return False
        for t in toks:
            if _initials(t) and (len(t) <= 4 or "." in t):
                dotted = dotted or "." in t
                continue
            if not _syllable(t, allow_caps):
                return False
    return any(len(p.split()) >= 2 for p in parts) or dotted or note is not None


def label_byline(text: str) -> str | None:
    """The name out of "Tin, ảnh: Ngô Đức Hải" / "Bài: X - Ảnh: Y" (photo credits excluded).

    The one reading of a labelled byline: the clean stage (bylines in the body), the site
    profile (a byline slot outside it) and the markup finder (``crawler/finders/byline.py``)
    all ask it. It lives here, not in ``crawler.finders``: the finders import this room.
    """
    if _words(text) > 15:
        return None
    m = _BYLINE_LABEL.match(fold(text))
    if not m:
        return None
    labels = {lb.strip() for lb in re.split(r"\s*(?:,|\bva\b|&|\+|-|/)\s*", m.group(1)) if lb}
    if labels <= _PHOTO_ONLY_LABELS:
        return None
    value = text.split(":", 1)[1].strip() if ":" in text else ""
    value = _CUT_PHOTO_CREDIT.sub("", value).strip().rstrip(".").strip()
    return value or None


def _is_affiliation(text: str) -> bool:
    return _words(text) <= 15 and not _ends_sentence(text) and bool(_ORG_HEAD.match(_org_key(text)))


# Notes after a byline that say how the text was made, not who made it:
# "T.H (tổng hợp)", "BTG (st)", "P.V (lược dịch)". The author is the part before.
_ROLE_NOTE = re.compile(
    r"^(?:tong hop|st|suu tam|bt|bien tap|luoc dich|dich|bien dich|tong hop, bien tap)$"
)


def _without_note(name: str) -> str:
    """ "T.H (tổng hợp)" → "T.H": the note stays out of ``author``."""
    return _NOTE.sub("", name).strip()


# A newsroom signing as staff, alone on a line: "PV", "Nhóm PV", "CTV", "PV - CTV".
_STAFF = re.compile(
    r"(?:nhom )?(?:pv|ctv|btv|phong vien|nhom phong vien|cong tac vien|bien tap vien)"
    r"(?:\s*[-–/,&+]\s*(?:pv|ctv|btv))*"
)


def _name_of(block: Block, text: str) -> str | None:
    """The author if this block is a byline, else None."""
    if block.kind == "heading":
        return None
    if _words(text) <= 4 and _STAFF.fullmatch(fold(text).strip(" .")):
        return text.strip().rstrip(".")
    label = label_byline(text)
    if label:
        return _without_note(label)
    # A name set apart (right-aligned, bold, italic) may be in capitals: "NGUYỄN VĂN A".
    caps = block.align == "right" or block.emphasis
    if is_name(text, allow_caps=caps):
        return _without_note(text)
    # An office signing a compilation: "BTG (tổng hợp)", "Ban Tuyên giáo (st)".
    note = _NOTE.search(text)
    if note and _ROLE_NOTE.match(fold(note.group(1))):
        who = text[: note.start()].strip()
        first = tone_normalize(who.split()[0].lower()) if who else ""
        if (
            who
            and _words(who) <= 8
            and not _ends_sentence(who)
            and who[0].isupper()
            and not any(c.isdigit() for c in who)
            and first not in _NOT_NAME_FIRST
        ):
            return who
    # "Nguyễn Văn Sơn - Ban Tuyên giáo Đảng ủy Khối" on one line.
    m = re.match(r"^(.{3,60}?)\s*(?:[-–—,]\s+)(.+)$", text)
    if m and _is_affiliation(m.group(2)) and is_name(m.group(1), allow_caps=caps):
        return m.group(1).strip()
    return None


# --------------------------------------------------------------------------------------------
# Captions
# --------------------------------------------------------------------------------------------
# "… Ảnh: Mai Trâm" [S 000], "(Ảnh: Phương Hoa/TTXVN)", "ẢNH: LÂM VIÊN", "Ảnh minh họa |".
_CREDIT = re.compile(
    r"(?:^|[\s(.|–—-])(?:anh|nguon anh|anh minh hoa|anh tu lieu|anh tl|photo)\s*:\s*[^:]{1,80}\)?$"
    r"|(?:^|[\s(|–—-])anh minh hoa\s*\)?\s*\|?$"
)
_CREDIT_ONLY = re.compile(r"^\(?(?:anh|nguon anh|anh minh hoa|photo)\b")


def _has_credit(text: str) -> bool:
    if _words(text) > 60:
        return False
    key = fold(text)
    # Every credit holds "anh" or "photo": a plain search settles most blocks.
    if not ("anh" in key or "photo" in key) or not _CREDIT.search(key):
        return False
    return not label_byline(text)


def _is_caption(block: Block, text: str) -> bool:
    if block.kind == "caption":
        return True
    if _has_credit(text):
        return True
    if block.after_image and block.kind != "heading" and _words(text) <= 40:
        return not _ends_sentence(text) or block.emphasis or block.align == "center"
    return False


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for it in items:
        k = fold(it)
        if k and k not in seen:
            seen.add(k)
            out.append(it)
    return out


# --------------------------------------------------------------------------------------------
# The cleaner
# --------------------------------------------------------------------------------------------
def _paragraph(text: str) -> str:
    """One block as one paragraph: inner blank lines closed up, so only blocks are split."""
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def clean_blocks(
    blocks: list[Block],
    title: str | None = None,
    lead: str | None = None,
    byline_hint: str | None = None,
    views_text: str | None = None,
    byline_guess: str | None = None,
) -> Cleaned:
    """Chrome out, captions aside, byline split off; what is left is the body.

    Order matters: (1) normalise every block; (2) drop a title/lead repeated as the first
    blocks; (3) walk the blocks judging chrome — a terminal cue ("Tin khác", "Bài trước…")
    after body text ends the article, a widget head ("Thăm dò ý kiến") takes its short
    items with it (a poll also its question, "Bạn đánh giá thế nào …?"); (4) captions;
    (5) the byline at the end, else at the top.

    ``byline_hint`` is what a family's byline selector read: it wins. ``byline_guess`` is
    what the markup suggests without a family (``itemprop=author`` …): it serves only
    when the text itself has no byline.
    """
    removed: list[str] = []
    views = parse_views(views_text) if views_text else None
    title_n = normalize_text(title) if isinstance(title, str) else ""
    title_key = fold(title_n)
    lead_n = normalize_text(lead) if isinstance(lead, str) else ""
    if lead_n and title_key and fold(lead_n) == title_key:
        lead_n = ""  # NukeViet hometext that only repeats the h1 [S 004]
    lead_key = fold(lead_n)

    items: list[tuple[Block, str]] = []
    for b in blocks or []:
        text = normalize_text(b.text) if isinstance(getattr(b, "text", None), str) else ""
        if text:
            items.append((b, text))
    # The title or the lead repeated among the first blocks (h1 + hometext + body [S 004]).
    repeats = {k for k in (title_key, lead_key) if k}
    items = [it for n, it in enumerate(items) if n >= 3 or fold(it[1]) not in repeats]

    kept: list[tuple[Block, str]] = []
    seen_body = absorbing = False
    poll = False  # the widget being absorbed is a poll: its question goes with it
    for i, (b, text) in enumerate(items):
        cue = chrome_cue(text)
        if cue is not None:
            removed.append(text)
            if views is None and cue.kind in VIEW_KINDS:
                views = parse_views(text)
            if cue.terminal and seen_body:
                removed.extend(t for _, t in items[i + 1 :])
                break
            if cue.absorbs:  # the latest widget head names the widget
                poll = cue.kind == "poll"
            absorbing = absorbing or cue.absorbs  # widget items may match cues themselves
            continue
        question = poll and _words(text) <= 25 and text.rstrip().endswith("?")
        if absorbing and b.kind != "heading" and (question or not _is_prose(text)):
            removed.append(text)
            continue
        absorbing = poll = False
        kept.append((b, text))
        if b.kind != "caption" and _words(text) >= 10:
            seen_body = True

    captions: list[str] = []
    body: list[tuple[Block, str]] = []
    last_caption = False
    for b, text in kept:
        if last_caption and _CREDIT_ONLY.match(fold(text)) and _words(text) <= 8:
            captions[-1] = f"{captions[-1]} {text}"  # credit on its own line under a caption
            continue
        if _is_caption(b, text):
            captions.append(text)
            last_caption = True
            continue
        last_caption = False
        body.append((b, text))
    captions = _dedupe(captions)
    caption_keys = {fold(c) for c in captions}
    if caption_keys:  # hidden caption copies
        body = [(b, t) for b, t in body if fold(t) not in caption_keys]

    author = _split_byline(body, removed) or _split_top_byline(body, removed)
    for given, wins in ((byline_hint, True), (byline_guess, False)):
        hint = _hint_name(given)
        if hint and (wins or author is None):
            if body and fold(body[-1][1]) == fold(hint):
                removed.append(body.pop()[1])
            author = hint
            break

    return Cleaned(
        body="\n\n".join(_paragraph(t) for _, t in body),
        lead=lead_n or None,
        author=author,
        captions=captions,
        views=views,
        removed=removed,
    )


def _hint_name(given: str | None) -> str | None:
    """The author out of a byline element's text; None for a source line ("Nguồn: …")."""
    if not given or not isinstance(given, str):
        return None
    hint = normalize_text(given)
    # One element with both labels: "Tác giả: Thanh Tâm Nguồn tin: Báo Tây Ninh".
    hint = re.split(r"\s+(?=ngu[ồô]n(?: tin| bài)?\s*:)", hint, flags=re.I)[0]
    # "Nguồn tin: Ban Tuyên giáo Tỉnh ủy" names a source, not an author.
    if _SOURCE_TRAILER.match(fold(hint)):
        return None
    hint = label_byline(hint) or re.sub(r"^[^:]{1,20}:\s*", "", hint).strip()
    return _without_note(hint) or None


def _split_top_byline(body: list[tuple[Block, str]], removed: list[str]) -> str | None:
    """Take a byline off the top of the body (in place); return the author.

    Some themes print it before the first paragraph: "Tin, ảnh: Ngô Đức Hải", "Tác giả:
    Thanh Tâm", or a name alone set apart (bold, italic, right-aligned). A labelled line
    is enough; a bare name must be set apart, and body text must follow either.
    """
    for j in range(min(2, len(body) - 1)):
        b, text = body[j]
        if b.kind in ("heading", "caption"):
            return None
        label = label_byline(text)
        name = _without_note(label) if label else None
        if name is None and (b.emphasis or b.align == "right") and is_name(text, allow_caps=True):
            name = _without_note(text)
        if name and any(_is_prose(t) for _, t in body[j + 1 :]):
            removed.append(text)
            del body[j]
            return name
        if _is_prose(text):
            return None
    return None


# "Theo Báo Quảng Trị", "(Theo TTXVN)", "Theo baochinhphu.vn": the outlet a text was taken
# from, set under it. The outlet is capitalised ("Theo báo cáo, …" opens a sentence).
_THEO_SOURCE = re.compile(
    r"^\(?\s*Theo\s+(?:(?:Báo|Tạp chí|Đài|Cổng|Trang|Website|Thông tấn xã)\b"
    r"|[A-ZĐ]{2,}\b|[\w-]+\.(?:vn|com|net|org)\b)"
)


def is_source_line(text: str) -> bool:
    """A short line naming the outlet the article was taken from: "Theo Báo Quảng Trị",
    "(Theo TTXVN)", "Nguồn: Báo Lào Cai". Not an author, not body text."""
    t = text.strip()
    if _words(t) > 10 or (_ends_sentence(t) and not t.endswith(")")):
        return False
    return bool(_THEO_SOURCE.match(t)) or bool(_SOURCE_TRAILER.match(fold(t)))


def _is_tail(text: str) -> bool:
    """What may follow a byline: an affiliation, a source line, a short label line."""
    if _words(text) > 20:
        return False
    return (
        _is_affiliation(text)
        or bool(_SOURCE_TRAILER.match(fold(text)))
        or (_words(text) <= 6 and not _ends_sentence(text))
    )


def _split_byline(body: list[tuple[Block, str]], removed: list[str]) -> str | None:
    """Take the byline off the end of the body (in place); return the author.

    Forms: a name alone ("Lê Văn Châu"), right-aligned ("Trần Bình Trọng"), labelled
    ("Tin, ảnh: Ngô Đức Hải"), a staff signature ("PV", "Nhóm PV"), a name then an
    affiliation line ("Nguyễn Văn Sơn" / "Ban Tuyên giáo Đảng ủy Khối"), a name then a
    source line ("TS (tổng hợp)" / "Nguồn Bắc Giang: http://…"). The byline is one of the
    last three blocks and only such tail lines may follow it; at least one body block must
    stay before it. Without a byline, source lines ending the body ("Theo Báo Quảng Trị")
    are taken off all the same: they name an outlet, not an author.
    """
    for j in range(len(body) - 1, max(0, len(body) - 4), -1):
        b, text = body[j]
        name = _name_of(b, text)
        if name:
            removed.extend(t for _, t in body[j:])
            del body[j:]
            return name
        if not _is_tail(text) or b.kind == "heading":
            break
    while len(body) > 1 and is_source_line(body[-1][1]):  # "Theo Báo …" with no byline
        removed.append(body.pop()[1])
    return None


# --------------------------------------------------------------------------------------------
# Plain-text dumps (the seeds)
# --------------------------------------------------------------------------------------------
_LEAD_WS = " \t\u00a0\u2007\u202f\u3000"
_LINE_SPLIT = re.compile(r"\r\n?|\n|[\u2028\u2029]")


_BREADCRUMB = re.compile(
    r"^trang chu\b|\S\s*(?:»|>|›|/)\s*\S.*(?:»|>|›|/)|^[^.!?]{0,60}\s(?:»|>|›)\s"
)
_TOP_BYLINE = re.compile(
    r"^(?:(?:viết|đăng|gửi) )?bởi\s*:?\s*|^(?:tác giả|người viết|by)\s*:\s*", re.I
)
_HEAD_LINES = 40  # the title and its date line are within the first lines of a dump
_TAIL_LINES = 4  # a date line printed under the article sits within its last lines
_CAPTION_WORDS = 15  # a line set apart as an image's caption is at most this long
_LEAD_WINDOW = 6  # a date line under the lead sits within this many lines of the title
_GAP_LINES = 3  # at most this many other lines (captions, a lead) between date line and body
# Items of a navigation bar copied as one line: runs of spaces, tabs, pipes, bullets.
_MENU_SEP = re.compile(r"\s{2,}|\t|\s*[|•·◦▪►]\s*")


def _letter_words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalpha() for c in w))


def is_menu_line(raw: str) -> bool:
    """A navigation bar copied as one line: three or more short items set apart by runs of
    spaces, tabs, pipes or bullets, two of them plain words ("Trang chủ | Giới thiệu | Liên
    hệ", "Thời sự  Kinh tế  Xã hội", a top bar "07/12/2026 | Đăng nhập | Liên hệ").

    A meta line has pipes too, but its items are labelled or numeric ("Tác giả: Hồng Nhung |
    Ngày đăng: 09/01/2024 16:20 | Lượt xem: 312"), so it is not a menu.
    """
    items = [p.strip() for p in _MENU_SEP.split(raw.strip()) if p.strip()]
    if len(items) < 3 or any(_words(p) > 8 or _ends_sentence(p) for p in items):
        return False
    plain = [p for p in items if not any(c.isdigit() for c in p) and ":" not in p]
    return len(plain) >= 2


def _is_header_chrome(norm: str) -> bool:
    """A line of the page header: a breadcrumb, a chrome cue, a date line or clock."""
    return bool(_BREADCRUMB.search(fold(norm))) or chrome_cue(norm) is not None


def _may_be_title(norm: str, min_words: int, raw: str | None = None) -> bool:
    """A line that can be a title: enough words, not a sentence or a label ("…:"), no date,
    no chrome, no breadcrumb, no menu bar. "?" and "!" and a cut-off "..." may end a title."""
    words = _letter_words(norm)
    return (
        min_words <= words <= 60
        and not (norm.rstrip().endswith((".", ":")) and not norm.rstrip().endswith("..."))
        and not is_date_line(norm)
        and split_date_line(norm) is None
        and not _is_header_chrome(norm)
        and not is_menu_line(raw if raw is not None else norm)
    )


def _is_meta_line(norm: str) -> bool:
    """A short line between the title and the body: a date line, a counter, a top byline."""
    if _words(norm) > 16 or _ends_sentence(norm):
        return False
    return (
        split_date_line(norm) is not None
        or parse_views(norm) is not None
        or bool(_TOP_BYLINE.match(norm))
    )


def _between_title_and_body(norm: str) -> bool:
    """What may stand between a title and its first paragraph: meta lines, labelled bylines."""
    return _is_meta_line(norm) or label_byline(norm) is not None


def _is_tool_line(norm: str, raw: str) -> bool:
    """A line of the page's furniture around the title: chrome ("In", "Chia sẻ", "A- A A+"),
    a menu bar, a word or two ("English", "null", "Lưu"), a photo caption with its credit."""
    return (
        _letter_words(norm) <= 2
        or _is_header_chrome(norm)
        or is_menu_line(raw)
        or _has_credit(norm)
    )


def _is_clock(norm: str, fetched_at: datetime | None) -> bool:
    """A day-only date line showing the capture day: the masthead's "today" ("Thứ Bảy,
    01/11/2025" on a page fetched that day), unless a title sits right above it."""
    if fetched_at is None:
        return False
    read = parse_date_line(norm, fetched_at)
    return (
        read.value is not None
        and read.precision == "day"
        and read.value.astimezone(LOCAL_TZ).date() == fetched_at.astimezone(LOCAL_TZ).date()
    )


def _near_body(head: list[str], raws: list[str], at: int, prose: int | None) -> bool:
    """Line ``at`` is followed by the first paragraph, with only meta lines, tool lines and
    at most ``_GAP_LINES`` others (a caption, a lead) in between. True when the head has
    no prose."""
    if prose is None:
        return True
    others = [
        k
        for k in range(at + 1, prose)
        if not _between_title_and_body(head[k]) and not _is_tool_line(head[k], raws[k])
    ]
    return len(others) <= _GAP_LINES


def _find_title(
    norms: list[str], fetched_at: datetime | None, raws: list[str] | None = None
) -> tuple[int, int | None]:
    """(title index, date line index or None) among the first lines of a dump.

    The article's date line sits between its title and its first paragraph; a masthead
    clock sits above the menus, far from the body. So, among the date lines near the
    body (``_near_body``; a menu bar holding a date is a top bar, not one), the one nearest
    the body with a title right before it (over title repeats and top bylines) wins, then
    one with a title right after it that leads to the body. Without such a pair the title
    is the line right before the first paragraph (over meta lines and bylines), else the
    first line that can be one (five words or more, no chrome, no breadcrumb, no menu).
    """
    raws = raws if raws is not None and len(raws) == len(norms) else norms
    head = norms[:_HEAD_LINES]
    prose: int | None = None
    for k, norm in enumerate(head):  # the header ends where the prose starts
        if _ends_sentence(norm) and _words(norm) >= 10:
            head, prose = head[: k + 1], k
            break

    seen = [fold(n) for n in head]

    def titled(k: int, min_words: int = 3) -> bool:
        byline = label_byline(head[k]) is not None or bool(_TOP_BYLINE.match(head[k]))
        return _may_be_title(head[k], min_words, raws[k]) and not byline

    def tool(k: int) -> bool:
        return _is_tool_line(head[k], raws[k])

    dated = [
        i
        for i, norm in enumerate(head)
        if _words(norm) <= 16
        and split_date_line(norm, fetched_at) is not None
        and not is_menu_line(raws[i])
        and _near_body(head, raws, i, prose)
    ]

    def after(i: int) -> int | None:
        """The title right after date line ``i`` (over tool lines), leading to the body."""
        k = i + 1
        while k < min(len(head), i + 1 + _GAP_LINES) and tool(k):
            k += 1
        return k if k < len(head) and titled(k) and _near_body(head, raws, k, prose) else None

    for i in reversed(dated):
        j, tools = i - 1, 0
        while j >= 0 and (
            _TOP_BYLINE.match(head[j])
            or parse_views(head[j]) is not None
            or (tool(j) and tools < _GAP_LINES)
        ):
            tools += tool(j)
            j -= 1
        while j > 0 and fold(head[j - 1]) == fold(head[j]):
            j -= 1
        if j >= 0 and titled(j):
            # The last item of a sidebar list ("Tin đọc nhiều") has more such lines above
            # it, a section label is short; when a title follows the date line, that one is
            # the article's.
            listed = j > 0 and titled(j - 1, 5) and seen[j - 1] != seen[j]
            short = _letter_words(head[j]) < 5  # a section label more often than a title
            later = after(i) if listed or short else None
            return (later, i) if later is not None else (j, i)
    for i in dated:
        if _is_clock(head[i], fetched_at):  # a masthead's "today" is not paired downwards
            continue
        later = after(i)
        if later is not None:
            return later, i
    if prose is not None:
        j = prose - 1
        while j >= 0 and (_between_title_and_body(head[j]) or tool(j)):
            j -= 1
        while j > 0 and fold(head[j - 1]) == fold(head[j]):
            j -= 1
        if j >= 0 and titled(j):
            return j, None
    for i in range(len(head)):
        if titled(i, 5):
            return i, None
    return 0, None


def _set_apart(k: int, indents: list[int]) -> bool:
    """Line ``k`` is indented a little (1–9 spaces) while the lines around it are not: what
    an inline image leaves before its caption when a page is copied as text."""
    if not 1 <= indents[k] < 10:
        return False
    return (k == 0 or indents[k - 1] == 0) and (k + 1 == len(indents) or indents[k + 1] == 0)


def clean_plain_text(text: str, fetched_at: datetime | None = None) -> PlainArticle:
    """Clean a plain-text dump of a whole page: title, date line, then the blocks.

    The title and its date line are found among the first lines (``_find_title``): header
    lines before the title (breadcrumbs, menus, the masthead and its clock) are dropped, and
    so are the short meta lines right after it (title repeats, the date line, counters,
    "Viết bởi …"). ``date_line`` is the date segment of the chosen line, label-aware
    ("Đăng ngày … | Cập nhật …" gives the published one); with no date line near the title,
    a date line in the few lines under the article ("Ngày cập nhật: 21/05/2024") is used.
    ``fetched_at`` lets a day-only date equal to the capture day count as a clock.
    Every other non-empty line is a block: ≥10 leading spaces mean right-aligned (bylines
    [S 001, 003]); a leading NBSP is what an inline image leaves before its caption [S 002],
    and so is a short indent on a line whose neighbours have none (``_set_apart``);
    the same short line twice in a row is NukeViet's figcaption plus its hidden preview copy
    [S 004]. Then ``clean_blocks``.
    """
    if not isinstance(text, str):
        text = ""
    raw_lines = _LINE_SPLIT.split(text.lstrip("\ufeff"))
    lines = [(raw, normalize_text(raw)) for raw in raw_lines]
    lines = [(raw, norm) for raw, norm in lines if norm]
    if not lines:
        return PlainArticle(body="")
    norms = [norm for _, norm in lines]
    at, date_at = _find_title(norms, fetched_at, [raw for raw, _ in lines])
    title = norms[at]
    title_key = fold(title)
    removed = norms[:at]
    date_line: str | None = None
    updated_line: str | None = None
    views: int | None = None
    top_author: str | None = None
    i = at + 1
    last = max(at + 6, date_at if date_at is not None else 0)
    while i < len(lines) and i <= last:
        norm = norms[i]
        if fold(norm) == title_key:
            i += 1
            continue
        # tool lines between the title and its date line ("In", "English") go with them
        between = date_at is not None and at < i < date_at
        if not (i == date_at or between or _is_meta_line(norm)):
            break
        split = split_date_line(norm, fetched_at)
        if split is not None and date_line is None:
            date_line = norm if norm == split[0] else split[0]
            edited = updated_segment(norm, fetched_at)
            updated_line = edited if edited != date_line else None
        views = views if views is not None else parse_views(norm)
        for part in norm.split("|"):  # "Tác giả: Hồng Nhung | Ngày đăng: … | Lượt xem: 312"
            byline = _TOP_BYLINE.match(part.strip())
            name = _without_note(part.strip()[byline.end() :].strip()) if byline else ""
            if name and top_author is None and is_name(name):
                top_author = name
        removed.append(norm)
        i += 1
    if date_line is None and date_at is not None and date_at < at:
        split = split_date_line(norms[date_at], fetched_at)
        date_line = split[0] if split is not None else None
    under: set[int] = set()
    if date_line is None:
        date_line, under_author, under = _under_lead(norms[i : i + _LEAD_WINDOW], fetched_at)
        top_author = top_author or under_author
    removed.extend(norms[i + k] for k in sorted(under))

    blocks: list[Block] = []
    body_lines = [line for k, line in enumerate(lines[i:]) if k not in under]
    indents = [len(raw) - len(raw.lstrip(_LEAD_WS)) for raw, _ in body_lines]
    for k, (raw, norm) in enumerate(body_lines):
        right = indents[k] >= 10
        blocks.append(
            Block(
                norm,
                align="right" if right else None,
                after_image=not right and (raw[:1] == "\u00a0" or _set_apart(k, indents)),
            )
        )
    for blk in blocks:  # set apart and short: a caption, even one ending in a period
        if blk.after_image and _words(blk.text) <= _CAPTION_WORDS:
            blk.kind = "caption"
    for a, b in itertools.pairwise(blocks):
        if a.text == b.text and _words(a.text) <= 30 and not _ends_sentence(a.text):
            a.kind = b.kind = "caption"

    cleaned = clean_blocks(blocks, title=title)
    if cleaned.views is not None:
        views = cleaned.views
    if date_line is None or views is None:
        tail_date, tail_views = _read_tail(norms[i:], cleaned.body, fetched_at)
        date_line = date_line or tail_date
        views = views if views is not None else tail_views
    return PlainArticle(
        body=cleaned.body,
        lead=cleaned.lead,
        author=cleaned.author or top_author,
        captions=cleaned.captions,
        views=views,
        removed=removed + cleaned.removed,
        title=title,
        date_line=date_line,
        updated_line=updated_line,
    )


def _under_lead(
    norms: list[str], fetched_at: datetime | None
) -> tuple[str | None, str | None, set[int]]:
    """A date line standing alone in the first lines after the title, below at most one
    paragraph (the lead) and short lines (byline, counters, share buttons): themes that
    print title, lead, then "Bởi …" / "05/06/2022". A date inside a sentence is never one.

    Returns the date line, the author of a "Bởi …"/"Tác giả: …" line beside it, and the
    indices of both lines (they are meta lines, not body)."""
    paragraphs = 0
    for k, norm in enumerate(norms):
        if _is_prose(norm):
            paragraphs += 1
            if paragraphs > 1:
                break
            continue
        split = split_date_line(norm, fetched_at)
        if split is None or _words(norm) > 16 or is_menu_line(norm):
            continue
        drop, author = {k}, None
        for b in (k - 1, k + 1):
            byline = _TOP_BYLINE.match(norms[b]) if 0 <= b < len(norms) else None
            name = _without_note(norms[b][byline.end() :].strip()) if byline else ""
            if name and is_name(name):
                drop.add(b)
                author = name
                break
        return split[0], author, drop
    return None, None, set()


def _read_tail(
    norms: list[str], body: str, fetched_at: datetime | None
) -> tuple[str | None, int | None]:
    """The date line and counter printed in the few lines under the article's last paragraph
    (classic portals: byline, "Ngày cập nhật: …", "Số lần xem: …"), if any."""
    paragraphs = body.split("\n\n") if body else []
    if not paragraphs:
        return None, None
    last = paragraphs[-1].split("\n")[-1]
    end = next((k for k in range(len(norms) - 1, -1, -1) if norms[k] == last), None)
    if end is None:
        return None, None
    date_line: str | None = None
    views: int | None = None
    for norm in norms[end + 1 : end + 1 + _TAIL_LINES]:
        cue = chrome_cue(norm)
        if cue is not None and cue.terminal:
            break
        split = split_date_line(norm, fetched_at)
        if split is not None and date_line is None and _words(norm) <= 16:
            date_line = split[0]
        elif views is None and _words(norm) <= 8:
            views = parse_views(norm)
    return date_line, views
