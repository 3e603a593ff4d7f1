"""The page-chrome catalogue, as data (docs/evidence.md §4).

Every cue is a regex over the *folded* text of one block (``normalize.fold``: no
diacritics, đ→d, lower case), so one pattern covers "Tỉnh uỷ"/"Tỉnh ủy"/"TỈNH ỦY" and
any case. Department names are written ``ban tuyen giao( va dan van)?`` because the
2025 mergers renamed every footer (§0). Each cue names its evidence:
[S nnn] a seed page, [P host] a stored page, [C id] a public code file, NV the NukeViet
language/template files (§2.1).

How a cue is applied (``clean.py``) — always to a whole block, never to words:

* ``whole``: the pattern must cover the whole block (after stripping bullets and edge
  punctuation). "Đăng nhập" alone is chrome; "… hướng dẫn đăng nhập hệ thống …" is not.
* ``head``: the block starts with the pattern (a label such as "Điện thoại:") and is short.
* ``any``: the phrase occurs anywhere in a short block; only phrases that never occur in
  article prose ("Tổng số điểm của bài viết là").

``terminal`` cues end the article: the block and everything after it are dropped (once
body text has been seen). ``absorbs`` cues head a widget whose short items follow
(poll options, document titles, counter rows) and are dropped with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Where = Literal["whole", "head", "any"]

# Numbers as counters print them: "8 047", "19,709", "2.745.509", "8806095" (§5.8).
NUM = r"\d{1,3}(?:[ .,]\d{3})+(?!\d)|\d+"
# Characters stripped from both ends of a folded block before matching.
EDGE = " \t•·●▪■◦○►▸-–—*:|>»«<›‹,;!/.…"


@dataclass(frozen=True)
class Cue:
    kind: str
    pattern: str
    where: Where = "whole"
    max_words: int = 12
    terminal: bool = False
    absorbs: bool = False
    # The block must not end like a sentence (. ? !); a masthead never does.
    unpunctuated: bool = False
    # Extra test on the normalised (unfolded) block text, for what folding hides (case).
    check: Callable[[str], bool] | None = None
    evidence: str = ""
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern))


def _is_upper(text: str) -> bool:
    """Footer organisation lines are set in capitals: "BAN TUYÊN GIÁO TỈNH UỶ TRÀ VINH"."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_alt_residue(text: str) -> bool:
    """Image alt text / file names left by banners: "bacho 2", "truongsa", "sls"."""
    return text.isascii() and text == text.lower()


_PREV_NEXT_RAW = re.compile(
    r"^(?:bài|tin)\s+(?:trước|tiếp theo|kế tiếp|sau)\s*[:\-–»>]?\s*(\S)?", re.I
)


def _glued_title(text: str) -> bool:
    """'Bài trướcHuyện ủy …': the label is followed by a capitalised title, or by nothing.

    tagDiv renders ``<span>Bài trước</span><a>title</a>``, glued in the text layer [S 002].
    A sentence such as "Bài trước đó đã nêu …" continues in lower case and is kept.
    """
    m = _PREV_NEXT_RAW.match(text.lstrip(EDGE))
    if not m:
        return False
    nxt = m.group(1)
    return nxt is None or nxt.isupper() or nxt.isdigit() or nxt in "\"“«'("


