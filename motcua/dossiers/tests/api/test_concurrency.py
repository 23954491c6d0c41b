"""Fifty officers' API intakes at once: fifty distinct, consecutive codes, nothing lost."""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Applicant, ApplicantEvent, Dossier, DossierEvent
from motcua.dossiers.tests.factories import citizen_account
from motcua.org.tests.factories import CommuneFactory, ServiceDeskFactory, StaffFactory

from .conftest import client_for, online_payload, payload


def _ward_with_birth_registration():
    """The ward 000.00.31.H26 with its desk and a published 3-working-day procedure (one paper)."""
    commune = CommuneFactory(code="000.00.31.H26")
    ServiceDeskFactory(host_agency=commune)
    version = published_version(
        time_amount=3,
        time_unit="working_day",
        implementing_agencies=[commune],
        requirements=[{"name": "Tờ khai", "kind": "original", "quantity": 1}],
    )
    return commune, version


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_creations_get_fifty_consecutive_codes(frozen):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers on the whole file; row locking is exercised on PostgreSQL")
    commune, version = _ward_with_birth_registration()
    tokhai = version.requirements.get()
    officers = [StaffFactory(agency=commune, roles=["desk_officer"]) for _ in range(5)]
    # Fifty different people (one person in parallel: below); those online with their own account.
    citizens = {n: citizen_account(id_number=f"001190{n:06d}", date_of_birth=None) for n in range(0, 50, 2)}

    def create(n):
        try:
            if n % 2:  # half at the desk, half online
                client = client_for(officers[n % 5].user)
                body = payload(version, tokhai)
            else:
                client = client_for(citizens[n])
                body = online_payload(version, tokhai)
            body["applicant"]["id_number"] = f"001190{n:06d}"
            response = client.post("/api/v1/dossiers/", json.dumps(body), content_type="application/json")
            assert response.status_code == 201, response.content
            return response.json()["code"]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        codes = list(pool.map(create, range(50)))
    assert len(set(codes)) == 50
    assert sorted(codes) == [f"000.00.31.H26-261116-{n:04d}" for n in range(1, 51)]
    assert Dossier.objects.count() == 50
    assert DossierEvent.objects.count() == 50


@pytest.mark.django_db(transaction=True)
def test_parallel_retries_with_one_key_make_one_dossier(frozen):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrency (PostgreSQL)")
    commune = CommuneFactory(code="000.00.31.H26")
    version = published_version(
        time_amount=3,
        time_unit="working_day",
        implementing_agencies=[commune],
        requirements=[{"name": "Tờ khai", "kind": "original", "quantity": 1}],
    )
    tokhai = version.requirements.get()
    body = json.dumps(online_payload(version, tokhai))
    citizen = citizen_account()

    def create(_):
        try:
            response = client_for(citizen).post(
                "/api/v1/dossiers/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="retry-1"
            )
            return response.status_code, response.json()["code"]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(create, range(8)))
    assert {code for _status, code in results} == {"000.00.31.H26-261116-0001"}
    statuses = [status for status, _code in results]
    # The one attempt that wrote says 201; every other one (seen by the view's check, the service's,
    # or the unique index) is a replay.
    assert sorted(statuses) == [200] * 7 + [201]
    assert Dossier.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_desk_retries_with_one_key_receive_one_dossier(frozen):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrency (PostgreSQL)")
    commune, version = _ward_with_birth_registration()
    officer = StaffFactory(agency=commune, roles=["desk_officer"])
    body = json.dumps(payload(version, version.requirements.get()))

    def create(_):
        try:
            response = client_for(officer.user).post(
                "/api/v1/dossiers/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="desk-retry"
            )
            return response.status_code, response.json()["code"], response.get("Idempotent-Replayed")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(create, range(8)))
    assert {code for _status, code, _replayed in results} == {"000.00.31.H26-261116-0001"}
    assert sorted((status, replayed) for status, _code, replayed in results) == [(200, "true")] * 7 + [
        (201, None)
    ]
    assert Dossier.objects.count() == 1
    assert DossierEvent.objects.count() == 1
    # The code the losers drew was given back: the next dossier of the day is 0002.
    client = client_for(officer.user)
    response = client.post("/api/v1/dossiers/", body, content_type="application/json")
    assert response.json()["code"] == "000.00.31.H26-261116-0002"


@pytest.mark.django_db(transaction=True)
def test_one_new_person_received_in_parallel(frozen):
    """Ten desks receive dossiers of one person never seen before, at once, three times: one person
    record, created once (one creation event), never rewritten."""
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrency (PostgreSQL)")
    commune, version = _ward_with_birth_registration()
    officers = [StaffFactory(agency=commune, roles=["desk_officer"]) for _ in range(10)]
    body = json.dumps(payload(version, version.requirements.get()))

    def create(n):
        try:
            client = client_for(officers[n].user)
            return client.post("/api/v1/dossiers/", body, content_type="application/json").status_code
        finally:
            connection.close()

    for _round in range(3):
        with ThreadPoolExecutor(max_workers=10) as pool:
            assert set(pool.map(create, range(10))) == {201}
    assert Dossier.objects.count() == 30
    assert Applicant.objects.count() == 1
    assert [e.source for e in ApplicantEvent.objects.all()] == ["intake"]
