import datetime

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog import services
from motcua.catalog.models import Procedure, ProcedureVersion, VersionState

from .factories import published_version, version_data

pytestmark = pytest.mark.django_db


def test_bad_code_is_refused_and_nothing_written():
    with pytest.raises(ValidationError, match=r"d\.dddddd"):
        services.create_draft(data=version_data(code="1001193"))
    assert not Procedure.objects.exists()


def test_published_version_is_never_edited_in_place():
    version = published_version()
    with pytest.raises(ValidationError, match="không được sửa"):
        services.update_draft(version=version, data={"name": "Tên khác"})
    version.refresh_from_db()
    assert version.name == "Đăng ký khai sinh"


def test_publishing_a_new_version_amends_the_previous_and_closes_its_period():
    first = services.publish_version(
        version=services.create_draft(data=version_data()), effective_from=datetime.date(2025, 7, 1)
    )
    draft = services.new_draft(version=first)
    assert draft.state == VersionState.DRAFT and draft.number == 2
    assert list(draft.requirements.values_list("name", flat=True)) == ["Tờ khai đăng ký khai sinh"]
    services.update_draft(version=draft, data={"time_amount": 2})
    services.publish_version(version=draft, effective_from=datetime.date(2026, 1, 1))
    first.refresh_from_db()
    draft.refresh_from_db()
    assert first.state == VersionState.AMENDED
    assert first.effective_to == datetime.date(2025, 12, 31)
    assert draft.state == VersionState.PUBLISHED and draft.time_amount == 2
    assert ProcedureVersion.objects.filter(state=VersionState.PUBLISHED).count() == 1


def test_overlapping_period_is_refused_and_nothing_changes():
    first = services.publish_version(
        version=services.create_draft(data=version_data()), effective_from=datetime.date(2025, 7, 1)
    )
    draft = services.new_draft(version=first)
    with pytest.raises(ValidationError, match="không được trước ngày hiệu lực"):
        services.publish_version(version=draft, effective_from=datetime.date(2025, 6, 1))
    first.refresh_from_db()
    draft.refresh_from_db()
    assert first.state == VersionState.PUBLISHED and first.effective_to is None
    assert draft.state == VersionState.DRAFT


def test_only_one_draft_at_a_time_and_published_cannot_be_republished():
    version = published_version()
    services.new_draft(version=version)
    with pytest.raises(ValidationError, match="bản nháp"):
        services.new_draft(version=version)
    with pytest.raises(ValidationError):
        services.publish_version(version=version)


def test_abolish():
    version = published_version()
    services.abolish_version(version=version, effective_to=datetime.date(2026, 3, 1))
    version.refresh_from_db()
    assert version.state == VersionState.ABOLISHED
    with pytest.raises(ValidationError):
        services.abolish_version(version=version, effective_to=datetime.date(2026, 3, 1))


def test_new_draft_copies_processes(org_tree):
    commune = org_tree["communes"][0]
    version = published_version(implementing_agencies=[commune])
    services.save_process(
        version=version,
        agency=commune,
        steps=[{"order": 1, "work": "Tiếp nhận và giải quyết", "amount": 1, "unit": "working_day"}],
    )
    draft = services.new_draft(version=version)
    assert draft.processes.get().steps.count() == 1
    assert list(draft.implementing_agencies.all()) == [commune]


def test_district_level_only_until_30_june_2025():
    old = services.create_draft(data=version_data(levels=["district"]))
    services.publish_version(version=old, effective_from=datetime.date(2021, 1, 1))
    draft = services.new_draft(version=old)
    with pytest.raises(ValidationError, match="Cấp huyện chỉ tồn tại đến ngày 30/6/2025"):
        services.publish_version(version=draft, effective_from=datetime.date(2025, 7, 1))
    services.update_draft(version=draft, data={"levels": ["commune"]})
    services.publish_version(version=draft, effective_from=datetime.date(2025, 7, 1))
    old.refresh_from_db()
    assert old.effective_to == datetime.date(2025, 6, 30)


