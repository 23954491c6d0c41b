"""Shared set-up of the dossier API tests: a commune, its procedure, its officers, a frozen clock."""

import base64
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from rest_framework.test import APIClient

from motcua.dossiers import services
from motcua.dossiers.api import clock
from motcua.dossiers.tests.factories import citizen_account
from motcua.org.tests.factories import StaffFactory

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY_9 = datetime(2026, 11, 16, 9, 0, tzinfo=HANOI)
from motcua.core.tests.files import PDF, PNG  # noqa: E402, F401

EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
ID_NUMBER = "001190012345"
ALL_ROLES = ["desk_officer", "specialist", "unit_head", "agency_leader"]


class Clock:
    def __init__(self, at):
        self.at = at

    def __call__(self):
        return self.at


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    """The API acts at Monday 16/11/2026 09:00 unless a test moves `frozen.at`."""
    fake = Clock(MONDAY_9)
    monkeypatch.setattr(clock, "now", fake)
    return fake


@pytest.fixture
def tokhai(version):
    return version.requirements.get(name="Tờ khai")


def staff(commune, *roles):
    return StaffFactory(agency=commune, roles=list(roles))


@pytest.fixture
def desk(commune):
    return staff(commune, "desk_officer")


@pytest.fixture
def specialist(commune):
    return staff(commune, "specialist")


@pytest.fixture
def leader(commune):
    return staff(commune, "agency_leader")


@pytest.fixture
def everyone(commune):
    """An officer holding every handling role: refusals are then about the state, not the role."""
    return staff(commune, *ALL_ROLES)


@pytest.fixture
def citizen_user(db):
    """Trần Thị Lan's account, her identity (ID_NUMBER) verified and linked: she submits online."""
    return citizen_account("congdan")


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        # A real session, so each request loads the user (and their staff record) through the
        # authentication backend, as in production; force_authenticate would reuse one object.
        client.force_login(user)
    return client


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def payload(version, tokhai, **overrides) -> dict:
    data = {
        "procedure": version.procedure.code,
        "agency": "000.00.31.H26",
        "applicant": {
            "kind": "0",
            "full_name": "Trần Thị Lan",
            "id_number": ID_NUMBER,
            "date_of_birth": "1990-05-01",
            "address": "12 Phố Huế, Hà Nội",
            "phone": "0912345678",
            "email": "lan@example.vn",
        },
        "papers": [{"requirement": tokhai.pk, "kind": "original", "count": 1}],
    }
    data.update(overrides)
    return data


def online_payload(version, tokhai, **overrides) -> dict:
    papers = [
        {"requirement": tokhai.pk, "kind": "electronic", "file_name": "to-khai.pdf", "file_base64": b64(PDF)}
    ]
    return payload(version, tokhai, papers=papers, **overrides)


def post_json(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


# Dossiers put in a given state through the services (the API itself is tested elsewhere).


def intake(version, commune, tokhai, **overrides):
    values = {
        "version": version,
        "agency": commune,
        "applicant": services.ApplicantData(
            kind="0", full_name="Trần Thị Lan", id_number=ID_NUMBER, phone="0912345678"
        ),
        "papers": [services.PaperData(name=tokhai.name, kind="original", requirement_id=tokhai.pk)],
    }
    values.update(overrides)
    return services.Intake(**values)


def received(version, commune, tokhai, desk, now=MONDAY_9):
    return services.receive_at_desk(officer=desk, intake=intake(version, commune, tokhai), now=now)


def submitted(version, commune, tokhai, user=None, now=MONDAY_9):
    return services.submit_online(intake=intake(version, commune, tokhai), now=now, user=user)
