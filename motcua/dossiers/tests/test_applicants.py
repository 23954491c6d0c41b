"""The shared person record changes only from a verified source, each change an audit event."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.dossiers import applicants, services, transitions
from motcua.dossiers.models import Applicant, ApplicantEvent, Dossier
from motcua.org.tests.factories import CommuneFactory, StaffFactory

from .conftest import MONDAY_9
from .test_services import intake


@pytest.fixture
def desk(commune):
    return StaffFactory(agency=commune, roles=["desk_officer"])


@pytest.fixture
def lan(version, commune, desk):
    services.receive_at_desk(officer=desk, intake=intake(version, commune), now=MONDAY_9)
    return Applicant.objects.get(id_number="001190012345")


def test_the_first_intake_creates_the_record_with_an_event(lan, desk):
    event = ApplicantEvent.objects.get(applicant=lan)
    assert (event.source, event.actor, event.changes["full_name"]) == (
        "intake",
        desk.user,
        [None, "Trần Thị Lan"],
    )


def test_a_correction_writes_an_event_with_before_and_after(lan, desk):
    later = MONDAY_9 + dt.timedelta(hours=1)
    fixed = applicants.correct_applicant(
        applicant=lan,
        officer=desk,
        changes={"full_name": "Trần Thị Lân", "address": "12 Phố Huế"},
        reason="Sai dấu so với CCCD",
        now=later,
    )
    assert (fixed.full_name, fixed.address) == ("Trần Thị Lân", "12 Phố Huế")
    event = ApplicantEvent.objects.filter(applicant=lan).last()
    assert (event.source, event.reason, event.actor, event.at) == (
        "correction",
        "Sai dấu so với CCCD",
        desk.user,
        later,
    )
    assert event.changes == {"full_name": ["Trần Thị Lan", "Trần Thị Lân"], "address": ["", "12 Phố Huế"]}
    # The dossier keeps the name it was received under.
    assert Dossier.objects.get().contact.full_name == "Trần Thị Lan"


def test_a_correction_needs_a_reason_and_an_officer_who_sees_the_person(lan, desk, version):
    with pytest.raises(ValidationError) as error:
        applicants.correct_applicant(
            applicant=lan, officer=desk, changes={"full_name": "X"}, reason=" ", now=MONDAY_9
        )
    assert "reason" in error.value.message_dict
    stranger = StaffFactory(agency=CommuneFactory(), roles=["desk_officer"])
    with pytest.raises(transitions.RoleNotAllowed):
        applicants.correct_applicant(
            applicant=lan, officer=stranger, changes={"full_name": "X"}, reason="r", now=MONDAY_9
        )
    assert Applicant.objects.get(pk=lan.pk).full_name == "Trần Thị Lan"
    assert ApplicantEvent.objects.filter(applicant=lan).count() == 1


def test_the_event_log_is_append_only(lan):
    event = ApplicantEvent.objects.get(applicant=lan)
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        ApplicantEvent.objects.all().delete()


def test_the_population_database_updates_what_differs(lan):
    same = applicants.update_from_verified_source(
        lan, {"full_name": "Trần Thị Lan", "phone": lan.phone}, source="population_db", now=MONDAY_9
    )
    assert ApplicantEvent.objects.filter(applicant=lan).count() == 1  # nothing changed, nothing recorded
    born = dt.date(1990, 5, 1)
    fresh = applicants.update_from_verified_source(
        same, {"date_of_birth": born}, source="population_db", now=MONDAY_9
    )
    assert fresh.date_of_birth == born
    event = ApplicantEvent.objects.filter(applicant=lan).last()
    assert (event.source, event.changes) == ("population_db", {"date_of_birth": [None, "1990-05-01"]})
    with pytest.raises(ValueError):
        applicants.update_from_verified_source(lan, {"full_name": "X"}, source="intake")


def test_a_desk_intake_never_rewrites_a_known_person(lan, version, commune, desk):
    data = services.ApplicantData(
        kind="0", full_name="trần  thị lan", id_number="001190012345", phone="0987654321"
    )
    dossier = services.receive_at_desk(
        officer=desk, intake=intake(version, commune, applicant=data), now=MONDAY_9
    )
    assert dossier.applicant_id == lan.pk
    assert Applicant.objects.get(pk=lan.pk).phone == lan.phone  # the new phone is the dossier's only
    assert dossier.contact.phone == "0987654321"
    renamed = services.ApplicantData(kind="0", full_name="Lê Văn Bình", id_number="001190012345")
    with pytest.raises(applicants.IdentityRefused) as error:
        services.receive_at_desk(
            officer=desk, intake=intake(version, commune, applicant=renamed), now=MONDAY_9
        )
    assert error.value.api_code == "identity_mismatch"
    assert Dossier.objects.count() == 2


def test_old_dossiers_without_details_read_the_record(lan):
    dossier = Dossier.objects.get()
    Dossier.objects.filter(pk=dossier.pk).update(applicant_details={})
    assert Dossier.objects.get(pk=dossier.pk).contact.full_name == lan.full_name


def test_the_operator_corrects_in_the_admin_with_a_reason(lan, client, django_user_model):
    admin_user = django_user_model.objects.create_superuser("quantri", password="x")
    client.force_login(admin_user)
    url = f"/admin/dossiers/applicant/{lan.pk}/change/"
    assert client.get(url).status_code == 200
    form = {
        "kind": "0",
        "full_name": "Trần Thị Lân",
        "id_number": lan.id_number,
        "phone": lan.phone,
    }
    assert client.post(url, {**form, "reason": ""}).status_code == 200  # the reason is required
    assert Applicant.objects.get(pk=lan.pk).full_name == "Trần Thị Lan"
    response = client.post(url, {**form, "reason": "Sai dấu"})
    assert response.status_code == 302
    event = ApplicantEvent.objects.filter(applicant=lan).last()
    assert (event.source, event.actor, event.reason) == ("correction", admin_user, "Sai dấu")
    assert event.changes == {"full_name": ["Trần Thị Lan", "Trần Thị Lân"]}


def test_a_verified_login_links_the_account_with_its_events(lan, django_user_model):
    user = django_user_model.objects.create_user("lan", password="x")
    born = dt.date(1990, 5, 1)
    person = applicants.verified_login(
        user=user, data={"full_name": "Trần Thị Lan", "id_number": lan.id_number, "date_of_birth": born}
    )
    assert (person.pk, person.user, person.date_of_birth) == (lan.pk, user, born)
    e_id = [e.changes for e in ApplicantEvent.objects.filter(applicant=lan, source="e_id")]
    assert e_id == [{"date_of_birth": [None, "1990-05-01"]}, {"user": [None, user.pk]}]
