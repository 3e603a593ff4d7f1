"""Syndication clusters, part 1: body → MinHash signature, LSH band keys, "near-copy".

Provincial boards republish central articles with a new title, a local intro or a
cut ending; ``near_dup`` keeps these signatures in the store and fills
``articles.near_dup_cluster``; ``crawler.query.syndication`` reads the clusters.

Pure functions, no store. The words are ``crawler.store.tokens.tokens`` (folded,
so a copy that changed "uỷ" to "ủy" is still a copy); a shingle is five words in
a row, hashed with CRC-32 (stable across runs and machines, unlike ``hash``). The
MinHash is ``datasketch.MinHash`` with 128 permutations and a fixed seed, so a
signature stored today compares with one computed next year.

Near-copy: the estimated share of the *smaller* article's shingles found in the
other (containment) is at least ``CONTAINMENT``. Containment, not Jaccard: a copy
that keeps half of a long original and adds a paragraph is still a copy, and
Jaccard would fall below one half. Containment is estimated from the MinHash
Jaccard and the two shingle counts: |A∩B| = J·(|A|+|B|)/(1+J).

Candidates come from banding: ``BANDS`` bands of ``ROWS`` hash values; two
articles are compared when any band is equal. With 16 bands of 2, a pair with
Jaccard 0.4 becomes a candidate with probability 1-(1-0.4²)¹⁶ = 0.94, at 0.5 with
0.99; a pair at 0.05 (same topic, other words) with 0.04, and then fails the test.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import cache

import numpy as np

from crawler.store.tokens import tokens

SHINGLE = 5  # words per shingle
NUM_PERM = 128
SEED = 1
BANDS, ROWS = 16, 2  # the first BANDS*ROWS hash values are banded
CONTAINMENT = 0.6  # share of the smaller article's shingles found in the other
MIN_SHINGLES = 15  # shorter bodies (about 20 words) are never clustered: too little to tell
VERSION = f"minhash-{SHINGLE}w-{NUM_PERM}p-{SEED}s-{BANDS}x{ROWS}"

SCHEME = "affine32"  # datasketch's hashing scheme: 32-bit values, stored as uint32


def _crc(data: bytes) -> int:
    return zlib.crc32(data)


def shingles(body: str | None) -> list[bytes]:
    """The distinct five-word shingles of the folded body, as UTF-8 bytes."""
    return shingles_of(tokens(body))


def shingles_of(words: list[str]) -> list[bytes]:
    """``shingles`` of a body already cut into its folded words (``tokens``)."""
    if len(words) < SHINGLE:
        return [" ".join(words).encode()] if words else []
    # the five-word windows (zip stops at the shortest, the last word's, slice), joined
    # as bytes: the UTF-8 of the joined words is the words' UTF-8 joined
    coded = list(map(str.encode, words))
    return list(set(map(b" ".join, zip(*(coded[i:] for i in range(SHINGLE)), strict=False))))


def signature(body: str | None) -> tuple[np.ndarray, int]:
    """(128 uint32 MinHash values, number of distinct shingles) of a body."""
    return signature_of(tokens(body))


# The MinHash of datasketch's "affine32" scheme, computed here for one article at a time
# without building a ``MinHash`` object (its set-up cost more than the hashing): each
# shingle's CRC-32 goes through the MurmurHash3 32-bit finaliser, then through the 128
# permutations h → a·h + b (mod 2³²); a value is the minimum over the shingles.
# tests/store/test_minhash.py checks it against ``datasketch.MinHash`` itself.
@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's 128 (a, b) pairs for ``SEED``, made on the first signature."""
    # datasketch is imported here, not at the top: it pulls in scipy (0.8 s on a quiet
    # machine), which every command and page-pool worker would pay at start-up
    from datasketch import MinHash

    a, b = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
    return np.asarray(a, dtype=np.uint32), np.asarray(b, dtype=np.uint32)


_EMPTY = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def signature_of(words: list[str]) -> tuple[np.ndarray, int]:
    """``signature`` of a body already cut into its folded words (``tokens``)."""
    parts = shingles_of(words)
    if not parts:
        return _EMPTY.copy(), 0
    hv = _fmix32(np.fromiter(map(zlib.crc32, parts), dtype=np.uint32, count=len(parts)))
    mult, add = _permutations()
    values = np.multiply.outer(hv, mult)
    values += add
    return values.min(axis=0), len(parts)


def signatures(bodies: Sequence[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Signatures of many bodies: an (n, 128) uint32 array and the shingle counts."""
    sig = np.empty((len(bodies), NUM_PERM), dtype=np.uint32)
    sizes = np.empty(len(bodies), dtype=np.int64)
    for i, body in enumerate(bodies):
        sig[i], sizes[i] = signature(body)
    return sig, sizes


_MASK = np.uint64((1 << 62) - 1)


def band_keys(sig: np.ndarray) -> np.ndarray:
    """The band keys of signatures: (n, BANDS) int64, equal band → equal key.

    The band number is part of the key, so one table holds every band. Distinct bands
    may collide on a key; that only adds a candidate, which ``near_copy`` then rejects.
    """
    sig = np.atleast_2d(sig).astype(np.uint64)
    cols = []
    for b in range(BANDS):
        key = np.full(sig.shape[0], b + 1, dtype=np.uint64)
        for r in range(ROWS):
            key = key * np.uint64(0x100000001B3) ^ sig[:, b * ROWS + r]
        cols.append(key & _MASK)
    return np.stack(cols, axis=1).astype(np.int64)


def band_keys_of(sig: np.ndarray) -> list[int]:
    """``band_keys`` of one signature, as Python ints (cheaper than numpy for one row)."""
    values = [int(v) for v in sig[: BANDS * ROWS]]
    keys = []
    for b in range(BANDS):
        key = b + 1
        for r in range(ROWS):
            key = ((key * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF) ^ values[b * ROWS + r]
        keys.append(key & ((1 << 62) - 1))
    return keys


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The MinHash estimate of the Jaccard similarity of two shingle sets."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def containment(a: np.ndarray, size_a: int, b: np.ndarray, size_b: int) -> float:
    """Estimated share of the smaller set found in the other."""
    if not size_a or not size_b:
        return 0.0
    j = jaccard(a, b)
    common = j * (size_a + size_b) / (1 + j)
    return min(1.0, common / min(size_a, size_b))


def near_copy(a: np.ndarray, size_a: int, b: np.ndarray, size_b: int) -> bool:
    """Whether two articles are near-copies (see the module docstring)."""
    if size_a < MIN_SHINGLES or size_b < MIN_SHINGLES:
        return False
    return containment(a, size_a, b, size_b) >= CONTAINMENT
