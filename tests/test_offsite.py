"""The edge of a site (``crawler/offsite.py``) and the registry's ``hosts`` field."""

from __future__ import annotations

import pytest

from crawler.offsite import REDIRECT_OFFSITE, REDIRECT_PRIVATE, refusal
from crawler.registry import RegistryError, Site, dump_sites, load_registry

PUBLIC = Site(
    key="tg-demo",
    name="n",
    province="p",
    owner="o",
    base_url="http://tuyengiao.example.vn/",
    cms="generic",
    hosts=("cdn.example.vn", "old.example.vn:8080"),
)
LOCAL = Site(
    key="replica",
    name="n",
    province="p",
    owner="o",
    base_url="http://127.0.0.1:8801/",
    cms="generic",
)


@pytest.mark.parametrize(
    "url",
    [
        "http://tuyengiao.example.vn/tin-1.html",
        "https://tuyengiao.example.vn/tin-1.html",  # http → https on the same host
        "http://www.tuyengiao.example.vn/tin-1.html",  # www. or not
        "http://tuyengiao.example.vn:80/tin-1.html",  # the default port spelled out
        "http://cdn.example.vn/tin-1.html",  # a host the entry allows
        "http://old.example.vn:8080/tin-1.html",
    ],
)
def test_the_site_own_hosts_are_followed(url):
    assert refusal(PUBLIC, url) is None


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://example.org/tin-1.html", REDIRECT_OFFSITE),
        ("http://tuyengiao.example.vn.evil.org/", REDIRECT_OFFSITE),
        ("http://tuyengiao.example.vn:8080/", REDIRECT_OFFSITE),  # another port
        ("http://old.example.vn/", REDIRECT_OFFSITE),  # allowed on 8080 only
        ("ftp://tuyengiao.example.vn/x", REDIRECT_OFFSITE),
        ("http://127.0.0.1/", REDIRECT_PRIVATE),
        ("http://localhost:8000/", REDIRECT_PRIVATE),
        ("http://10.1.2.3/admin", REDIRECT_PRIVATE),
        ("http://169.254.169.254/latest/meta-data/", REDIRECT_PRIVATE),
        ("http://[::1]/", REDIRECT_PRIVATE),
        ("http://2130706433/", REDIRECT_PRIVATE),  # 127.0.0.1 as one number
    ],
)
def test_other_hosts_ports_and_private_addresses_are_refused(url, kind):
    assert refusal(PUBLIC, url) == kind


def test_a_site_on_a_private_address_keeps_its_own_port_only():
    assert refusal(LOCAL, "http://127.0.0.1:8801/tin-1.html") is None
    assert refusal(LOCAL, "http://127.0.0.1:8802/tin-1.html") == REDIRECT_PRIVATE
    assert refusal(LOCAL, "http://example.org/") == REDIRECT_OFFSITE


ENTRY = """
[[site]]
key = "tg-demo"
name = "n"
province = "p"
owner = "o"
base_url = "http://tuyengiao.example.vn/"
cms = "generic"
hosts = {hosts}
"""


def test_the_registry_reads_and_writes_hosts(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(ENTRY.format(hosts='["CDN.example.vn", "old.example.vn:8080"]'))
    site = load_registry(path)["tg-demo"]
    assert site.hosts == ("cdn.example.vn", "old.example.vn:8080")
    path.write_text(dump_sites([site]))
    assert load_registry(path)["tg-demo"].hosts == site.hosts


@pytest.mark.parametrize("bad", ['["http://x.vn/"]', '["x.vn:99999"]', "[1]", '"x.vn"'])
def test_a_bad_hosts_entry_names_the_field(tmp_path, bad):
    path = tmp_path / "sites.toml"
    path.write_text(ENTRY.format(hosts=bad))
    with pytest.raises(RegistryError, match="hosts"):
        load_registry(path)