# ---------------------------------------------------------------------------------------------
# Dates that hold: a version takes effect at 00:00 of its date (Asia/Ho_Chi_Minh), not before.


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    from zoneinfo import ZoneInfo

    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_a_version_dated_in_the_future_waits_and_the_current_one_stays_in_force():
    from motcua.catalog import selectors

    today = datetime.date(2026, 12, 2)
    now = _at(today, 10)
    first = services.publish_version(
        version=services.create_draft(data=version_data()), effective_from=datetime.date(2025, 7, 1), now=now
    )
    draft = services.new_draft(version=first)
    services.update_draft(version=draft, data={"time_amount": 2})
    second = services.publish_version(version=draft, effective_from=datetime.date(2026, 12, 15), now=now)
    first.refresh_from_db()
    # both published; the first ends the day before the second starts
    assert first.state == second.state == VersionState.PUBLISHED
    assert first.effective_to == datetime.date(2026, 12, 14)
    assert selectors.version_in_force("1.001193", now) == first
    assert selectors.version_in_force(first.procedure, _at(datetime.date(2026, 12, 14), 23, 59)) == first
    assert selectors.version_in_force("1.001193", _at(datetime.date(2026, 12, 15), 0, 0)) == second
    assert selectors.next_version("1.001193", now) == second
    assert selectors.next_version("1.001193", _at(datetime.date(2026, 12, 15), 0)) is None
    # the search lists the procedure once, with the version in force on that day
    assert list(selectors.search_procedures(query="khai sinh", at=now)) == [first]
    assert list(selectors.search_procedures(at=_at(datetime.date(2026, 12, 16), 8))) == [second]
    # intake reads the same
    assert selectors.published_version("1.001193", now) == first
    assert selectors.published_version("1.001193", _at(datetime.date(2026, 12, 15), 0)) == second


def test_midnight_is_local_time_not_utc():
    """00:00 on 15/12 in Hà Nội is 17:00 UTC on 14/12: the new version applies from then."""
    from motcua.catalog import selectors

    now = _at(datetime.date(2026, 12, 2), 10)
    first = services.publish_version(
        version=services.create_draft(data=version_data()), effective_from=datetime.date(2025, 7, 1), now=now
    )
    second = services.publish_version(
        version=services.new_draft(version=first), effective_from=datetime.date(2026, 12, 15), now=now
    )
    utc = datetime.UTC
    assert (
        selectors.version_in_force("1.001193", datetime.datetime(2026, 12, 14, 16, 59, tzinfo=utc)) == first
    )
    assert (
        selectors.version_in_force("1.001193", datetime.datetime(2026, 12, 14, 17, 0, tzinfo=utc)) == second
    )


def test_a_second_announced_version_must_come_after_the_announced_one():
    now = _at(datetime.date(2026, 12, 2), 10)
    first = services.publish_version(
        version=services.create_draft(data=version_data()), effective_from=datetime.date(2025, 7, 1), now=now
    )
    services.publish_version(
        version=services.new_draft(version=first), effective_from=datetime.date(2026, 12, 15), now=now
    )
    draft = services.new_draft(version=first)
    with pytest.raises(ValidationError, match="15/12/2026"):
        services.publish_version(version=draft, effective_from=datetime.date(2026, 12, 10), now=now)
    third = services.publish_version(version=draft, effective_from=datetime.date(2027, 1, 1), now=now)
    assert third.state == VersionState.PUBLISHED
    assert ProcedureVersion.objects.get(number=2).effective_to == datetime.date(2026, 12, 31)


def test_publishing_later_marks_the_ended_versions_amended():
    from motcua.catalog import selectors

    first = services.publish_version(
        version=services.create_draft(data=version_data()),
        effective_from=datetime.date(2025, 7, 1),
        now=_at(datetime.date(2025, 7, 1), 8),
    )
    second = services.publish_version(
        version=services.new_draft(version=first),
        effective_from=datetime.date(2026, 1, 1),
        now=_at(datetime.date(2025, 12, 1), 8),
    )
    first.refresh_from_db()
    assert first.state == VersionState.PUBLISHED  # still in force in December 2025
    services.publish_version(
        version=services.new_draft(version=second),
        effective_from=datetime.date(2026, 6, 1),
        now=_at(datetime.date(2026, 3, 1), 8),
    )
    first.refresh_from_db()
    assert first.state == VersionState.AMENDED and first.effective_to == datetime.date(2025, 12, 31)
    assert selectors.version_in_force("1.001193", _at(datetime.date(2026, 3, 1), 8)) == second
