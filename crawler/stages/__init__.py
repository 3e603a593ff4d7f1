"""The pure stages of a page (extract, clean, dates), chained by ``crawler.page``."""
