"""The admin's dossier list (issue 12): filters and the .xlsx / CSV export, within the admin's scope."""

import csv
import datetime as dt
import io
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Applicant, Dossier
from motcua.dossiers.states import Channel, State
from motcua.org.tests.factories import CommuneFactory, StaffFactory, UserFactory

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
LIST = "/admin/dossiers/dossier/"


def at(day, hour=9, month=11):
    return dt.datetime(2026, month, day, hour, tzinfo=ZONE)


@pytest.fixture
def world(db):
    ward = CommuneFactory(code="000.00.41.H26", name="Phường Ba Đình")
    other = CommuneFactory(code="000.00.43.H26", name="Phường Hoàn Kiếm")
    births = published_version(code="1.001193", name="Đăng ký khai sinh", implementing_agencies=[ward, other])
    marriages = published_version(code="1.000894", name="Đăng ký kết hôn", implementing_agencies=[ward])
    numbers = itertools.count(1)
    person = Applicant.objects.create(kind="0", full_name="Trần Thị Lan", id_number="001190012345")

    def make(version, agency, state, received, due, finished=None, channel=Channel.DESK):
        return Dossier.objects.create(
            code=f"AD-{next(numbers):03d}",
            procedure_version=version,
            agency=agency,
            applicant=person,
            channel=channel,
            state=state,
            submitted_at=received,
            received_at=received,
            due_at=due,
            finished_at=finished,
        )

    rows = {
        "ward_open_overdue": make(births, ward, State.PROCESSING, at(2), at(4)),
        "ward_late": make(births, ward, State.RETURNED, at(10), at(12), at(16), channel=Channel.ONLINE),
        "ward_marriage": make(marriages, ward, State.RETURNED, at(20), at(25), at(21)),
        "other": make(births, other, State.PROCESSING, at(3), at(4)),
    }
    return ward, other, rows


@pytest.fixture
def ward_admin(world):
    ward = world[0]
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_dossier"))
    StaffFactory(user=user, agency=ward, roles=["administrator"])
    return user


def codes(response) -> set[str]:
    html = response.content.decode()
    return {code for code in ("AD-001", "AD-002", "AD-003", "AD-004") if f">{code}<" in html}


def test_list_is_limited_to_the_admins_agencies(client, world, ward_admin):
    client.force_login(ward_admin)
    assert codes(client.get(LIST)) == {"AD-001", "AD-002", "AD-003"}
    other_pk = world[2]["other"].pk
    assert client.get(f"{LIST}{other_pk}/change/").status_code in (302, 404)


def test_filters(client, world, ward_admin):
    client.force_login(ward_admin)
    assert codes(client.get(f"{LIST}?procedure_code=1.000894")) == {"AD-003"}
    assert codes(client.get(f"{LIST}?received_from=2026-11-10&received_to=2026-11-20")) == {
        "AD-002",
        "AD-003",
    }
    assert codes(client.get(f"{LIST}?overdue=open")) == {"AD-001"}
    assert codes(client.get(f"{LIST}?overdue=late")) == {"AD-002"}
    assert codes(client.get(f"{LIST}?overdue=any&channel__exact=2")) == {"AD-002"}
    # another agency's code gives nothing outside the scope
    assert codes(client.get(f"{LIST}?agency_code=000.00.43.H26")) == set()


def test_csv_export_of_the_filtered_list(client, world, ward_admin):
    client.force_login(ward_admin)
    response = client.get(f"{LIST}export/csv/?procedure_code=1.001193")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Mã hồ sơ"
    assert sorted(r[0] for r in rows[1:]) == ["AD-001", "AD-002"]  # not the other ward's AD-004


def test_xlsx_export_read_back(client, world, ward_admin):
    client.force_login(ward_admin)
    response = client.get(f"{LIST}export/xlsx/?overdue=any")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:3] == ("Mã hồ sơ", "Mã thủ tục", "Tên thủ tục")
    assert sorted(row[0] for row in values[1:]) == ["AD-001", "AD-002"]
    assert values[1][8]  # received at, as local date and time


def test_superuser_sees_and_exports_everything(client, world):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert codes(client.get(LIST)) == {"AD-001", "AD-002", "AD-003", "AD-004"}
    text = b"".join(client.get(f"{LIST}export/csv/?agency_code=000.00.43.H26").streaming_content).decode(
        "utf-8-sig"
    )
    assert [r[0] for r in list(csv.reader(io.StringIO(text)))[1:]] == ["AD-004"]


def test_export_needs_the_view_permission(client, world):
    user = UserFactory(is_staff=True)
    StaffFactory(user=user, agency=world[0], roles=["administrator"])
    client.force_login(user)
    assert client.get(f"{LIST}export/csv/").status_code == 403
