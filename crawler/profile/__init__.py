"""Site-level template learning: from the pages of one site, which blocks are its template
(menus, sidebars, footers, related lists, counters) and where its articles put their
container, title, date line and lead. Pure functions; the store keeps one profile a site.
"""

from crawler.profile.apply import Located, apply
from crawler.profile.extract import (
    extract_with_profile,
    locate,
    needs_profile,
    refine,
    strip_template,
    worth_rereading,
)
from crawler.profile.learn import learn
from crawler.profile.model import PROFILE_VERSION, SiteProfile

__all__ = [
    "PROFILE_VERSION",
    "Located",
    "SiteProfile",
    "apply",
    "extract_with_profile",
    "learn",
    "locate",
    "needs_profile",
    "refine",
    "strip_template",
    "worth_rereading",
]
