"""Site profiles in the store: written once per learning, read back equal, another
version never read."""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.profile import learn
from crawler.store.db import open_store
from crawler.store.models import SiteProfileRow
from crawler.store.profiles import load_profiles, save_profile
from tests.profile.test_learn import site

NOW = datetime(2025, 11, 1, 8, 0, tzinfo=UTC)


def test_a_profile_is_stored_read_back_and_rewritten_only_when_it_learned_more(tmp_path):
    factory = open_store(f"sqlite:///{tmp_path / 'p.sqlite'}")
    three = learn(site(3), site="mauson")
    with factory() as session:
        assert save_profile(session, three, NOW)
        session.commit()
    with factory() as session:
        assert not save_profile(session, learn(site(3), three, site="mauson"), NOW)
        assert load_profiles(session) == {"mauson": three}
        four = learn(site(4), three, site="mauson")
        assert save_profile(session, four, NOW)
        session.commit()
    with factory() as session:
        row = session.get(SiteProfileRow, "mauson")
        assert row is not None and row.learned_from == 4 and row.version == four.version
        assert load_profiles(session, ["mauson", "other"]) == {"mauson": four}


def test_a_profile_of_another_version_is_not_read(tmp_path):
    factory = open_store(f"sqlite:///{tmp_path / 'p.sqlite'}")
    profile = learn(site(3), site="mauson")
    with factory() as session:
        save_profile(session, profile, NOW)
        session.get(SiteProfileRow, "mauson").version = profile.version + 1
        session.commit()
    with factory() as session:
        assert load_profiles(session) == {}
