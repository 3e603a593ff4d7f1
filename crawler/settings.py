"""Scrapy settings for tuyengiao: polite by default, every knob overridable.

Small government servers: one or two requests per site at a time, AutoThrottle,
robots.txt obeyed, a User-Agent that names the project and how to reach us.
The CLI overrides from the command line and the environment; the replica demo
turns politeness off because it talks to 127.0.0.1 only.
"""

import os

BOT_NAME = "tuyengiao"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

CONTACT_URL = os.environ.get("TUYENGIAO_CONTACT_URL", "https://github.com/tuyengiao/tuyengiao")
USER_AGENT = f"tuyengiao/0.1 (research crawler; +{CONTACT_URL})"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024  # feeds and sitemaps (a sitemap may hold 50,000 URLs)
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
TUYENGIAO_MAX_PAGE_SIZE = 4 * 1024 * 1024  # an article page; a bigger one is counted `oversize`
RETRY_ENABLED = True
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = os.environ.get("TUYENGIAO_LOG_LEVEL", "INFO")
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt (100): a refused redirect must not even fetch the other host's robots.
    "crawler.middlewares.SiteRedirectMiddleware": 50,
    "crawler.middlewares.SiteStatsMiddleware": 960,
}

LOG_FORMATTER = "crawler.runrecord.QuietStageErrors"
EXTENSIONS = {
    "crawler.runrecord.RunRecorder": 100,
}

ITEM_PIPELINES = {
    "pipelines.page.PagePipeline": 100,  # archive; extract → clean → dates (crawler.page)
    "pipelines.profile.ProfilePipeline": 150,  # learn each site's template (crawler.profile)
    "pipelines.store.StorePipeline": 900,
}

# tuyengiao's own settings (the CLI sets these)
TUYENGIAO_DB = os.environ.get("TUYENGIAO_DB")  # None: the default SQLite store
TUYENGIAO_REGISTRY = os.environ.get("TUYENGIAO_REGISTRY")  # None: crawler/sites.toml + replica
TUYENGIAO_STORE_BATCH = 100  # articles written in one transaction (pipelines/store.py) …
TUYENGIAO_STORE_FLUSH_SECONDS = 1.0  # … or what is pending after this long
# The page pool (crawler/pool.py): worker processes for the page stages; 0 = inline.
_workers = os.environ.get("TUYENGIAO_PAGE_WORKERS", "")
TUYENGIAO_PAGE_WORKERS = int(_workers) if _workers.isdigit() else (os.cpu_count() or 1)
TUYENGIAO_WARC = True  # keep raw article pages in WARC files (crawler/store/warc.py)
