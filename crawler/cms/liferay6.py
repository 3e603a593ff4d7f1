"""Liferay Portal 6.x ("Cổng thông tin điện tử" of provinces and departments).

docs/evidence.md §2.3. Liferay 6 builds its pages from portlets: a section page holds
an Asset Publisher (portlet ``101``, instance ``101_INSTANCE_<12 chars>``) that lists
abstracts and shows one article in full at ``…/-/asset_publisher/<id>/content/<urlTitle>``.
The article text is whatever the site's web-content template prints inside
``div.journal-content-article``; Vietnamese templates print the display date and the
sapo there too, so those are read by their own selectors and dropped from the body.

Markers that separate 6.x from 7.x (its own family): 6.x names portlets
``p_p_id_101_INSTANCE_…`` / ``portlet_101_INSTANCE_…`` (7.x:
``com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet_INSTANCE_…``) and serves
theme and portal assets from ``/html/themes/…``, ``/html/js/…`` and ``/combo?`` (7.x: ``/o/…``).

Duplicates every Liferay page has: the language switch ``/c/portal/update_language?…`` and
locale-prefixed paths (``/en/web/…``), the print pop-up (``p_p_state=pop_up`` +
``_viewMode=print``), resource/action URLs (``p_p_lifecycle=1|2``). Render URLs
(``p_p_lifecycle=0``) are how the asset publisher paginates, so they are not excluded.
"""

from crawler.cms.base import Family

FAMILY = Family(
    name="liferay6",
    label="Liferay Portal 6.x (asset publisher / journal content)",
    markers=(
        r"\b(?:p_p_id|portlet)_101_INSTANCE_[A-Za-z0-9]{12}\b",
        r"/html/(?:themes|js)/[\w.-]+/",
        r"""["']/combo\?browserId=""",
        r'class="journal-content-article"',
    ),
    url_markers=(r"/-/asset_publisher/[A-Za-z0-9]{12}/", r"[?&]p_p_id=\d+_INSTANCE_"),
    article_url=(
        # Asset publisher full content, by URL title or by article id (Liferay 6.1/6.2).
        r"/-/asset_publisher/[A-Za-z0-9]{12}/content/(?:id/\d+|[^/?#]+)/?(?:\?redirect=[^&#]*)?$",
        # Custom news portlets of Hà Nội district portals on Liferay 6 (docs/evidence.md §2.3).
        r"/-/view_content/\d+-[^/?#]+\.html$",
        r"/-/view-content/\d+/[^/?#]+/?$",
    ),
    exclude_url=(
        r"/c/portal/",
        r"[?&]languageId=",
        r"^/[a-z]{2}(?:[_-][A-Z]{2})?/(?:web|group)/",
        r"[?&]p_p_state=(?:pop_up|exclusive|maximized)",
        r"_viewMode=print",
        r"[?&]p_p_lifecycle=[12]\b",
        r"/-/asset_publisher/[A-Za-z0-9]{12}/rss",
        r"^/(?:documents|image|html)/",
    ),
    # Abstracts display; the "title list" display (ul.title-list) is also what side
    # portlets ("Tin mới") use on every page, so it is not taken as the listing.
    listing_item=("div.asset-abstract",),
    listing_date=(".metadata-entry.metadata-publish-date", ".metadata-publish-date"),
    listing_next=(
        # 6.2: ul.pager.lfr-pagination-buttons > li: first, previous, next, last.
        "ul.lfr-pagination-buttons > li:nth-child(3):not(.disabled) > a[href]",
        # 6.0/6.1: div.page-links with a.first / a.previous / a.next / a.last.
        ".taglib-page-iterator .page-links a.next[href]",
    ),
    feeds=(),
    sitemaps=("/sitemap.xml",),
    title=(
        ".asset-full-content .taglib-header h1.header-title span",
        ".taglib-header h1.header-title span",
        ".taglib-header h1.header-title",
        ".asset-full-content h3.asset-title",
    ),
    date_line=(
        ".journal-content-article .display-date",
        ".asset-full-content .metadata-entry.metadata-publish-date",
        ".asset-full-content .metadata-publish-date",
    ),
    lead=(".journal-content-article .sapo", ".journal-content-article .summary"),
    body=(
        ".asset-full-content .asset-content .journal-content-article",
        ".asset-full-content .journal-content-article",
    ),
    byline=(),
    captions=(),
    views=(".asset-full-content .metadata-view-count",),
    category=(
        'section.portlet[id^="portlet_101_INSTANCE_"] header.portlet-topper .portlet-title-text',
        "#breadcrumbs li.current-parent a",
    ),
    tags=(".asset-full-content .taglib-asset-tags-summary a.tag",),
    drop=(
        ".display-date",
        ".asset-user-actions",
        ".taglib-social-bookmarks",
        ".taglib-ratings",
        ".asset-ratings",
        ".asset-links",
        ".assetmore",
        ".asset-metadata",
        ".lfr-meta-actions",
    ),
    notes=(
        "Body = the journal template output; the template's date (.display-date) and sapo "
        "(.sapo) live inside it. The portlet title is the section, not the article title. "
        "Bylines are the last paragraph of the web content (no author element: the "
        "asset metadata 'author' is the portal user who published it)."
    ),
)
