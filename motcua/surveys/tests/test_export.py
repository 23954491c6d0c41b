"""The results workbook, read back with openpyxl: the index per agency, the criteria with their
intervals as numbers, the questionnaire."""

from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from motcua.org.tests.factories import StaffFactory
from motcua.surveys import services
from motcua.surveys.models import Invitation
from motcua.surveys.stats import wilson_interval

from .conftest import at, scale_answers


def test_the_workbook_holds_the_figures(world):
    for day in (3, 4):
        world.returned(world.ward_a, day=day)
    campaign = world.campaign()
    services.send_invitations(campaign=campaign, staff=world.control, now=at(1, 9, month=12))
    for invitation, score in zip(
        Invitation.objects.select_related("campaign").order_by("pk"), (5, 2), strict=True
    ):
        services.submit_response(
            invitation=invitation,
            answers=scale_answers(campaign, score),
            channel="portal",
            now=at(2, month=12),
        )
    client = Client()
    client.force_login(world.control.user)
    response = client.get(f"/bao-cao/khao-sat/{campaign.pk}/ket-qua.xlsx")
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Chỉ số hài lòng", "Tiêu chí", "Câu hỏi"]

    index = list(book["Chỉ số hài lòng"].iter_rows(min_row=3, values_only=True))
    ward_a = next(r for r in index if r[0] == world.ward_a.name)
    assert ward_a[1:4] == (2, 2, 1)
    assert ward_a[4:9] == (50.0, 50.0, 50.0, 50.0, 50.0) and ward_a[9] == 50.0

    header, *rows = book["Tiêu chí"].iter_rows(values_only=True)
    assert header[5:8] == ("Điểm trung bình", "Cận dưới (t, 95%)", "Cận trên (t, 95%)")
    survey = [r for r in rows if r[0] == world.ward_a.name and r[2] == "Phiếu khảo sát (1–5)"]
    assert len(survey) == 5
    access = next(r for r in survey if r[1] == "Tiếp cận thông tin, dịch vụ")
    assert access[3:6] == (5, 2, 3.5)
    assert access[6] == pytest.approx(3.5 - 12.706 * 1.5, abs=1e-6)
    assert access[9] == 0.5 and access[10] == pytest.approx(wilson_interval(1, 2).low)
    assert [r[2] for r in book["Câu hỏi"].iter_rows(min_row=2, values_only=True)].count("Ý kiến tự do") == 1


def test_results_are_the_control_office_s(world):
    campaign = world.campaign()
    client = Client()
    client.force_login(StaffFactory(agency=world.province, roles=["desk_officer"]).user)
    assert client.get(f"/bao-cao/khao-sat/{campaign.pk}/").status_code == 403
    client.force_login(world.control.user)
    page = client.get(f"/bao-cao/khao-sat/{campaign.pk}/")
    assert page.status_code == 200 and "Chỉ số hài lòng" in page.content.decode()
