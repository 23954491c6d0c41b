"""The dated-rules table: each rule is pinned to the day the law changed."""

from datetime import UTC, date, datetime

import pytest

from motcua.core import law


@pytest.mark.parametrize(
    ("key", "before", "after"),
    [
        ("forms.set", "2018", "2025"),
        ("intake.boundary_free", False, True),
        ("clock.boundary_free_start", "receipt", "competent_agency_receipt"),
    ],
)
def test_rule_changes_on_reform_day(key, before, after):
    assert law.in_force(key, date(2025, 6, 30)).value == before
    assert law.in_force(key, date(2025, 7, 1)).value == after


@pytest.mark.parametrize("key", sorted(law.known_keys()))
def test_every_key_has_old_and_new_instrument(key):
    old = law.in_force(key, date(2025, 6, 30))
    new = law.in_force(key, date(2025, 7, 1))
    assert old.instrument in (law.DECREE_61_2018, law.CIRCULAR_01_2018)
    assert new.instrument in (law.DECREE_118_2025, law.CIRCULAR_03_2025)
    assert old.effective_to == date(2025, 6, 30) and new.effective_from == date(2025, 7, 1)


def test_receiving_bodies_drop_the_district():
    assert "district_desk" in law.in_force("receiving.bodies", date(2024, 3, 1)).value
    assert "district_desk" not in law.in_force("receiving.bodies", date(2025, 7, 1)).value


def test_no_rule_before_decree_61_is_an_error_not_a_guess():
    with pytest.raises(law.NoRuleInForce, match=r"forms\.set"):
        law.in_force("forms.set", date(2017, 1, 1))


def test_unknown_key_is_refused():
    with pytest.raises(KeyError, match=r"forms\.sett"):
        law.in_force("forms.sett", date(2025, 7, 1))


def test_in_force_refuses_a_datetime():
    with pytest.raises(TypeError):
        law.in_force("forms.set", datetime(2025, 7, 1, tzinfo=UTC))


def test_local_date_is_vietnamese_day():
    # 30/6/2025 17:30 UTC is already 1/7/2025 00:30 in Hà Nội: the new law applies.
    assert law.local_date(datetime(2025, 6, 30, 17, 30, tzinfo=UTC)) == date(2025, 7, 1)
    with pytest.raises(ValueError):
        law.local_date(datetime(2025, 6, 30, 17, 30))


def test_province_override_applies_only_where_allowed(settings):
    settings.MOTCUA_LAW_OVERRIDES = {"intake.boundary_free": False, "forms.set": "1999"}
    assert law.value_in_force("intake.boundary_free", date(2025, 7, 1)) is False
    # The forms are fixed nationally by the circular: a setting cannot change them.
    assert law.value_in_force("forms.set", date(2025, 7, 1)) == "2025"
    # The old rule had nothing for the province to decide.
    assert law.value_in_force("intake.boundary_free", date(2025, 6, 30)) is False


def test_overlapping_rules_are_caught(monkeypatch):
    clash = law.LawRule("forms.set", "X", "1", date(2025, 1, 1), None, "x")
    monkeypatch.setattr(law, "RULES", (*law.RULES, clash))
    with pytest.raises(AssertionError, match="overlap"):
        law._check_table()
