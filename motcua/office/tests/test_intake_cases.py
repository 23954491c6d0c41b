"""The desk's intake by case: the checklist is the chosen case's components for the channel, shown
papers are ticked as seen, and the fee is computed from pages and copies (issue 10)."""

from datetime import datetime
from unittest import mock

import pytest
from django.urls import reverse

from motcua.catalog.tests.cases import birth_with_cases
from motcua.catalog.tests.factories import published_version
from motcua.dossiers.forms import receipt_context
from motcua.dossiers.models import Dossier

from .conftest import HANOI, login

MONDAY_9 = datetime(2026, 11, 16, 9, 0, tzinfo=HANOI)


@pytest.fixture
def birth(commune):
    return birth_with_cases(agencies=[commune], time_amount=3, time_unit="working_day")


def post(version, commune, case, *names, shown=()):
    data = {
        "version": version.pk,
        "agency": commune.pk,
        "case": case.pk,
        "channel": 1,
        "return_channel": 1,
        "kind": "0",
        "id_number": "001190012345",
        "full_name": "Trần Thị Lan",
        "phone": "0912345678",
    }
    for name in (*names, *shown):
        req = version.requirements.get(name=name)
        data[f"paper_{req.pk}"] = "on"
        data[f"count_{req.pk}"] = 1
        data[f"kind_{req.pk}"] = "original"
    return data


def test_the_checklist_is_the_cases_components_for_the_channel(client, desk, birth):
    login(client, desk)
    html = client.get(reverse("office:intake"), {"version": birth.pk}).content.decode()
    assert "Trẻ em bị bỏ rơi" in html  # the case chooser
    assert "Giấy chứng sinh" in html and "Tờ khai đăng ký khai sinh" in html
    assert "Biên bản xác nhận việc trẻ bị bỏ rơi" not in html  # another case
    assert "Tờ khai điện tử tương tác" not in html  # online only
    assert "Đã xem:" in html  # the ID card is shown, not handed in
    abandoned = birth.cases.get(name="Trẻ em bị bỏ rơi")
    rows = client.get(
        reverse("office:intake_papers"), {"version": birth.pk, "case": abandoned.pk, "channel": 3}
    ).content.decode()
    assert "Biên bản xác nhận việc trẻ bị bỏ rơi" in rows and "Giấy chứng sinh" not in rows


def test_a_plain_birth_is_received_with_exactly_its_papers(client, desk, birth, commune):
    login(client, desk)
    plain = birth.cases.get(is_default=True)
    data = post(
        birth,
        commune,
        plain,
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
        shown=["Căn cước của người đi đăng ký"],
    )
    with mock.patch("motcua.office.views.timezone.now", return_value=MONDAY_9):
        response = client.post(reverse("office:intake"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    dossier = Dossier.objects.get()
    assert dossier.case == plain
    assert sorted(dossier.papers.values_list("name", "shown_only")) == [
        ("Căn cước của người đi đăng ký", True),
        ("Giấy chứng sinh", False),
        ("Tờ khai đăng ký khai sinh", False),
    ]
    # Mẫu 01: what was received, the shown paper as shown
    papers = receipt_context(dossier).papers
    assert [(p.name, p.shown_only) for p in papers] == [
        ("Tờ khai đăng ký khai sinh", False),
        ("Giấy chứng sinh", False),
        ("Căn cước của người đi đăng ký", True),
    ]


def test_a_paper_of_another_case_cannot_be_ticked_in(client, desk, birth, commune):
    login(client, desk)
    plain = birth.cases.get(is_default=True)
    data = post(birth, commune, plain, "Tờ khai đăng ký khai sinh", shown=["Căn cước của người đi đăng ký"])
    response = client.post(reverse("office:intake"), data)
    assert response.status_code == 422
    assert "Thiếu một trong các giấy tờ: Giấy chứng sinh" in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_intake_screen_computes_the_certified_copy_fee(client, desk, commune):
    login(client, desk)
    version = published_version(
        code="2.000815",
        name="Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        implementing_agencies=[commune],
        fees=[
            {
                "name": "Phí chứng thực",
                "amount_vnd": 2000,
                "text": "2,000 Việt Nam Đồng (/trang)",
                "description": "2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không "
                "quá 200.000 đồng/bản.",
                "channels": ["desk"],
            }
        ],
    )
    html = client.get(reverse("office:intake"), {"version": version.pk}).content.decode()
    assert 'name="pages"' in html and "<span data-fee-total>2.000 đồng</span>" in html
    fee = client.get(
        reverse("office:intake_fee"), {"version": version.pk, "pages": 5, "copies": 2, "channel": 1}
    ).content.decode()
    assert "<span data-fee-total>14.000 đồng</span>" in fee
    assert "5 trang × 2 bản: 7.000 đ/bản" in fee