_ORG = r"(ban tuyen giao( va dan van)?|ban dan van|ban to chuc|van phong|uy ban kiem tra)"
_COMMITTEE = r"((tinh|thanh|huyen|quan|thi|dang) uy|trung uong|dang bo)"
_SITE = (
    r"(trang thong tin dien tu|trang tin dien tu|cong thong tin dien tu|website|trang web"
    r"|bao dien tu)"
)
_REL_TIME = r"(\d+|vai|mot) (giay|phut|gio|ngay|tuan|thang|nam) truoc"
_SHARE = (
    r"chia se|share|in( bai( viet)?| trang| ra)?|print|e-?mail"
    r"|gui (e-?mail|bai( viet)?|cho ban be)|a ?[-+]|a|doc bai|nghe( doc)? bai( viet)?"
    r"|luu( bai viet( nay)?| tin)?|gioi thieu bai viet( cho ban be)?"
    r"|100%|facebook|twitter|zalo|linkedin|tweet|like|thich|quay lai|tro ve|ve dau trang"
    r"|len dau trang|back to top|sao chep (lien ket|link)|copy link|phong to|thu nho|trang chu"
)
_COUNTER_ITEM = (
    r"(dang online|online|dang truy cap|truc tuyen|hom nay|hom qua|trong tuan|tuan nay"
    r"|tuan truoc|trong thang|thang nay|thang hien tai|thang truoc|nam nay|tat ca"
    r"|tong( so)?( luot)?( truy cap)?|da truy cap|luot truy cap|may chu tim kiem"
    r"|khach vieng tham|thanh vien|khach|thong ke|visitors?|today|total|this (week|month))"
)

