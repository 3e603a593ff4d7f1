"""The replica fixture checks itself, once per site.

These checks read only the rendered pages and the content files: that every site serves
what its registry entry and content promise, renders the same bytes twice, and shows the
markup, chrome, feeds and URL forms its family test file says it does. They call no
product code, so they are not tests of the product: they are one self-check of the
fixture the product tests stand on, and a failure here means the replica is broken.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.replica.conftest import entries, replica_site
from tests.replica.test_replica_sites import (
    SITES,
    check_content_matches_its_registry_entry,
    check_rendering_is_deterministic,
    check_robots_txt_is_served_and_names_its_sitemaps,
    check_seed_article_content_equals_expected_json,
)


def family_checks(family: str) -> tuple[Callable[[], None], ...]:
    """``FIXTURE_CHECKS`` of ``tests/replica/test_<family>.py``, if that file exists."""
    try:
        module = importlib.import_module(f"tests.replica.test_{family}")
    except ModuleNotFoundError:
        return ()
    return getattr(module, "FIXTURE_CHECKS", ())


@pytest.mark.parametrize("key", SITES)
def test_replica_fixture_self_check(key: str) -> None:
    check_content_matches_its_registry_entry(key)
    check_robots_txt_is_served_and_names_its_sitemaps(key)
    check_rendering_is_deterministic(key)
    if entries()[key].seed:
        check_seed_article_content_equals_expected_json(key)
    for check in family_checks(replica_site(key).content.family):
        check()


def test_every_family_file_hands_its_fixture_checks_over() -> None:
    here = Path(__file__).parent
    families = {replica_site(key).content.family for key in SITES}
    with_file = sorted(f for f in families if (here / f"test_{f}.py").exists())
    assert len(with_file) >= 12
    assert not [f for f in with_file if not family_checks(f)]
