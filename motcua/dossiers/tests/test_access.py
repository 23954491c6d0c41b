"""The one access rule (agency subtree × role) over every API endpoint and office page that reads
a dossier or a person: 0 leaks across agencies (issue 8, defects 2 and 3; issue 9, item 2)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse

from motcua.calendars.services import working_due
from motcua.catalog.tests.factories import published_version
from motcua.dossiers import access, deadlines, selectors, services
from motcua.dossiers.models import DocumentKind, DossierDocument, DossierPaper
from motcua.dossiers.tests.api.conftest import PDF, client_for
from motcua.org.models import Role
from motcua.org.tests.factories import CommuneFactory, StaffFactory

from .conftest import MONDAY_9, applicant, make_intake

pytestmark = pytest.mark.django_db

ROLES = [
    Role.DESK_OFFICER,
    Role.SPECIALIST,
    Role.UNIT_HEAD,
    Role.AGENCY_LEADER,
    Role.CONTROL_OFFICER,
    Role.ADMINISTRATOR,
]


@pytest.fixture
def two_agencies(db):
    ours = CommuneFactory(code="000.00.61.H26", name="Ủy ban nhân dân Phường Sáu Mốt")
    theirs = CommuneFactory(code="000.00.62.H26", name="Ủy ban nhân dân Phường Sáu Hai")
    version = published_version(
        code="1.000062",
        time_amount=3,
        time_unit="working_day",
        implementing_agencies=[ours, theirs],
        requirements=[{"name": "Đơn", "kind": "original", "quantity": 1}],
    )
    staff = {
        (a, r): StaffFactory(agency=a, roles=[r], full_name=f"{r} {a.code}")
        for a in (ours, theirs)
        for r in ROLES
    }
    theirs_dossier = services.receive_at_desk(
        officer=staff[(theirs, Role.DESK_OFFICER)],
        intake=make_intake(
            version, theirs, applicant=applicant(full_name="Nguyễn Văn An", id_number="001190099999")
        ),
        now=MONDAY_9,
    )
    paper = DossierPaper.objects.filter(dossier=theirs_dossier).first()
    paper.file.save("don.pdf", ContentFile(PDF))
    document = DossierDocument(dossier=theirs_dossier, kind=DocumentKind.RECEIPT, created_at=MONDAY_9)
    document.file.save("mau-01.pdf", ContentFile(PDF))
    return ours, theirs, version, staff, theirs_dossier, paper, document


def test_no_officer_reads_another_agency_s_dossier_anywhere(two_agencies):
    ours, _theirs, _version, staff, dossier, paper, document = two_agencies
    code = dossier.code
    urls = [
        f"/api/v1/dossiers/{code}/",
        f"/api/v1/dossiers/{code}/papers/{paper.pk}/file/",
        f"/api/v1/dossiers/{code}/documents/{document.pk}/",
        f"/api/v1/dossiers/{code}/sync-record/",
        f"/can-bo/ho-so/{code}/",
        f"/can-bo/ho-so/{code}/van-ban/{document.pk}/",
        f"/can-bo/ho-so/{code}/giay-to/{paper.pk}/",
        f"/can-bo/ho-so/{code}/in/mau_01/",
        f"/can-bo/ho-so/{code}/in/mau_06/",
    ]
    searches = ["/api/v1/dossiers/", f"/can-bo/tra-cuu/?q={code}", "/can-bo/tra-cuu/?q=nguyen+van+an"]
    operator = get_user_model().objects.create_superuser("operator", password="x")
    leaks = []
    for user in [*(staff[(ours, r)].user for r in ROLES), operator]:
        client = client_for(user)
        for url in urls:
            response = client.get(url)
            if response.status_code == 200:
                leaks.append((user.username, url))
        for url in searches:
            body = client.get(url).content.decode()
            if f"/ho-so/{code}/" in body or "Nguyễn Văn An" in body:
                leaks.append((user.username, url))
        listed = client.get("/api/v1/dossiers/")
        if listed.status_code == 200 and code in {row["code"] for row in listed.json()["results"]}:
            leaks.append((user.username, "api list"))
        lookup = client.get("/can-bo/tiep-nhan/nguoi-nop/?id_number=001190099999").content.decode()
        if "Nguyễn Văn An" in lookup:
            leaks.append((user.username, "applicant lookup"))
    assert leaks == []


def test_the_applicant_lookup_is_the_desk_s_and_only_for_the_agencies_it_serves(two_agencies):
    ours, theirs, _version, staff, _dossier, _paper, _document = two_agencies
    url = "/can-bo/tiep-nhan/nguoi-nop/?id_number=001190099999"
    assert "Nguyễn Văn An" in client_for(staff[(theirs, Role.DESK_OFFICER)].user).get(url).content.decode()
    for role in ROLES[1:]:
        assert "Nguyễn Văn An" not in client_for(staff[(theirs, role)].user).get(url).content.decode()
    assert not access.applicants_for_lookup(staff[(ours, Role.DESK_OFFICER)]).exists()


def test_a_superuser_sees_dossiers_only_through_a_staff_record(two_agencies):
    _ours, theirs, _version, staff, dossier, _paper, _document = two_agencies
    operator = get_user_model().objects.create_superuser("operator", password="x")
    assert not access.visible_dossiers(operator).exists()
    officer = staff[(theirs, Role.SPECIALIST)].user
    officer.is_superuser = True
    officer.save(update_fields=["is_superuser"])
    assert list(access.visible_dossiers(officer)) == [dossier]


def test_officer_search_by_name_folds_diacritics(two_agencies):
    _ours, theirs, _version, staff, dossier, _paper, _document = two_agencies
    scope = access.visible_dossiers(staff[(theirs, Role.SPECIALIST)].user)
    for query in ("nguyen van an", "NGUYEN an", "Nguyễn Văn An", "van"):
        assert list(selectors.search_dossiers(scope, q=query)) == [dossier], query
    assert not selectors.search_dossiers(scope, q="tran thi").exists()


def test_time_left_is_working_time_in_a_desk_officer_s_words(two_agencies):
    ours, *_rest = two_agencies
    assert deadlines.describe(None) == "Chưa có hạn"
    assert deadlines.describe(timedelta(hours=19)) == "Còn 2 ngày 3 giờ làm việc"
    assert deadlines.describe(-timedelta(hours=10)) == "Quá hạn 1 ngày 2 giờ"
    assert deadlines.describe(timedelta(minutes=40)) == "Còn 40 phút làm việc"
    friday_16 = MONDAY_9 + timedelta(days=4, hours=7)
    due = working_due(ours, friday_16, 1, "working_day")
    # Friday 16:00 → Monday 16:00 is one working day of time left, not three calendar days.
    assert deadlines.working_time_left(due, ours.pk, friday_16) == timedelta(hours=8)


def test_half_a_working_day_is_four_working_hours_in_the_calendar_api_too(two_agencies):
    ours, *_rest = two_agencies
    due = working_due(ours, MONDAY_9, "0.5", "working_day")
    assert due == MONDAY_9.replace(hour=14)  # 9–12, then 13–14
    response = client_for().get(
        reverse("calendar-due-time"),
        {"agency": ours.code, "start": MONDAY_9.isoformat(), "amount": "0.5", "unit": "working_day"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["due"] == due.isoformat()
