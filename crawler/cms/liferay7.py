"""Liferay Portal / DXP 7.x portals ("Cổng / Trang thông tin điện tử" on Liferay 7.0–7.4).

What 7.x prints (docs/evidence.md §2.3 "Liferay 7.x", the Đồng Tháp URLs of the
``btg-dongthap`` registry entry), as opposed
to the 6.x markup the ``liferay6`` family reads:

- Portlets are OSGi modules: ids ``p_p_id_com_liferay_asset_publisher_web_portlet_
  AssetPublisherPortlet_INSTANCE_<12 chars>_`` (6.x: ``p_p_id_101_INSTANCE_…``), boundaries
  ``portlet-boundary_com_liferay_…``, Clay headers (``autofit-row``); static resources under
  ``/o/`` (``/o/frontend-js-web/``, ``/o/js_loader_config``, themes ``/o/<name>-theme/``).
- Asset publisher full content (``view_asset_full_content``): ``div.asset-full-content.clearfix
  .mb-5`` > ``h4.component-title > span.asset-title`` (the title), ``div.asset-content`` >
  ``div.journal-content-article[data-analytics-asset-title]`` (the web content as the site's
  template renders it), then asset links, ratings, social bookmarks.
- URLs: ``/web/<site>/<page>/-/asset_publisher/<12 chars>/content/id/<num>`` (or
  ``…/content/<url-title>``); the same article again at ``/<lang>/web/…``, through
  ``/c/portal/update_language?…`` (language switch) and with ``p_p_state=pop_up`` /
  ``_viewMode=print`` (print); listings page with ``_cur=N`` render parameters and the Clay
  ``ul.pagination``.
- Portlets without a custom title print the default "Xuất bản thông tin" (Asset Publisher in
  Vietnamese); templates print "null" for empty fields — chrome the cleaner drops.
- The template is site-made (FreeMarker): its date ("Đăng ngày 15-05-2022 10:48"), views and
  sapo classes vary; the selectors list those seen on Vietnamese portals plus Liferay's own
  asset-metadata classes. ``/sitemap.xml`` lists layouts only (no display pages), so listings
  are the way to the articles.
"""

from crawler.cms.base import Family

_ID = r"[A-Za-z0-9]{12}"

FAMILY = Family(
    name="liferay7",
    label="Liferay Portal/DXP 7.x (asset publisher / journal content)",
    markers=(
        r"\bportlet-boundary_com_liferay_[a-z_]+_web_portlet_",
        r"\bp_p_id_com_liferay_[a-z_]+_web_portlet_\w+_INSTANCE_",
        r"/o/frontend-(?:js|css)-[a-z-]+/",
        r"/o/js_loader_config\b",
        r"""\bdata-analytics-asset-(?:id|title|type)=""",
        r"""class=["'][^"']*\bautofit-(?:row|col)\b""",
    ),
    url_markers=(rf"/-/asset_publisher/{_ID}/content/id/\d+$",),
    article_url=(
        rf"^(?:/web/[\w-]+|/group/[\w-]+)?(?:/[\w-]+)*/-/asset_publisher/{_ID}/content/"
        r"(?:id/\d+|[\w%-]+)/?$",
    ),
    exclude_url=(
        r"/c/portal/",
        r"[?&]languageId=",
        r"^/[a-z]{2}(?:[_-][A-Z]{2})?/(?:web|group)/",
        r"[?&]p_p_state=(?:pop_up|exclusive|maximized)",
        r"_viewMode=print",
        r"[?&]p_p_lifecycle=[12]\b",
        r"_redirect=",
        rf"/-/asset_publisher/{_ID}/rss",
        r"^/(?:documents|image|o)/",
    ),
    listing_item=("div.asset-abstract",),
    listing_date=(".metadata-publish-date",),
    listing_next=("ul.pagination li.page-item.active + li.page-item:not(.disabled) > a.page-link",),
    feeds=(),
    sitemaps=("/sitemap.xml",),
    title=(
        ".asset-full-content .component-title .asset-title",
        ".asset-full-content .asset-title",
    ),
    date_line=(
        ".asset-full-content .journal-content-article .ngay-dang",
        ".asset-full-content .journal-content-article .display-date",
        ".asset-full-content .journal-content-article .news-date",
        ".asset-full-content .metadata-publish-date",
    ),
    lead=(
        ".asset-full-content .journal-content-article .sapo",
        ".asset-full-content .journal-content-article .summary",
        ".asset-full-content .asset-summary",
    ),
    body=(".asset-full-content .asset-content .journal-content-article",),
    byline=(),  # the asset's author is the portal user who published it, not the writer
    captions=(),
    views=(
        ".asset-full-content .journal-content-article .luot-xem",
        ".asset-full-content .journal-content-article .view-count",
        ".asset-full-content .metadata-view-count",
    ),
    category=(
        "#navigation li.lfr-nav-item.selected > a",
        "#breadcrumbs li.breadcrumb-item.active",
    ),
    tags=(".asset-full-content .taglib-asset-tags-summary a",),
    drop=(
        ".ngay-dang",
        ".display-date",
        ".news-date",
        ".luot-xem",
        ".view-count",
        ".asset-metadata",
        ".asset-links",
        ".asset-ratings",
        ".asset-social-bookmarks",
    ),
    notes=(
        "Body = the web content as the site's template renders it; the template's own "
        "labels (empty fields print 'null', date and views lines) are dropped by class or by "
        "the cleaner. Override date_line/views/lead per site when its template differs."
    ),
)
