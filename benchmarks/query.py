"""Benchmark: search latency and Parquet export on a synthetic Vietnamese corpus.

    python benchmarks/query.py --articles 100000
    python benchmarks/query.py --articles 1000000 --postgres   # also on a throwaway PostgreSQL

The corpus imitates the real one: 63 sites in 63 provinces, 20 years (2006–2025),
bodies of a few hundred syllables drawn Zipf-like from a Vietnamese syllable set,
with the phrases researchers look for injected at realistic rates ("Tỉnh ủy" in
about a quarter of the articles, half of them printed "Tỉnh uỷ"; "đại hội" in one
in ten; "chuyển đổi số" only after 2018; a rare place name in 0.05 %).

Rows are inserted with Core (no ORM events), then ``reindex`` builds the index, the
way an old store is upgraded. Each query runs ``--repeat`` times warm through
``crawler.query.search.search`` (count and snippets included); the export runs as
``tuyengiao export`` in a child process whose peak RSS is read from ``getrusage``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import subprocess
import sys
import time
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

PROVINCES = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
    "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An",
    "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
    "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "TP. Hồ Chí Minh",
    "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip
ONSETS = [*"b c ch d đ g gi h k kh l m n ng nh ph qu r s t th tr v x".split(), ""]
RHYMES = (
    "a ai am an ang anh ao au ay ăm ăn ăng âm ân âng âu ây e em en eng eo ê êm ên ênh êu i ia "
    "im in inh iu iêm iên iêng iêu o oa oai oan oang oanh oe oi om on ong ô ôi ôm ôn ông ơ ơi ơm "
    "ơn u ua uân uât uê ui um un ung uô uôi uôn uông ưa ưi ưng ươi ươn ương ưu y yên"
).split()
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
# (phrase, share of articles, first year it appears)
PHRASES = (
    ("Tỉnh ủy", 0.13, 2006), ("Tỉnh uỷ", 0.12, 2006), ("đại hội", 0.10, 2006),
    ("nông thôn mới", 0.05, 2010), ("chuyển đổi số", 0.03, 2019),
    ("học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", 0.02, 2016),
    ("biển đảo", 0.01, 2006), ("thể thao", 0.02, 2006), ("Đắk Glei", 0.0005, 2006),
)  # fmt: skip
AUTHORS = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Minh", "Phạm Hồng Quân", "Hoàng Thu Hà",
           "Vũ Đức Thắng", "Đặng Thị Lan", "Bùi Quang Huy", None, None)  # fmt: skip


def syllables(rng: random.Random, n: int = 6000) -> list[str]:
    out: set[str] = set()
    while len(out) < n:
        rhyme = rng.choice(RHYMES)
        tone = rng.choice(TONES)
        # the tone goes on the vowel with a hat or horn, else on the first vowel
        pos = next((i for i, c in enumerate(rhyme) if c in "ăâêôơư"), 0)
        out.add(
            unicodedata.normalize(
                "NFC", rng.choice(ONSETS) + rhyme[: pos + 1] + tone + rhyme[pos + 1 :]
            )
        )
    return sorted(out)


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        vocab = syllables(self.rng)
        self.rng.shuffle(vocab)
        self.vocab = vocab
        self.cum = list(self._cumulative(len(vocab)))

    @staticmethod
    def _cumulative(n: int):  # type: ignore[no-untyped-def]
        total = 0.0
        for rank in range(1, n + 1):
            total += 1 / rank**1.07
            yield total

    def words(self, k: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=k)

    def sentence(self, k: int) -> str:
        w = self.words(k)
        w[0] = w[0][:1].upper() + w[0][1:]
        return " ".join(w) + self.rng.choice(".....,;:!?")[0]

    def article(self, i: int, sites: list[tuple[str, str]]) -> dict:
        rng = self.rng
        site_key, _ = sites[i % len(sites)]
        published = datetime(2006, 1, 1, tzinfo=UTC) + timedelta(
            seconds=rng.randrange(20 * 365 * 86400)
        )
        n = max(60, int(rng.lognormvariate(5.8, 0.45)))  # ~330 syllables median
        sentences = [self.sentence(rng.randint(8, 22)) for _ in range(n // 15)]
        for phrase, share, since in PHRASES:
            if published.year >= since and rng.random() < share * (2 if since > 2006 else 1):
                j = rng.randrange(len(sentences))
                sentences[j] = sentences[j][:-1] + " " + phrase + sentences[j][-1]
        paragraphs = [
            "\n".join(" ".join(sentences[k : k + 4]) for k in range(0, len(sentences), 4))
        ]
        title = " ".join(self.words(rng.randint(7, 14))).capitalize()
        if rng.random() < 0.15:
            title = rng.choice(PHRASES[:6])[0].capitalize() + " " + title
        return {
            "site_key": site_key,
            "url": f"https://{site_key}.example/tin-tuc/{i}.html",
            "cms": "generic",
            "title": title,
            "lead": self.sentence(rng.randint(20, 40)) if rng.random() < 0.7 else None,
            "body": paragraphs[0],
            "author": rng.choice(AUTHORS),
            "captions": [],
            "tags": [],
            "images": [],
            "published_at": published,
            "published_raw": f"{published + timedelta(hours=7):%d/%m/%Y %H:%M}",
            "date_precision": "minute",
            "date_source": "page",
            "content_hash": f"{i:064x}",
            "status": "live",
            "first_seen_at": published,
            "last_seen_at": published,
            "last_changed_at": published,
            "fetched_at": published,
            "extractor_version": "bench-1",
        }


def build(url: str, n: int, seed: int) -> dict[str, float]:
    from sqlalchemy import insert

    from crawler.store.db import open_store
    from crawler.store.fts import reindex
    from crawler.store.models import ArticleRow, SiteRow

    engine = open_store(url).kw["bind"]
    sites = [(f"tuyengiao-{i:02d}", p) for i, p in enumerate(PROVINCES)]
    gen = Generator(seed)
    started = time.monotonic()
    with engine.begin() as conn:
        conn.execute(
            insert(SiteRow.__table__),
            [
                {
                    "key": k,
                    "name": f"Ban Tuyên giáo {p}",
                    "province": p,
                    "owner": "Ban Tuyên giáo",
                    "base_url": f"https://{k}.example/",
                    "cms": "generic",
                    "level": "province",
                    "active": True,
                }
                for k, p in sites
            ],
        )
    batch = 5000
    for start in range(0, n, batch):
        rows = [gen.article(i, sites) for i in range(start, min(n, start + batch))]
        with engine.begin() as conn:
            conn.execute(insert(ArticleRow.__table__), rows)
        if start and start % 100_000 == 0:
            print(f"  {start} articles inserted", file=sys.stderr)
    inserted = time.monotonic() - started
    started = time.monotonic()
    reindex(engine, batch=5000)
    indexed = time.monotonic() - started
    engine.dispose()
    return {"insert_s": inserted, "reindex_s": indexed}


POOL = 10_000  # distinct synthetic articles behind a PostgreSQL corpus (see build_pg)


def build_pg(url: str, n: int, seed: int, pool: int = POOL) -> dict[str, float]:
    """The PostgreSQL corpus, made on the server: ``pool`` generated articles, n rows.

    Generating and indexing a million articles in Python takes hours on this machine,
    so ``pool`` articles are generated as for SQLite and indexed by the store's own code
    (``fts.search_row``), copied in with COPY, and the server makes the ``n`` rows from
    them with ``generate_series``: row i is pool article (i - 1) mod ``pool`` on site
    i mod 63, published at a random time of the pool article's year (so "chuyển đổi số"
    stays after 2018). Phrase shares are those of the pool (10,000 articles: ±10 %).
    """
    from sqlalchemy import insert, text

    from crawler.store.db import open_store
    from crawler.store.fts import PG_INDEXES, finish_pg_index, search_row
    from crawler.store.models import SiteRow

    engine = open_store(url).kw["bind"]
    sites = [(f"tuyengiao-{i:02d}", p) for i, p in enumerate(PROVINCES)]
    gen = Generator(seed)
    started = time.monotonic()
    with engine.begin() as conn:
        if conn.execute(text("SELECT count(*) FROM articles")).scalar():
            raise SystemExit(f"{url} already holds articles: give an empty database, or --reuse")
        conn.execute(
            insert(SiteRow),
            [
                {"key": k, "name": f"Ban Tuyên giáo {p}", "province": p,
                 "owner": "Ban Tuyên giáo", "base_url": f"https://{k}.example/",
                 "cms": "generic", "level": "province", "active": True}
                for k, p in sites
            ],
        )  # fmt: skip
        conn.exec_driver_sql(
            "CREATE TEMP TABLE bench_pool (k int PRIMARY KEY, title text, lead text, "
            "body text, author text, year timestamp, tsv tsvector, tsv_exact tsvector)"
        )
        raw = conn.connection.dbapi_connection
        with (
            raw.cursor() as cur,
            cur.copy(
                "COPY bench_pool (k, title, lead, body, author, year, tsv, tsv_exact) FROM STDIN"
            ) as copy,
        ):
            for k in range(pool):
                a = gen.article(k, sites)
                row = search_row(type("A", (), {**a, "id": k})())
                year = a["published_at"].replace(
                    month=1, day=1, hour=0, minute=0, second=0, tzinfo=None
                )
                fields = (a["title"], a["lead"], a["body"], a["author"], year)
                copy.write_row((k, *fields, row["tsv"], row["tsv_exact"]))
        pooled = time.monotonic() - started
        print(f"  pool of {pool} articles copied in {pooled:.0f} s", file=sys.stderr)
        conn.exec_driver_sql(f"SELECT setseed({1 / (seed + 1)})")
        step = 100_000
        for lo in range(1, n + 1, step):
            hi = min(n, lo + step - 1)
            conn.exec_driver_sql(
                f"""
                INSERT INTO articles (id, site_key, url, cms, title, lead, body, author,
                    captions, tags, images, published_at, published_raw, date_precision,
                    date_source, content_hash, status, first_seen_at, last_seen_at,
                    last_changed_at, fetched_at, extractor_version)
                SELECT i, 'tuyengiao-' || lpad(mod(i - 1, 63)::text, 2, '0'),
                    'https://tuyengiao-' || lpad(mod(i - 1, 63)::text, 2, '0')
                        || '.example/tin-tuc/' || i || '.html',
                    'generic', p.title, p.lead, p.body, p.author, '[]', '[]', '[]',
                    t.ts, to_char(t.ts + interval '7 hours', 'DD/MM/YYYY HH24:MI'),
                    'minute', 'page', lpad(to_hex(i), 64, '0'), 'live',
                    t.ts, t.ts, t.ts, t.ts, 'bench-1'
                FROM generate_series({lo}, {hi}) AS i
                JOIN bench_pool p ON p.k = mod(i - 1, {pool})
                CROSS JOIN LATERAL (SELECT date_trunc('second',
                    p.year + random() * interval '364 days') AS ts) AS t
                """
            )
            print(f"  {hi} articles inserted", file=sys.stderr)
        conn.exec_driver_sql(
            "SELECT setval(pg_get_serial_sequence('articles', 'id'), "
            "(SELECT max(id) FROM articles))"
        )
        inserted = time.monotonic() - started
        started = time.monotonic()
        for name in PG_INDEXES:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
        conn.exec_driver_sql(
            f"""
            INSERT INTO article_search (article_id, tsv, tsv_exact, published_at)
            SELECT a.id, p.tsv, p.tsv_exact, a.published_at
            FROM articles a JOIN bench_pool p ON p.k = mod(a.id - 1, {pool})
            """
        )
    finish_pg_index(engine)
    indexed = time.monotonic() - started
    engine.dispose()
    return {"insert_s": inserted, "reindex_s": indexed, "pool_s": pooled}


QUERIES = {
    "common word pair (AND)": ["đại hội", "Tỉnh ủy", "nông thôn"],
    "common phrase": ['"đại hội"', '"Tỉnh uỷ"', '"nông thôn mới"'],
    "rare phrase": ['"chuyển đổi số"', '"biển đảo"', '"Đắk Glei"'],
    "operators": [
        '"đại hội" NOT "thể thao"',
        '"biển đảo" OR "chuyển đổi số"',
        "học tập AND Hồ Chí Minh",
    ],
}
DATE_FILTERS = {"no date filter": {}, "one year (2020)": {"since": "2020", "until": "2020"},
                "since 2024-06": {"since": "2024-06"}}  # fmt: skip


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


CANDIDATES = [0]  # --candidates N: the relevance pool of every search (0: the backend's)
SORT = ["relevance"]  # --sort: the order every search asks for


def measure_search(url: str, repeat: int) -> dict:
    from sqlalchemy import func, select

    from crawler.query.filters import Filters
    from crawler.query.search import search
    from crawler.store.db import make_engine
    from crawler.store.models import ArticleRow

    engine = make_engine(url)
    with engine.connect() as conn:
        conn.execute(select(func.count()).select_from(ArticleRow)).scalar()
    results: dict = {}
    overall: list[float] = []
    pool: int | Literal["backend"] = CANDIDATES[0] or "backend"
    for label, filt in DATE_FILTERS.items():
        for kind, queries in QUERIES.items():
            times: list[float] = []
            hits: list[int] = []
            for q in queries:
                f = Filters.make(**filt)
                r = search(engine, q, f, candidates=pool, sort=SORT[0])  # warm-up; hit count
                hits.append(r.total or 0)
                for _ in range(repeat):
                    t = time.perf_counter()
                    search(engine, q, f, candidates=pool, sort=SORT[0])
                    times.append((time.perf_counter() - t) * 1000)
            overall += times
            results[f"{kind} | {label}"] = {
                "p50_ms": round(pct(times, 50), 1), "p95_ms": round(pct(times, 95), 1),
                "hits": hits,
            }  # fmt: skip
    results["ALL"] = {"p50_ms": round(pct(overall, 50), 1), "p95_ms": round(pct(overall, 95), 1)}
    engine.dispose()
    return results


def measure_export(url: str, out: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "crawler.cli",
            "export",
            "--format",
            "parquet",
            "--out",
            str(out),
            "--db",
            url,
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"export failed: {proc.stderr}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    size = out.stat().st_size
    out.unlink()
    return {
        "seconds": round(elapsed, 1),
        "peak_rss_mb": round(peak_kb / 1024),
        "file_mb": round(size / 2**20),
    }


def run(
    url: str,
    n: int,
    seed: int,
    repeat: int,
    workdir: Path,
    label: str,
    reuse: bool = False,
    export: bool = True,
) -> dict:
    if reuse:
        built = {"insert_s": float("nan"), "reindex_s": float("nan")}
    else:
        print(f"[{label}] building {n} articles …", file=sys.stderr)
        built = build_pg(url, n, seed) if label == "postgresql" else build(url, n, seed)
    print(f"[{label}] built: {built}", file=sys.stderr)
    search_results = measure_search(url, repeat)
    export_result = measure_export(url, workdir / f"export-{label}.parquet") if export else None
    return {"backend": label, "articles": n, "build": built, "search": search_results,
            "export_parquet": export_result}  # fmt: skip


def report(res: dict) -> None:
    print(f"\n## {res['backend']}, {res['articles']:,} articles")
    b = res["build"]
    print(f"insert {b['insert_s']:.0f} s, reindex {b['reindex_s']:.0f} s")
    print("\n| queries | p50 ms | p95 ms | hits per query |\n|---|---:|---:|---|")
    for name, r in res["search"].items():
        hits = ", ".join(f"{h:,}" for h in r.get("hits", []))
        print(f"| {name} | {r['p50_ms']} | {r['p95_ms']} | {hits} |")
    e = res["export_parquet"]
    if e:
        print(
            f"\nexport to Parquet: {e['seconds']} s, peak RSS {e['peak_rss_mb']} MB, "
            f"file {e['file_mb']} MB"
        )


def pg_sizes(url: str) -> dict[str, int]:
    """Sizes in MB of the search table (with its TOAST) and of each of its indexes."""
    from sqlalchemy import text

    from crawler.store.db import make_engine

    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT c.relname, pg_total_relation_size(c.oid) - pg_indexes_size(c.oid) "
                "FROM pg_class c WHERE c.relname IN ('article_search', 'articles') "
                "UNION ALL SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) "
                "FROM pg_index WHERE indrelid = 'article_search'::regclass"
            )
        ).all()
    engine.dispose()
    return {name: round(size / 2**20) for name, size in rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/tuyengiao-bench"))
    ap.add_argument(
        "--postgres",
        nargs="?",
        const="",
        metavar="URL",
        help="also on PostgreSQL: an empty database (with --reuse: one this filled), "
        "or with no URL a throwaway server",
    )
    ap.add_argument("--no-sqlite", action="store_true")
    ap.add_argument("--json", type=Path, help="write the results here too")
    ap.add_argument("--reuse", action="store_true", help="measure the stores left by a run")
    ap.add_argument("--no-export", action="store_true", help="search latency only")
    ap.add_argument(
        "--candidates", type=int, help="relevance pool (default: the backend's, as search())"
    )
    ap.add_argument("--sort", default="relevance", choices=("relevance", "newest", "oldest"))
    args = ap.parse_args()
    SORT[0] = args.sort
    if args.candidates:
        CANDIDATES[0] = args.candidates
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = []
    if not args.no_sqlite:
        db = args.workdir / f"query-{args.articles}.sqlite"
        reuse = args.reuse and db.exists()
        for suffix in ("", "-wal", "-shm") if not reuse else ():
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{db}"
        res = run(
            url, args.articles, args.seed, args.repeat, args.workdir, "sqlite", reuse,
            not args.no_export,
        )  # fmt: skip
        res["db_mb"] = round(db.stat().st_size / 2**20)
        results.append(res)
        report(res)
        print(f"store size {res['db_mb']} MB")
    if args.postgres is not None:
        from servers import postgres_server

        with contextlib.ExitStack() as stack:
            url = args.postgres or stack.enter_context(postgres_server())
            res = run(
                url, args.articles, args.seed, args.repeat, args.workdir, "postgresql",
                args.reuse and bool(args.postgres), not args.no_export,
            )  # fmt: skip
            res["db_mb"] = pg_sizes(url)
            results.append(res)
            report(res)
            print(f"sizes MB: {res['db_mb']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
