"""``tuyengiao browse`` in a real headless Chromium: search, facet, article page, screenshot.

Uses Debian's ``chromium`` and ``chromium-driver`` (no browser download is possible);
skipped locally without them, failed in CI (``CI`` set) where they are installed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.query.conftest import ARTICLES, build
from tests.servers import free_port, require_or_skip

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The browse command on the test corpus, on a free port; yields its base URL."""
    try:
        import datasette  # noqa: F401
    except ImportError:
        require_or_skip("datasette is not installed (pip install -e '.[test]')")
    db = tmp_path_factory.mktemp("browse") / "corpus.sqlite"
    build(f"sqlite:///{db}").dispose()
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler.cli",
            "browse",
            "--db",
            f"sqlite:///{db}",
            "--port",
            str(port),
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                output = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"datasette did not start: {output[-2000:]}")
            time.sleep(0.2)
        yield base
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not CHROMIUM or not DRIVER:
        require_or_skip(
            "chromium / chromedriver not found (apt-get install chromium chromium-driver)"
        )
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        require_or_skip("selenium is not installed (pip install -e '.[test]')")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage", "--window-size=1280,1100",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):  # fmt: skip
        options.add_argument(arg)
    browser = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


def _navigate(driver, action) -> None:  # type: ignore[no-untyped-def]
    """Do something that loads a new page, and wait until the new page is there: reading
    elements while the old page is being replaced gives stale references."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    action()
    wait = WebDriverWait(driver, 20)
    wait.until(expected_conditions.staleness_of(old))
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")


def _titles(driver) -> list[str]:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    return sorted(a.text for a in driver.find_elements(By.CSS_SELECTOR, "a.vn-title"))


def test_search_facet_article_screenshot(browse: str, driver, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(f"{browse}/corpus/articles_browse")
    assert len(_titles(driver)) == len(ARTICLES)

    box = driver.find_element(By.ID, "_search")
    # No accents, no đ: still finds "Đại hội".
    _navigate(driver, lambda: box.send_keys("dai hoi" + Keys.ENTER))
    expected = {ARTICLES[i].title for i in (0, 1, 2, 4)}  # the AND set {1, 2, 3, 5}
    assert set(_titles(driver)) == expected

    facet = driver.find_element(
        By.XPATH, "//div[@data-column='province']//a[normalize-space()='Kon Tum']"
    )
    _navigate(driver, facet.click)
    assert set(_titles(driver)) == {ARTICLES[0].title, ARTICLES[1].title}
    assert "_search=dai+hoi" in driver.current_url and "province=Kon+Tum" in driver.current_url

    _navigate(driver, driver.find_element(By.LINK_TEXT, ARTICLES[0].title).click)
    heading = driver.find_element(By.CSS_SELECTOR, "h1.vn-article-title").text
    paragraphs = [p.text for p in driver.find_elements(By.CSS_SELECTOR, ".vn-body p")]
    assert heading == ARTICLES[0].title
    assert paragraphs == [
        "Sáng nay, Đại hội đại biểu Đảng bộ tỉnh khai mạc.",
        "Tỉnh uỷ chỉ đạo chuẩn bị chu đáo.",
    ]
    assert "2020-03-10 09:00" in driver.find_element(By.CSS_SELECTOR, ".vn-meta").text

    shot = Path(os.environ.get("TUYENGIAO_SCREENSHOTS", tmp_path)) / "browse-article.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_ranked_search_query_folds_and_marks(browse: str, driver) -> None:  # type: ignore[no-untyped-def]
    from urllib.parse import quote

    from selenium.webdriver.common.by import By

    query = quote('"TỈNH ỦY" NOT "chuyển đổi"')
    driver.get(f"{browse}/corpus/search?q={query}")
    titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "a.vn-title")]
    assert sorted(titles) == sorted([ARTICLES[0].title, ARTICLES[2].title])
    assert titles[0] == ARTICLES[2].title  # "Tỉnh ủy" in its title: ranked first
    snippets = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "td.col-snippet")]
    assert any("«Tỉnh uỷ» chỉ đạo" in s for s in snippets)


def _rows(url: str) -> list[dict[str, object]]:
    import json

    with urllib.request.urlopen(url, timeout=30) as r:
        return json.loads(r.read())["rows"]


def test_exact_search_query_respects_marks(browse: str) -> None:
    from urllib.parse import quote

    def ids(name: str, query: str) -> set[object]:
        rows = _rows(f"{browse}/corpus/{name}.json?q={quote(query)}&_shape=objects")
        return {r["id"] for r in rows}

    # "Đại hội" is printed in 1, 3 and 5; nothing prints "dai hoi" without its marks.
    assert len(ids("search_exact", '"Đại hội"')) == 3
    assert ids("search_exact", '"dai hoi"') == set()
    assert ids("search", '"dai hoi"') == ids("search_exact", '"Đại hội"')
