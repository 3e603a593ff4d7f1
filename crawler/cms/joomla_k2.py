"""Joomla 2.5/3.x sites whose articles are K2 items (and plain ``com_content`` as a fallback).

What Joomla and K2 print (docs/evidence.md §2.6; lyluanchinhtri.vn):

- ``<meta name="generator" content="Joomla! - Open Source Content Management">`` on every page;
  ``/media/jui/``, ``/media/system/js/``; K2 adds ``/media/k2/`` and ``/components/com_k2/``
  assets and wraps its views in ``div#k2Container`` (``itemView`` / ``itemListView``).
- Items: ``/[dir/]index.php/<menu>/item/<id>-<alias>[.html]`` (SEF on, rewriting off), or
  ``index.php?option=com_k2&view=item&id=<id>:<alias>`` without SEF; K2 also routes
  ``/index.php/component/k2/item/<id>-<alias>``. Duplicates carry ``tmpl=component`` (print:
  ``&print=1``), ``/component/mailto/``, ``format=pdf|feed``.
- ``item.php``: ``div.itemHeader > span.itemDateCreated`` (``K2_DATE_FORMAT_LC2``, "Thứ hai,
  11 Tháng 12 2023 16:03") and ``h2.itemTitle``; ``div.itemToolbar`` with ``span.itemHits``
  ("4664 Lượt xem"); ``div.itemBody`` > ``div.itemImageBlock`` (``span.itemImageCaption``),
  ``div.itemIntroText`` (the sapo) + ``div.itemFullText`` (the rest), ``span.itemDateModified``;
  then ``itemLinks`` (category, ``ul.itemTags``), ``itemAuthorBlock``, ``itemRelated``,
  ``itemNavigation``, comments. ``span.itemAuthor`` is the Joomla account, not the writer: on
  these journals the byline closes the full text.
- Listings (``category_item.php``): ``div.catItemView`` with ``span.catItemDateCreated`` and
  ``h3.catItemTitle a``; Joomla pagination ``?start=N`` (3.x ``ul.pagination-list`` with
  ``li.active``; 2.5 ``li.pagination-next``). RSS: ``?format=feed&type=rss``.
- ``com_content`` (no K2): ``div.item-page`` with ``h2[itemprop=headline]``,
  ``time[itemprop=datePublished]``, ``div[itemprop=articleBody]``, ``dd.hits``.
"""

from crawler.cms.base import Family

FAMILY = Family(
    name="joomla_k2",
    label="Joomla + K2",
    generator=r"^Joomla!",
    markers=(
        r"/media/k2/",
        r"/components/com_k2/",
        r"""id=["']k2Container["']""",
        r"""class=["'][^"']*\b(?:itemFullText|itemIntroText|catItemView)\b""",
        r"/media/(?:jui|system)/js/",
    ),
    url_markers=(r"/index\.php/(?:[\w-]+/)+item/\d+-", r"[?&]option=com_k2\b"),
    article_url=(
        # SEF: /[dir/]index.php/<menu…>/item/<id>-<alias>[.html]
        r"^/(?:[\w-]+/)*index\.php/(?:[\w-]+/)+item/\d+(?:-[\w%-]+)?(?:\.html)?$",
        # SEF with URL rewriting: /<menu…>/item/<id>-<alias>[.html]
        r"^/(?!index\.php)(?:[\w-]+/)+item/\d+-[\w%-]+(?:\.html)?$",
        # no SEF
        r"^/(?:[\w-]+/)*index\.php\?option=com_k2&(?:amp;)?view=item&(?:amp;)?id=\d+(?::[\w%-]+)?"
        r"(?:&(?:amp;)?Itemid=\d+)?$",
        r"^/(?:[\w-]+/)*index\.php\?option=com_content&(?:amp;)?view=article&(?:amp;)?id=\d+"
        r"(?::[\w%-]+)?(?:&(?:amp;)?catid=\d+(?::[\w%-]+)?)?(?:&(?:amp;)?Itemid=\d+)?$",
    ),
    exclude_url=(
        r"[?&](?:amp;)?tmpl=component",
        r"[?&](?:amp;)?print=1",
        r"[?&](?:amp;)?format=(?:pdf|feed|raw|json)",
        r"/component/mailto/",
        r"/itemlist/",
    ),
    listing_item=(
        "div.catItemView",
        "div.itemList div.itemContainer",
        "div.blog div.items-row",
    ),
    listing_date=(
        "span.catItemDateCreated",
        "time[itemprop=datePublished]",
        "dd.published",
    ),
    listing_next=(
        "ul.pagination-list li.active + li > a.pagenav",
        "li.pagination-next a.pagenav",
        'a.pagenav[title="Tiếp"]',
    ),
    feeds=("/index.php?format=feed&type=rss",),
    sitemaps=(),  # no core sitemap: extensions (OSMap, JSitemap) announce theirs in robots.txt
    title=(
        "div.itemView div.itemHeader h2.itemTitle",
        "div.itemView h2.itemTitle",
        "div.item-page [itemprop=headline]",
        "div.item-page h2",
    ),
    date_line=(
        "div.itemView div.itemHeader span.itemDateCreated",
        "div.itemView span.itemDateCreated",
        "div.item-page dd.published",
    ),
    updated=("div.itemView span.itemDateModified",),
    lead=("div.itemView div.itemBody div.itemIntroText",),
    body=(
        "div.itemView div.itemBody div.itemFullText",
        "div.item-page div[itemprop=articleBody]",
    ),
    byline=(),  # span.itemAuthor is the Joomla account that posted the item
    captions=("div.itemView div.itemImageBlock span.itemImageCaption",),
    views=(
        "div.itemView span.itemHits",
        "div.item-page dd.hits",
    ),
    category=(
        "div.itemView div.itemCategory a",
        "div.item-page dd.category-name a",
    ),
    tags=("div.itemView ul.itemTags li a",),
    drop=(
        "div.itemExtraFields",
        "div.itemAttachmentsBlock",
        "div.itemVideoBlock",
        "div.itemSocialSharing",
        "div.itemRatingBlock",
    ),
    notes=(
        "An item saved without a 'read more' split has only div.itemIntroText; then the lead "
        "selector finds the whole text and the body selector nothing (override per site: "
        "body = div.itemIntroText, lead = none)."
    ),
)
