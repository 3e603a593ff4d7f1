"""Detection reads little: literal prefilter and bounded reading, without changing answers."""

from __future__ import annotations

from crawler.cms.detect import (
    BODY_PREFIX,
    PREFIX,
    _ascii,
    _automaton,
    _found,
    _markers,
    _next_place,
    _reading_end,
    detect,
    literal_places,
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
            places = literal_places(low)
            for marker in _markers():
                truth = marker.data_regex.search(data) is not None
                assert _found(marker, data, low) == truth, (key, marker.regex.pattern)
                assert _found(marker, data, low, places) == truth, (key, marker.regex.pattern)
            checked += 1
    assert checked > 100


def _finds(low: bytes, lit: bytes) -> list[int]:
    out, at = [], low.find(lit)
    while at >= 0:
        out.append(at)
        at = low.find(lit, at + 1)
    return out


def test_one_pass_finds_every_place_of_every_literal_overlaps_included() -> None:
    literals, automaton = _automaton()
    assert automaton is not None  # the library is a dependency: the fast path is the one used
    lows = [
        b"<div class='tdc-zone zonezonezone tdb_x tdb_tdb_'>/uploads//uploads/news/2024_01/</div>",
        b"/wp-content//wp-content/plugins/td-cloud-library/ vhv.vhv.vhv. /media/k2//media/",
        b"no literal here at all",
    ]
    for low in lows:
        places = literal_places(low)
        assert places is not None
        for lit in literals:
            assert places.get(lit, []) == _finds(low, lit), (low, lit)
            for start in range(len(low) + 2):  # ``find`` from every place, the edges included
                assert _next_place(low, lit, start, places) == low.find(lit, start), (lit, start)
    assert literal_places(lows[0])[b"zone"] == [16, 21, 25, 29]  # type: ignore[index]


def test_the_window_walk_skips_places_as_find_does() -> None:
    """A literal on every line and the marker's match past ``_MAX_TRIES`` windows: both the
    one-pass places and ``find`` give up at the same place (and agree when it is earlier)."""
    marker = next(m for m in _markers() if m.literals == (b"/uploads/news/",))
    for n in (3, 30):
        filler = "".join(f"<img src='/uploads/news/x{i}.jpg'>" + " " * 600 for i in range(n))
        page = filler + "<img src='/uploads/news/2024_01/a.jpg'>"
        data, low = _ascii(page)
        want = n < 20  # past 20 windows the marker is not looked for any more
        assert _found(marker, data, low) is want
        assert _found(marker, data, low, literal_places(low)) is want


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
