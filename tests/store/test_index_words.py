"""The store's fast ways to cut and lay out an article give what the plain ways give.

``tokens.token_pair`` (pieces cut once and remembered) must equal ``tokens`` and
``exact_tokens``; ``fts.make_documents`` must lay out the words exactly as the per-word
rules of the module docstring say, below and beyond PostgreSQL's limits; the MinHash
computed in ``minhash.signature_of`` must equal ``datasketch.MinHash`` itself.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import numpy as np
from datasketch import MinHash

from crawler.store import fts, minhash
from crawler.store.tokens import HOLE, exact_tokens, token_pair, tokens
from replica.model import load_content

DUMPS = Path(__file__).resolve().parents[1] / "fixtures" / "textdumps"
TRICKY = [
    "Tỉnh Uỷ Kon Tum, HOÀ BÌNH khoẻ; thuý quá",
    "Nghị quyết số 12-NQ/TW, x² ½ İstanbul straße ﬁnal",
    "Ban\u00a0Tuyên\u200bgiáo e\u0301 x\u0301 a_b abc1hoà HOÀ2 ǅoà",
    "\u2000Đại\u3000hội\tĐẢNG\n\n(2020-2025) 🇻🇳 …",
    "",
    "   ",
]


def texts() -> list[str]:
    rng = random.Random(5)
    found = [p.read_text(encoding="utf-8") for p in sorted(DUMPS.glob("*.txt"))]
    for key in ("tuyengiaokontum", "dukcqtw"):
        for article in load_content(key).articles[:20]:
            found.append(article.title)
            found.append(" ".join(str(v) for part in article.body for v in part.values()))
    alphabet = "aăâeêioôơuưyđ AĂÂĐOƠƯ àáảãạòóỏõọùúủũụỳýỷỹỵ,.-_/²½ﬁİß\u0301\u00a0\u200b1९٣"
    for _ in range(300):
        found.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))))
    return found + TRICKY


def test_token_pair_is_tokens_and_exact_tokens() -> None:
    for text in texts():
        for _ in range(2):  # the first time cut, the second time remembered
            assert token_pair(text) == (tokens(text), exact_tokens(text)), repr(text)


def lay_out(cut: dict[str, list[str]]) -> dict[str, list[tuple[str, int]]]:
    """The module docstring's rules, word by word (the reference for ``fts._lay_out``)."""
    seen: Counter[str] = Counter()
    out: dict[str, list[tuple[str, int]]] = {}
    pos = 0
    for n, name in enumerate(fts.FIELDS):
        pos += 1 if n else 0
        out[name] = []
        for word in cut[name]:
            pos += 1
            if pos > fts.MAX_POSITION:
                break
            too_long = len(word.encode("utf-8")) > fts.MAX_WORD_BYTES
            if seen[word] >= fts.MAX_OCCURRENCES or too_long:
                out[name].append((HOLE, pos))
                continue
            seen[word] += 1
            out[name].append((word, pos))
    return out


def test_documents_follow_the_layout_rules_within_and_beyond_the_limits() -> None:
    long_word = "ư" * 700  # 1,400 bytes: kept; twice that is dropped
    cases = [
        ("Đại hội", "Tóm tắt", "Bác Hồ về thăm Kon Tum", "Hà An"),
        ("Tin", None, " ".join(["đảng"] * 300 + ["bộ"] * 10), "Hà"),  # 256 occurrences
        ("Tin", "a b", " ".join(str(i % 5000) for i in range(17_000)), None),  # positions
        (long_word, long_word * 2, "x " * 10, "Ư" * 700),  # word bytes
    ]
    for title, lead, body, author in cases:
        folded, exact = fts.make_documents(title, lead, body, author, None, "s1")
        cut = {"title": title, "author": author, "lead": lead, "body": body}
        want = lay_out({name: tokens(value) for name, value in cut.items()})
        want_exact = lay_out(
            {n: (tokens if n == "author" else exact_tokens)(v) for n, v in cut.items()}
        )
        assert folded.fields == want
        assert exact.fields == want_exact
        for name in fts.FIELDS:
            assert folded.column(name) == " ".join(w for w, _ in want[name])
        assert folded.meta == exact.meta == [fts.site_word("s1")]
    assert any(
        w == HOLE
        for w, _ in fts.make_documents("", "", cases[1][2], "", None, "")[0].fields["body"]
    )


def reference_signature(body: str) -> tuple[np.ndarray, int]:
    parts = minhash.shingles(body)
    m = MinHash(
        num_perm=minhash.NUM_PERM,
        seed=minhash.SEED,
        hashfunc=minhash._crc,
        scheme=minhash.SCHEME,
    )
    if parts:
        m.update_batch(parts)
    return m.hashvalues.astype(np.uint32), len(parts)


def test_signature_is_datasketch_minhash() -> None:
    for text in [*texts()[:80], "một", "một hai ba bốn năm"]:
        sig, size = minhash.signature(text)
        want, want_size = reference_signature(text)
        assert size == want_size
        assert sig.dtype == np.uint32
        assert np.array_equal(sig, want), repr(text[:40])
