"""The registry loader: valid data loads, every kind of bad entry is named with its line."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from crawler.registry import RegistryError, Site, dump_sites, load_registry
from replica.registry import load_replica, replica_sites

GOOD = """
[[site]]
key = "a-site"
name = "Ban Tuyên giáo A"
province = "A"
owner = "Ban Tuyên giáo Tỉnh ủy A"
base_url = "https://a.example/"
cms = "generic"
sections = ["/tin-tuc/", { path = "/su-kien/", name = "Sự kiện" }]
"""


def write(tmp_path, text: str):
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_entry_loads(tmp_path):
    site = load_registry(write(tmp_path, GOOD))["a-site"]
    assert [s.path for s in site.sections] == ["/tin-tuc/", "/su-kien/"]
    assert site.sections[1].name == "Sự kiện" and site.active and site.host == "a.example"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('key = "a-site"', 'key = "A Site"'), "key must be"),
        (('name = "Ban Tuyên giáo A"\n', ""), "missing or empty required field 'name'"),
        (('cms = "generic"', 'cms = "drupal"'), "unknown cms 'drupal'"),
        (('base_url = "https://a.example/"', 'base_url = "https://a.example"'), "end with '/'"),
        (('cms = "generic"', 'cms = "generic"\ncolour = "red"'), "unknown field(s): colour"),
        (('cms = "generic"', 'cms = "generic"\nselectors = { bodyy = "div" }'), "bodyy"),
        (("sections = [", "sections = [3, "), "a section must be"),
    ],
)
def test_bad_entries_are_named(tmp_path, change, message):
    with pytest.raises(RegistryError) as err:
        load_registry(write(tmp_path, GOOD.replace(*change)))
    assert "sites.toml:2" in str(err.value)
    assert message in str(err.value)


def test_duplicate_keys_and_hosts_are_refused(tmp_path):
    with pytest.raises(RegistryError, match="duplicate key"):
        load_registry(write(tmp_path, GOOD + GOOD))
    other = GOOD.replace('key = "a-site"', 'key = "b-site"')
    with pytest.raises(RegistryError, match="same base_url as site 'a-site'"):
        load_registry(write(tmp_path, GOOD + other))


def test_toml_syntax_errors_carry_the_line(tmp_path):
    with pytest.raises(RegistryError, match="line 3"):
        load_registry(write(tmp_path, '[[site]]\nkey = "x"\nname = \n'))


def test_dump_round_trips(tmp_path):
    sites = replica_sites()
    again = load_registry(write(tmp_path, dump_sites(sites.values())))
    assert again.keys() == sites.keys()
    for key, site in sites.items():
        assert replace(again[key], source=site.source) == site


def test_a_broken_selector_override_is_named(tmp_path):
    bad = GOOD.replace('cms = "generic"', 'cms = "generic"\nselectors = { body = "div[[" }')
    with pytest.raises(RegistryError, match=r"sites.toml:2: site 'a-site': selectors: body"):
        load_registry(write(tmp_path, bad))
    bad = GOOD.replace('cms = "generic"', 'cms = "generic"\nselectors = { article_url = "(" }')
    with pytest.raises(RegistryError, match="article_url"):
        load_registry(write(tmp_path, bad))


def test_the_replica_is_not_in_the_real_registry():
    real, replica = load_registry(), replica_sites()
    assert replica and not set(real) & set(replica)
    assert not {s.host for s in real.values()} & {s.host for s in replica.values()}
    assert "replica" not in {f.name for f in fields(Site)}


def test_a_replica_entry_without_its_table_is_named(tmp_path):
    with pytest.raises(RegistryError, match=r"sites.toml:2: a replica entry needs"):
        load_replica(write(tmp_path, GOOD))
    bad = GOOD + 'replica = { content = "x", port = "8801" }\n'
    with pytest.raises(RegistryError, match=r"site 'a-site': bad replica.port"):
        load_replica(write(tmp_path, bad))
    good = GOOD + 'replica = { content = "x", port = 8801 }\n'
    assert load_replica(write(tmp_path, good))["a-site"].port == 8801
