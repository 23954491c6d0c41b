"""The desk types the e-form (tờ khai điện tử) for the citizen (issue 10): optional at the desk, checked
in full once begun, stored with the dossier and printed as the declaration PDF for the dossier's agency."""

import json
import subprocess
from datetime import datetime
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse

from motcua.catalog import eforms
from motcua.catalog.tests.cases import birth_with_cases
from motcua.dossiers.models import Dossier
from motcua.org.tests.factories import CommuneFactory, StaffFactory

from .conftest import HANOI, login
from .test_intake_cases import post

MONDAY_9 = datetime(2026, 11, 16, 9, 0, tzinfo=HANOI)
BIRTH = json.loads((Path(settings.DATA_DIR) / "eforms" / "1.001193.json").read_text(encoding="utf-8"))
PAPERS = ("Tờ khai đăng ký khai sinh", "Giấy chứng sinh")
SHOWN = ["Căn cước của người đi đăng ký"]
TYPED = {
    "requester.full_name": "Nguyễn Văn An",
    "requester.id_number": "001085012345",
    "requester.residence": "Số 1 Hàng Bạc, phường Hoàn Kiếm, Hà Nội",
    "requester.relationship": "Cha",
    "child.full_name": "Nguyễn Minh Khôi",
    "child.sex": "nam",
    "child.birth_date": "20/11/2026",
    "child.birth_place": "Bệnh viện Phụ sản Hà Nội",
    "child.ethnicity": "Kinh",
    "child.nationality": "Việt Nam",
    "mother.full_name": "Trần Thị Bình",
    "mother.birth_year": "1990",
}


@pytest.fixture
def birth(commune):
    version = birth_with_cases(agencies=[commune], time_amount=3, time_unit="working_day")
    version.eform_schema, version.eform_layout = BIRTH["schema"], BIRTH["layout"]
    version.save(update_fields=["eform_schema", "eform_layout"])
    return version


def intake_post(client, birth, commune, typed):
    data = post(birth, commune, birth.cases.get(is_default=True), *PAPERS, shown=SHOWN)
    data.update({eforms.field_name(path): value for path, value in typed.items()})
    with mock.patch("motcua.office.views.timezone.now", return_value=MONDAY_9):
        return client.post(reverse("office:intake"), data)


def test_the_intake_screen_renders_the_e_form(client, desk, birth):
    login(client, desk)
    html = client.get(reverse("office:intake"), {"version": birth.pk}).content.decode()
    assert 'name="eform__child__birth_date"' in html
    assert "Tờ khai điện tử" in html


def test_a_desk_intake_stores_the_typed_e_form_and_prints_it(client, desk, birth, commune):
    login(client, desk)
    response = intake_post(client, birth, commune, TYPED)
    assert response.status_code == 302, response.content.decode()[:3000]
    dossier = Dossier.objects.get()
    assert dossier.eform_data["child"] == {
        "full_name": "Nguyễn Minh Khôi",
        "sex": "nam",
        "birth_date": "2026-11-20",
        "birth_place": "Bệnh viện Phụ sản Hà Nội",
        "ethnicity": "Kinh",
        "nationality": "Việt Nam",
    }
    page = client.get(reverse("office:dossier", args=[dossier.code])).content.decode()
    url = reverse("office:declaration", args=[dossier.code])
    assert url in page
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Nguyễn Minh Khôi" in text
    # an officer of another agency is refused
    other = StaffFactory(agency=CommuneFactory(), roles=["desk_officer"])
    login(client, other)
    assert client.get(url).status_code == 404


def test_the_e_form_is_optional_at_the_desk(client, desk, birth, commune):
    login(client, desk)
    response = intake_post(client, birth, commune, {})
    assert response.status_code == 302, response.content.decode()[:3000]
    dossier = Dossier.objects.get()
    assert dossier.eform_data is None
    assert (
        reverse("office:declaration", args=[dossier.code])
        not in client.get(reverse("office:dossier", args=[dossier.code])).content.decode()
    )
    assert client.get(reverse("office:declaration", args=[dossier.code])).status_code == 404


def test_errors_of_a_begun_e_form_are_shown_next_to_its_fields(client, desk, birth, commune):
    login(client, desk)
    typed = {**TYPED, "child.sex": "không rõ"}
    del typed["child.full_name"]
    response = intake_post(client, birth, commune, typed)
    assert response.status_code == 422
    assert not Dossier.objects.exists()
    html = response.content.decode()
    assert html.count('class="field has-errors"') >= 2
    assert 'value="Bệnh viện Phụ sản Hà Nội"' in html  # what was typed is kept
