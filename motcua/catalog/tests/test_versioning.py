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
