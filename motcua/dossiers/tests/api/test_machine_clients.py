"""Machine clients on the dossier API (issue 13): a token serves the agencies granted to its client
for the operation's scope, and nothing else; a person's session stays a person."""

import pytest
from django.test import Client

from motcua.core.testing import query_budget
from motcua.dossiers.models import DossierEvent
from motcua.machines.models import MachineRequest
from motcua.machines.tests.helpers import machine_api, register, token
from motcua.org.tests.factories import CommuneFactory

from .conftest import client_for, online_payload, post_json, received

URL = "/api/v1/dossiers/"


@pytest.fixture
def other(version):
    """A second commune implementing the same procedure: agency B."""
    other = CommuneFactory(code="000.00.32.H26", name="Ủy ban nhân dân Phường Bên cạnh")
    version.implementing_agencies.add(other)
    return other


@pytest.fixture
def portal(commune, other):
    """Reads and writes dossiers for the commune (A) only; reads reports for the other (B)."""
    return register(
        grants=[(commune, ["dossiers:read", "dossiers:write", "sync"]), (other, ["reports:read"])]
    )


@pytest.fixture
def ours(version, commune, tokhai, desk):
    return received(version, commune, tokhai, desk)


@pytest.fixture
def theirs(version, other, tokhai):
    from motcua.org.tests.factories import StaffFactory

    return received(version, other, tokhai, StaffFactory(agency=other, roles=["desk_officer"]))


def test_the_list_holds_only_the_granted_agencys_dossiers(portal, ours, theirs):
    response = machine_api(portal, "dossiers:read").get(URL)
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == [ours.code]


def test_a_dossier_of_a_granted_agency_is_served_and_audited_with_its_agency(portal, ours):
    response = machine_api(portal, "dossiers:read").get(f"{URL}{ours.code}/")
    assert response.status_code == 200
    assert response.json()["code"] == ours.code
    assert response.json()["allowed_actions"] == []  # a machine acts in no role
    row = MachineRequest.objects.get()
    assert (row.client, row.method, row.path, row.status, row.agency) == (
        portal.client,
        "GET",
        f"{URL}{ours.code}/",
        200,
        ours.agency,
    )
    assert row.token_id is not None


def test_another_agencys_dossier_is_403_because_codes_are_public_anyway(portal, theirs):
    # The code is printed on the receipt and answered by the public status lookup: saying "not
    # yours" (403, as for officers) leaks nothing a 404 would hide; an unknown code stays 404.
    api = machine_api(portal, "dossiers:read")
    response = api.get(f"{URL}{theirs.code}/")
    assert response.status_code == 403
    assert response.json()["code"] == "not_your_dossier"
    assert set(response.json()) >= {"code", "field", "message"}
    assert api.get(f"{URL}000.00.31.H26-261116-9999/").status_code == 404
    refused = MachineRequest.objects.get(status=403)
    assert refused.agency == theirs.agency


def test_a_scope_granted_for_agency_b_does_not_open_agency_bs_dossiers(portal, theirs):
    # reports:read for B, dossiers:read for A only: B's dossiers stay closed.
    api = machine_api(portal, "dossiers:read reports:read")
    assert api.get(URL).json()["results"] == []
    assert api.get(f"{URL}{theirs.code}/").status_code == 403


def test_a_token_without_the_operations_scope_is_403(portal, ours):
    response = machine_api(portal, "sync").get(f"{URL}{ours.code}/")
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"
    assert MachineRequest.objects.get().status == 403


def test_a_machine_without_any_grant_for_the_agency_gets_403(commune, other, theirs):
    stranger = register(name="Hệ thống của tỉnh khác", grants=[(commune, ["dossiers:read"])])
    assert machine_api(stranger).get(f"{URL}{theirs.code}/").status_code == 403


def test_the_sync_record_needs_sync_for_the_dossiers_agency(portal, ours, theirs):
    api = machine_api(portal, "sync")
    response = api.get(f"{URL}{ours.code}/sync-record/")
    assert response.status_code == 200
    assert response.json()["MaHoSo"] == ours.code
    assert api.get(f"{URL}{theirs.code}/sync-record/").status_code == 403
    assert machine_api(portal, "dossiers:read").get(f"{URL}{ours.code}/sync-record/").status_code == 403


def test_a_machine_forwards_a_submission_for_its_agency_and_the_event_names_it(portal, version, tokhai):
    response = post_json(machine_api(portal, "dossiers:write"), URL, online_payload(version, tokhai))
    assert response.status_code == 201, response.content
    event = DossierEvent.objects.get(dossier__code=response.json()["code"])
    assert event.actor == portal.client.user
    assert event.actor_label == "Cổng Dịch vụ công quốc gia"
    assert event.data["machine_client"] == portal.client_id


def test_a_submission_for_a_foreign_agency_is_refused(portal, version, tokhai, other):
    data = online_payload(version, tokhai, agency=other.code)
    response = post_json(machine_api(portal, "dossiers:write"), URL, data)
    assert response.status_code == 403
    assert response.json()["code"] == "agency_not_granted"
    assert not DossierEvent.objects.exists()
    assert MachineRequest.objects.get().agency == other


def test_write_without_read_lists_nothing(portal, ours):
    response = machine_api(portal, "dossiers:write").get(URL)
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"


def test_an_action_for_people_refuses_a_token(portal, ours):
    response = post_json(machine_api(portal), f"{URL}{ours.code}/start-processing/", {})
    assert response.status_code == 403
    assert response.json()["code"] == "machine_not_allowed"


def test_a_session_without_a_token_is_a_person_and_not_audited(portal, ours, desk, citizen_user):
    assert [r["code"] for r in client_for(desk.user).get(URL).json()["results"]] == [ours.code]
    # Trần Thị Lan's account sees her dossier as its applicant: the people's rule, not a grant.
    assert [r["code"] for r in client_for(citizen_user).get(URL).json()["results"]] == [ours.code]
    assert not MachineRequest.objects.exists()


def test_a_token_does_not_open_the_officers_workspace(portal):
    response = Client().get("/can-bo/", HTTP_AUTHORIZATION=f"Bearer {token(portal)}")
    assert response.status_code == 302  # to the officers' login: no session, no officer
    assert not MachineRequest.objects.exists()


def test_a_machines_list_costs_the_same_for_one_dossier_or_twenty(portal, version, commune, tokhai, desk):
    # token, client + user + application, grants, count, page (+ the audit insert after the answer)
    api = machine_api(portal, "dossiers:read")
    for _ in range(20):
        received(version, commune, tokhai, desk)
    with query_budget("api.dossiers.list.machine"):
        response = api.get(URL)
    assert response.json()["count"] == 20
