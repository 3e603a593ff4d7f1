"""Detection reads little: literal prefilter and bounded reading, without changing answers."""

from __future__ import annotations

from crawler.cms.detect import (
    BODY_PREFIX,
    PREFIX,
    _ascii,
    _found,
    _markers,
    _reading_end,
    detect,
    required_literals,
)


def test_required_literals_of_marker_shapes() -> None:
    assert required_literals(r"/Portals/(?:\d+|_default)/") == ("/portals/",)
    assert required_literals(r"""id=["'](?:DeltaPlaceHolderMain|s4-ribbonrow)["']""") == (
        "deltaplaceholdermain",
        "s4-ribbonrow",
    )
    assert required_literals(r"/Style%20Library/|/Style Library/") == ("%20library/", " library/")
    assert required_literals(r"""class=["'][^"']*\btdc[-_]zone\b""") == ("zone",)
    assert required_literals(r"\d+x?") == ()  # nothing certain: the regex runs unfiltered


def test_the_prefilter_never_changes_a_marker_answer_on_replica_pages(replica) -> None:
    """Each marker, with and without its literal prefilter, on every replica HTML page."""
    checked = 0
    for key in replica.sites:
        for page in replica.pages(key).values():
            if b"<html" not in page.body[:2048].lower():
                continue
            text = page.body.decode("utf-8", "replace")
            data, low = _ascii(text[: _reading_end(text)])
            for marker in _markers():
                assert _found(marker, data, low) == (marker.data_regex.search(data) is not None), (
                    key,
                    marker.regex.pattern,
                )
            checked += 1
    assert checked > 100


def test_a_marker_past_the_reading_window_is_not_read() -> None:
    head = "<html><head><title>x</title></head><body>"
    filler = "<p>" + "chữ " * (BODY_PREFIX // 4) + "</p>"
    late = head + filler + "<div id='news-bodyhtml'>x</div><div class='news_column'></div>"
    early = head + "<div id='news-bodyhtml'>x</div><div class='news_column'></div>" + filler
    assert detect(early, "http://x.example/a.html").family == "nukeviet4"
    assert detect(late, "http://x.example/a.html").is_generic
    assert len(late) < PREFIX * 4  # the page itself is not huge: the window is what stops it


def test_generator_is_read_in_the_head_only() -> None:
    page = "<html><head><meta name='generator' content='NukeViet v4.0'></head><body></body></html>"
    found = detect(page, "http://x.example/")
    assert found.family == "nukeviet4" and any("generator" in e for e in found.evidence)
    body_only = "<html><head></head><body><p>&lt;meta name='generator' content='NukeViet'&gt;</p>"
    assert detect(body_only + "</body></html>").is_generic