# fmt: off
CUES: tuple[Cue, ...] = (
    # ---------------------------------------------------------------- counter (absorbs)
    Cue("counter",
        r"(thong ke( truy cap)?|(so )?luot truy cap|so (nguoi )?truy cap|bo dem truy cap"
        r"|truy cap|visitors?|visitor counter|statistics)",
        absorbs=True,
        evidence="[S 003] 'Thống kê truy cập'; [S 004] 'Thống kê'; [P thanhhoa.dcs.vn] "
                 "'Lượt truy cập'; [C 44009446117] 'Số lượt truy cập'; textdump 24 'Visitors' "
                 "(English UI)"),
    Cue("counter", rf"({_COUNTER_ITEM}\s*:?\s*({NUM})[\s|,;•]*)+", max_words=40, absorbs=True,
        evidence="[S 003] 'Đang online: 6', 'Trong tuần: 8 047'; [S 004] 'Đang truy cập48', "
                 "'Hôm nay19,709' (NV global.counter.tpl, glued in the text layer); "
                 "[P svhttdl.bacninh.gov.vn] 'Trực tuyến : 5814'"),
    # ---------------------------------------------------------------- licence / contact
    Cue("licence_contact", r"giay phep( so| xuat ban| thiet lap| hoat dong)?( so)?\s*:", "head",
        max_words=40, terminal=True,
        evidence="[S 004] 'Giấy phép số: Giấy phép số 01/GP-TTĐT' (NV company_licensenumber)"),
    Cue("licence_contact",
        r"(nguoi |ong |ba )?chiu trach nhiem( chinh| noi dung| xuat ban| quan ly)?\s*:", "head",
        max_words=40, terminal=True,
        evidence="[S 004] 'Chịu trách nhiệm: Ông …' (NV company_responsibility)"),
    Cue("licence_contact", r"(pho )?(truong ban bien tap|tong bien tap|ban bien tap)\s*:",
        "head", max_words=30, terminal=True,
        evidence="[S 003] 'Trưởng Ban biên tập: Trần Quốc Tuấn'"),
    Cue("licence_contact", r"(co quan chu quan|don vi (quan ly|chu quan|van hanh))\s*:", "head",
        max_words=40, terminal=True, evidence="§4 licence row: footer labels of portals"),
    Cue("licence_contact", r"ban quyen (thuoc (ve )?|©)|copyright|©|all rights reserved", "any",
        max_words=40, terminal=True,
        evidence="[C 3580277797] 'Bản quyền thuộc về Ban Tuyên giáo'"),
    Cue("licence_contact",
        r"ghi ro nguon\b.{0,160}\b(phat hanh lai|trich dan|dang lai|su dung lai)", "any",
        max_words=50, terminal=True,
        evidence="[S 003] 'Ghi rõ nguồn … khi phát hành lại thông tin từ website này'"),
    Cue("licence_contact",
        r"phat hanh lai thong tin tu (trang web|website|trang thong tin|cong thong tin) nay",
        "any", max_words=50, terminal=True,
        evidence="[C 3580277797] 'phát hành lại thông tin từ trang web này'"),
    Cue("licence_contact", r"chuc vu\s*:", "head", max_words=25,
        evidence="[S 003] 'Chức vụ: Ủy viên Thường vụ Tỉnh ủy, …' under the editor's name"),
    Cue("licence_contact", r"(dia chi|tru so( chinh)?)\s*:", "head", max_words=30,
        evidence="[S 003] 'Địa chỉ: số 4, Nguyễn Thái Học …'; [S 004] 'Địa chỉ: 67 Bà Triệu …'"),
    Cue("licence_contact",
        r"(dien thoai|so dien thoai|dt|d\.t|tel|hotline|duong day nong|fax|so fax)"
        r"\s*:?\s*[\d(+]", "head", max_words=20,
        evidence="[S 003] 'Điện thoại: 02943.853574'; [S 004] 'Fax: 0260. 3865464'"),
    Cue("licence_contact", r"(e-?mail|thu dien tu|hop thu)\s*:?\s*\S+@", "head", max_words=15,
        evidence="[S 003] 'Email: btgtutravinh@travinh.gov.vn'; [S 004]"),
    Cue("licence_contact",
        r"(website|web|trang web|cong thong tin)\s*:\s*(https?:|www\.|[\w-]+\.[\w.-]+)", "head",
        max_words=12,
        evidence="[S 003] 'Website: tuyengiao.travinh.gov.vn'; [S 004] 'Website: http://https://…'"),
    # ---------------------------------------------------------------- masthead
    Cue("masthead", rf"{_SITE}\b.{{0,120}}\b(tuyen giao|dan van|{_COMMITTEE})\b.*", "head",
        max_words=25, unpunctuated=True,
        evidence="[S 004] 'TRANG THÔNG TIN ĐIỆN TỬ BAN TUYÊN GIÁO TỈNH ỦY KON TUM'; "
                 "[S 003] 'WEBSITE BAN TUYÊN GIÁO TỈNH ỦY TRÀ VINH'"),
    Cue("masthead", r"chao mung (ban |quy vi )?den voi (trang|cong|website|web)", "head",
        max_words=30,
        evidence="[P binhdinh.dcs.vn] 'CHÀO MỪNG ĐẾN VỚI TRANG THÔNG TIN ĐIỆN TỬ …'; "
                 "[P chomoi.backan.gov.vn]"),
    Cue("masthead", rf"{_ORG} {_COMMITTEE}\b.{{0,60}}", max_words=15, check=_is_upper,
        evidence="[S 003] 'BAN TUYÊN GIÁO TỈNH UỶ TRÀ VINH' (footer name, in capitals)"),
    # ---------------------------------------------------------------- trust badge
    Cue("trust_badge", r"chung nhan tin nhiem mang|tin nhiem mang|tinnhiemmang|dmca", "any",
        max_words=10, evidence="[S 003] 'Chung nhan Tin Nhiem Mang' (image alt, no diacritics)"),
    # ---------------------------------------------------------------- rating
    Cue("rating", r"tong so diem cua bai viet la", "any", max_words=20,
        evidence="[S 004] NV stringrating 'Tổng số điểm của bài viết là: 0 trong 0 đánh giá'"),
    Cue("rating", r"click (de|vao day de) danh gia", "any", max_words=12,
        evidence="[S 004] NV star_note 'Click để đánh giá bài viết'"),
    Cue("rating", r"xep hang\s*:", "head", max_words=15, evidence="NV 'Xếp hạng: … phiếu bầu'"),
    Cue("rating", r"\d+\s*phieu bau", "any", max_words=12, evidence="NV rating_count"),
    Cue("rating", r"(danh gia|binh chon) (bai viet|tin bai)( nay)?",
        evidence="[C 3692414903] 'Đánh giá bài viết:', 'Bình chọn bài viết:'"),
    Cue("rating", r"((bai viet )?(rat kem|kem|trung binh|binh thuong|tot|rat tot|hay|rat hay)\s*)+",
        max_words=30, evidence="NV star titles 'Bài viết rất kém … Bài viết rất tốt'"),
    # ---------------------------------------------------------------- poll (absorbs)
    Cue("poll",
        r"tham do y kien|binh chon|ket qua (binh chon|tham do)|xem ket qua|gui binh chon"
        r"|bieu quyet",
        absorbs=True, evidence="[S 004] 'Thăm dò ý kiến' (NV voting block)"),
    Cue("poll",
        r"(ban|theo ban)\b.{0,100}\b(trang web|website|trang thong tin|cong thong tin|trang tin)"
        r"\b.{0,100}\?",
        max_words=30, absorbs=True,
        evidence="[S 004] 'Bạn có thường xuyên truy cập trang web này không?'"),
    # ---------------------------------------------------------------- login / session
    Cue("login_session",
        r"dang nhap|dang ky|dang xuat|quen mat khau|ghi nho( dang nhap| toi)?"
        r"|ten (dang nhap|truy cap|tai khoan)|mat khau|sign in|log ?in|log ?out",
        absorbs=True, evidence="[S 003, 004] 'Đăng nhập'; [P dangcongsan.org.vn] 'Sign In'"),
    Cue("login_session", r"hay dang nhap\b", "head", max_words=25, absorbs=True,
        evidence="[S 004] 'Hãy đăng nhập tài khoản để sử dụng tài liệu Báo cáo viên'"),
    Cue("login_session",
        r"ban da khong su dung site|duy tri trang thai dang nhap|thoi gian cho\s*:?\s*\d+\s*giay",
        "any", max_words=40,
        evidence="[S 004] NV footer_only.tpl #timeoutsess 'Bạn đã không sử dụng Site, …'"),
    # ---------------------------------------------------------------- documents (absorbs)
    Cue("documents",
        r"van ban moi|van ban chi dao|tai lieu( moi| tuyen truyen| sinh hoat chi bo"
        r"| bao cao vien)?|file dinh kem|tep (tin )?dinh kem|tai ve|tai tep|download",
        absorbs=True, evidence="[S 004] 'Văn bản mới', 'TÀI LIỆU'; NV 'File đính kèm'"),
    Cue("documents", r"luot tai\s*:?\s*\d", "any", max_words=15,
        evidence="[S 004] 'Lượt xem:194 | lượt tải:31'"),
    Cue("documents", r"cv\.?\s*\d+[./-]\w[\w./-]*", evidence="[S 004] 'CV.2411.BTGTU'"),
    Cue("documents",
        r"xem (chi tiet|toan van|noi dung)( van ban)? (trong|tai|o) (file|tep|van ban) dinh kem",
        max_words=15, evidence="[P travinh.gov.vn …-606730] 'Xem chi tiết trong file đính kèm'"),
    # ---------------------------------------------------------------- related (strong ends)
    Cue("related",
        r"(cac )?(bai viet|tin bai|tin tuc|tin|bai) (khac|lien quan|cung chuyen muc|cung loai"
        r"|da dua( ngay)?|da dang)|chuyen muc khac|nhung tin (moi hon|cu hon|da dua|khac)"
        r"|theo dong su kien|cac tin (truoc|moi hon|cu hon)|tin (cung|trong) chuyen muc"
        r"|xem cac tin khac|cung chuyen muc|(other|related|more) (news|articles|posts|stories)"
        r"|noi dung (lien quan|khac)",
        terminal=True,
        evidence="[S 000] 'Chuyên mục khác'; [S 001] 'Các bài viết khác'; [S 003] 'Tin khác'; "
                 "NV 'Những tin mới hơn', 'Những tin cũ hơn', 'Theo dòng sự kiện'; "
                 "[C 4598137269] 'Tin liên quan', 'TIN CÙNG CHUYÊN MỤC'; textdumps 13, 14, "
                 "22, 23, 24 (session 3) 'Tin đã đăng', 'Cùng chuyên mục', 'Các tin đã đưa "
                 "ngày:', 'Bài đã đăng', 'Other news' (English UI of Liferay portals); "
                 "replica lr7_dongthap 'Nội dung liên quan'"),
    # weak list heads: newspapers also put them inside the article, so only the block goes
    Cue("related",
        r"xem them|doc them|xem tiep|moi nhat|tin moi( nhat| cap nhat)?|tin noi bat"
        r"|bai moi dang|top|tin doc nhieu|doc nhieu( nhat)?|xem nhieu( nhat)?|tin xem nhieu"
        r"|tin tieu diem|tieu diem",
        evidence="[C 5340586113] [P vietnammedia.vnanet.vn] [P danang24h.vn] 'TIN NỔI BẬT', "
                 "'TIN MỚI', 'BÀI MỚI ĐĂNG / TOP', 'Mới nhất', 'Xem thêm'; NV 'Xem tiếp...'"),
    Cue("related", r"(xem them|doc them|xem tiep|tin lien quan|bai lien quan)\s*[:>»]", "head",
        max_words=40, evidence="inline 'Xem thêm: <title>' links [C 4598137269]"),
    Cue("related", _REL_TIME, evidence="[S 001] '7 ngày trước', '1 tháng trước'"),
    Cue("related", rf".*\({_REL_TIME}\)", max_words=45,
        evidence="[S 001] '• <title> (1 tháng trước)'"),
    Cue("related", r".*\(\d{1,2}/\d{1,2}/\d{4}\)", max_words=40,
        evidence="NV detail.tpl .other-news items '<title> (dd/mm/YYYY)'"),
    # ---------------------------------------------------------------- category label
    Cue("category", r"(dang trong|published in|chuyen muc)\s*:?\s+\S.{0,80}", max_words=12,
        unpunctuated=True,
        evidence="K2 'Đăng trong <category>' (Published in) [replica k2_llct]; 'Chuyên mục: "
                 "Tin tức - Sự kiện' [textdump 13]"),
    # ---------------------------------------------------------------- prev / next (strong end)
    Cue("prev_next", r"(bai|tin) (truoc|tiep theo|ke tiep|sau).*", max_words=40, terminal=True,
        check=_glued_title,
        evidence="[S 002] 'Bài trướcHuyện ủy …', 'Bài tiếp theoChợ Đồn …' (tagDiv)"),
    Cue("prev_next", r"(previous|next) (article|post).*", max_words=40, terminal=True,
        evidence="tagDiv untranslated 'Previous article' [C 814018646]"),
    # ---------------------------------------------------------------- tags (strong end)
    Cue("tags", r"tags?|tu khoa|the", terminal=True,
        evidence="tagDiv footer 'TAGS' (td-post-source-tags, §2.2)"),
    Cue("tags", r"(tags?|tu khoa)\s*:", "head", max_words=40, terminal=True,
        evidence="NV detail.tpl 'Tags: …' after the body, before rating and other news (§2.1)"),
    # ---------------------------------------------------------------- pager
    Cue("pager", r"((<<|«|‹|<)\s*)?(\d{1,4}\s+)+\d{1,4}\s*(\.{3}|…)?\s*(>>|»|›|>)?",
        max_words=30, evidence="[S 003] 'Tin khác / 1 2 3 4 5 ...'"),
    Cue("pager", r"((<<|«)\s*)?trang (truoc|sau|tiep|dau|cuoi)( (>>|»|>))?|trang \d+ ?/ ?\d+",
        evidence="[P btg.dongthap] 'Trang sau >>'"),
    # ---------------------------------------------------------------- share / print / tools
    Cue("share_print", rf"({_SHARE})([\s|•·/,:]+({_SHARE}))*", max_words=15,
        evidence="[C 3580277797] [C 4598137269] 'Chia sẻ:', 'In bài viết', 'A- A A+', "
                 "'Đọc bài', 'Lưu'; NV title attributes 'Giới thiệu bài viết cho bạn bè', "
                 "'Lưu bài viết này', 'In ra'; [P thanhhoa.gov.vn] '100%'"),
    Cue("share_print", r"chia se\s*:", "head", max_words=8, evidence="[C 3580277797] 'Chia sẻ:'"),
    Cue("share_print", r"trang chu\s*(>|»|/|›|\|)", "head", max_words=25,
        evidence="breadcrumb 'Trang chủ > …' [P lyluanchinhtri.vn] [C 4598137269]"),
    # ---------------------------------------------------------------- comment form (absorbs)
    Cue("comment_form",
        r"tra loi|huy tra loi|(\d+ )?binh luan( \(\d+\))?|gui binh luan|viet binh luan"
        r"|de lai (mot )?binh luan|y kien ban doc|y kien cua ban|gui y kien|leave a reply"
        r"|chua co binh luan( nao)?|ma (xac nhan|bao mat)",
        absorbs=True, evidence="[P kontumtv.vn] WordPress 'Trả lời'; NV 3.x #idcomment; "
                               "textdump 06 'Bình luận (0)'"),
    Cue("comment_form",
        r"email cua ban se khong duoc hien thi cong khai|cac truong bat buoc duoc danh dau"
        r"|ban (phai|can) dang nhap de (gui )?binh luan",
        "any", max_words=40, absorbs=True,
        evidence="[P kontumtv.vn] 'Email của bạn sẽ không được hiển thị công khai. "
                 "Các trường bắt buộc được đánh dấu *'"),
    # ---------------------------------------------------------------- views (number harvested)
    Cue("views", rf"(so )?(luot xem|luot doc|da xem|view count|views?|luot view)\s*:?\s*({NUM})",
        evidence="[P travinh.gov.vn] 'Lượt xem: 6783'; [P caugiay.hanoi.gov.vn] "
                 "'View count: 1095'; NV 'Đã xem: N'"),
    Cue("views", rf"({NUM})\s*(luot xem|luot doc|views?)",
        evidence="[P lyluanchinhtri.vn] '4664 Lượt xem'"),
    # ---------------------------------------------------------------- placeholders / artefacts
    Cue("placeholders",
        r"null|undefined|article|loading|dang tai|(noi dung |du lieu )?dang (duoc )?cap nhat"
        r"|chua co du lieu|khong co du lieu|skip ribbon commands|skip to main content",
        evidence="[P btg.dongthap] 'null'; [C 3580277797] 'Dữ liệu đang được cập nhật'; "
                 "[P lamdong.gov.vn] 'Skip Ribbon Commands'; [P vnn.vietnamnet.vn] 'Article'"),
    Cue("placeholders", r"[\d\s.,:;/|()+#=_~-]*", max_words=20,
        evidence="[P vnn.vietnamnet.vn] numeric junk lines '221 / 452 / 900168'; bare bullets"),
    # ---------------------------------------------------------------- banners / menus
    Cue("banner",
        r"lien ket( website| web)?|lien ket nhanh|website lien ket|quang cao"
        r"|thu vien (anh|video)|video clip",
        evidence="[S 003, 004] [P thanhhoa.dcs.vn] 'Liên kết website' section banners"),
    Cue("banner", r"[a-z0-9_.-]+( [a-z0-9_.-]+){0,2}", max_words=3, check=_is_alt_residue,
        evidence="[S 004] banner alts 'bao chi', 'bacho 2', 'truongsa', 'sls'"),
)
# fmt: on

# A date line inside the body blocks ("06/01/2021 06:01") is metadata, not article text;
# ``clean.is_date_line`` recognises it and reports it under this cue.
DATELINE = Cue("dateline", r"(?!)", evidence="§3 date formats; [S 000] [S 001] [S 004]")
# Kinds whose text may carry the view count ("15/06/2020 | 362" [S 001]).
VIEW_KINDS = ("views", "dateline")

# Date lines (§3) are recognised by ``crawler.text.dates.is_date_line``, the same grammar
# that reads them: one grammar, so a line that parses as a date is also chrome here.
