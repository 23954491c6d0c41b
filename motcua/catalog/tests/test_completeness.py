import pytest

from motcua.catalog import services
from motcua.catalog.completeness import any_missing_q, missing_components, missing_labels, missing_q
from motcua.catalog.models import ProcedureVersion

from .factories import AgencyFactory, version_data

pytestmark = pytest.mark.django_db


def test_complete_version_lacks_nothing():
    version = services.create_draft(data=version_data(implementing_agencies=[AgencyFactory()]))
    assert missing_components(version) == []
    assert not ProcedureVersion.objects.filter(any_missing_q()).exists()


def test_each_missing_component_is_named_and_filterable():
    version = services.create_draft(
        data=version_data(
            steps="",
            channels=[],
            requirements=[],
            time_amount=None,
            time_unit="",
            applicant_types=[],
            applicants_text="",
        )
    )
    assert missing_components(version) == [
        "steps",
        "channels",
        "papers",
        "time_limit",
        "applicants",
        "agency",
    ]
    assert "trình tự thực hiện" in missing_labels(version)
    for key in missing_components(version):
        assert ProcedureVersion.objects.filter(missing_q(key)).get() == version
    assert not ProcedureVersion.objects.filter(missing_q("name")).exists()
    assert ProcedureVersion.objects.filter(any_missing_q()).get() == version


def test_same_day_counts_as_a_time_limit_and_agency_text_as_an_agency():
    version = services.create_draft(
        data=version_data(time_amount=None, time_unit="same_day", agency_text="Ủy ban nhân dân cấp xã")
    )
    assert missing_components(version) == []
    assert not ProcedureVersion.objects.filter(any_missing_q()).exists()
