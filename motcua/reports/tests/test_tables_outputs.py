"""Seed 003's tables as JSON (the API), on screen, as .xlsx (read back with openpyxl) and PDF (read
back with pdftotext)."""

import datetime as dt
import re
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Applicant, Dossier
from motcua.dossiers.states import Channel, State
from motcua.org.auth import subtree_ids
from motcua.org.models import Role
from motcua.org.tests.factories import (
    AgencyFactory,
    ProvinceFactory,
    ServiceDeskFactory,
    StaffFactory,
    SubUnitFactory,
)
from motcua.reports.periods import REPORTING_ZONE, Period
from motcua.reports.table_export import table_pdf, table_xlsx
from motcua.reports.tables import build_table

URL = "/api/v1/reports/one-stop/"
NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}


def at(day, hour=9):
    return dt.datetime(2026, 11, day, hour, tzinfo=REPORTING_ZONE)


@pytest.fixture
def tree(db):
    province = ProvinceFactory()
    dept = AgencyFactory(parent=province, name="Sở Tư pháp", short_name="STP", code="000.00.05.H26")
    unit = SubUnitFactory(parent=dept, name="Phòng Hành chính tư pháp")
    other = AgencyFactory(parent=province, name="Sở Công Thương", code="000.00.09.H26")
    ServiceDeskFactory(host_agency=dept, area_m2=Decimal("80"))
    version = published_version(
        code="1.001193", channels=["desk", "post", "online_partial"], implementing_agencies=[dept, unit],
        effective_from=dt.date(2020, 1, 1),
    )  # fmt: skip
    applicant = Applicant.objects.create(kind="0", full_name="Trần Thị Lan", id_number="001190012345")
    for n, (agency, finished) in enumerate([(dept, at(5)), (dept, at(9)), (dept, at(5)), (unit, at(9))]):
        Dossier.objects.create(
            code=f"OUT-{n}", procedure_version=version, agency=agency, applicant=applicant,
            channel=Channel.DESK, state=State.RETURNED, submitted_at=at(3), received_at=at(3),
            due_at=at(6), finished_at=finished,
        )  # fmt: skip
    return province, dept, unit, other


def officer(agency, role=Role.AGENCY_LEADER):
    return StaffFactory(agency=agency, roles=[role]).user


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return re.sub(r"\s+", " ", out.decode("utf-8"))


# ---- the API -----------------------------------------------------------------------------------


def test_the_api_answers_the_table(client, tree):
    _province, dept, unit, _other = tree
    client.force_login(officer(dept))
    response = client.get(URL, {"unit": dept.code, **NOVEMBER})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["appendix"] == "I"
    assert body["title_lines"][0] == "Phụ lục I"
    assert [c["key"] for c in body["columns"][4]["children"]] == [
        "received",
        "on_time",
        "late",
        "on_time_rate",
    ]
    assert [(r["kind"], r["number"], r["name"], r["unit"]) for r in body["rows"]] == [
        ("unit", "A", "Sở Tư pháp", dept.code),
        ("group", "B", "Đơn vị cấp 2 trực thuộc", None),
        ("unit", "1", "Phòng Hành chính tư pháp", unit.code),
    ]
    first = body["rows"][0]["values"]
    assert (first["received"], first["on_time"], first["late"], first["on_time_rate"]) == (3, 2, 1, 66.67)
    assert first["area_m2"] == 80.0
    assert first["one_stop_procedures"] is None and first["one_stop_rate"] is None  # no list: unknown
    assert body["totals"]["received"] == 4
    assert body["totals"]["on_time_rate"] == 50.0


@pytest.mark.parametrize(
    "params, status, code, field",
    [
        ({**NOVEMBER}, 400, "unit_required", "unit"),
        ({"unit": "000.99.99.H26", **NOVEMBER}, 400, "unit_unknown", "unit"),
        ({"unit": "DEPT", "from": "2026-11-01"}, 400, "period_required", "to"),
        ({"unit": "DEPT", "from": "2026-11-30", "to": "2026-11-01"}, 400, "period_reversed", "to"),
        ({"unit": "DEPT", "appendix": "IV", **NOVEMBER}, 400, "appendix_unknown", "appendix"),
        ({"unit": "OTHER", **NOVEMBER}, 403, "report_forbidden", None),
    ],
)
def test_the_api_refuses_with_a_code(client, tree, params, status, code, field):
    _province, dept, _unit, other = tree
    params = {k: {"DEPT": dept.code, "OTHER": other.code}.get(v, v) for k, v in params.items()}
    client.force_login(officer(dept))
    response = client.get(URL, params)
    assert response.status_code == status
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert response.json()["message"]


def test_a_desk_officer_may_not_read_reports(client, tree):
    dept = tree[1]
    client.force_login(officer(dept, Role.DESK_OFFICER))
    assert client.get(URL, {"unit": dept.code, **NOVEMBER}).status_code == 403


# ---- the screen and the downloads --------------------------------------------------------------


def test_the_screen_shows_the_table_and_links_the_downloads(client, tree):
    dept = tree[1]
    client.force_login(officer(dept, Role.CONTROL_OFFICER))
    response = client.get("/bao-cao/bieu-mau/", {"unit": dept.code, **NOVEMBER})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Phụ lục I" in page and "Tổng cộng" in page and "66,67%" in page
    assert "/bao-cao/bieu-mau/tai-ve.xlsx?" in page and "/bao-cao/bieu-mau/tai-ve.pdf?" in page
    xlsx = client.get("/bao-cao/bieu-mau/tai-ve.xlsx", {"unit": dept.code, **NOVEMBER})
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].startswith('attachment; filename="phu-luc-i-')
    assert load_workbook(BytesIO(xlsx.content)).active.title == "Phụ lục I"


def test_the_screen_says_what_is_wrong(client, tree):
    client.force_login(officer(tree[1]))
    response = client.get(
        "/bao-cao/bieu-mau/", {"unit": tree[1].code, "from": "2026-11-30", "to": "2026-11-01"}
    )
    assert response.status_code == 400
    assert "Ngày kết thúc phải không trước ngày bắt đầu." in response.content.decode()


def test_the_screen_refuses_outside_the_scope(client, tree):
    client.force_login(officer(tree[1]))
    assert client.get("/bao-cao/bieu-mau/", {"unit": tree[3].code, **NOVEMBER}).status_code == 403


# ---- the xlsx read back ------------------------------------------------------------------------


def test_the_xlsx_is_laid_out_like_the_seed(tree):
    dept = tree[1]
    table = build_table(dept, Period.month(2026, 11), subtree=subtree_ids(dept.pk))
    ws = load_workbook(BytesIO(table_xlsx(table))).active

    assert ws["A1"].value == "SỞ TƯ PHÁP"
    assert [ws.cell(row=r, column=1).value for r in (2, 3, 4, 5)] == [
        "Phụ lục I",
        "Kết quả thực hiện cơ chế một cửa, cơ chế một cửa liên thông",
        "tại các Sở, cơ quan tương đương Sở, Ban Quản lý các khu công nghiệp và chế xuất",
        "(Kèm theo Kế hoạch số 106/KH-UBND ngày 14 tháng 8 năm 2017 của UBND Thành phố)",
    ]
    top = 7
    merged = {str(r) for r in ws.merged_cells.ranges}
    # single columns span both header rows; the two groups span their children
    assert {f"A{top}:A{top + 1}", f"B{top}:B{top + 1}", f"C{top}:C{top + 1}"} <= merged
    assert {f"D{top}:F{top}", f"G{top}:J{top}", f"K{top}:K{top + 1}", f"M{top}:M{top + 1}"} <= merged
    assert ws.cell(row=top, column=4).value.startswith("Số TTHC thực hiện theo cơ chế một cửa")
    assert ws.cell(row=top, column=7).value.endswith("(số liệu từ 01/11/2026 đến 30/11/2026)")
    assert [ws.cell(row=top + 1, column=c).value for c in range(7, 11)] == [
        "Tổng số hồ sơ TTHC đã nhận",
        "Tổng số hồ sơ TTHC được giải quyết đúng hạn",
        "Tổng số hồ sơ TTHC quá hạn giải quyết",
        "Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn",
    ]
    body = [[ws.cell(row=r, column=c).value for c in range(1, 14)] for r in range(top + 2, top + 6)]
    assert [row[:2] for row in body] == [
        ["A", "Sở Tư pháp"],
        ["B", "Đơn vị cấp 2 trực thuộc"],
        ["1", "Phòng Hành chính tư pháp"],
        [None, "Tổng cộng"],
    ]
    assert body[0][2] == 80 and body[0][4] == "—"  # the area; no one-stop list: "—"
    assert body[0][6:10] == [3, 2, 1, pytest.approx(0.6667)]
    assert body[3][6:10] == [4, 2, 2, pytest.approx(0.5)]
    assert ws.cell(row=top + 2, column=10).number_format == "0.00%"
    # fonts, borders, bold group and total rows
    written = [cell for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert {cell.font.name for cell in written} == {"Times New Roman"}
    assert ws.cell(row=top + 5, column=2).font.bold and not ws.cell(row=top + 4, column=2).font.bold
    assert ws.cell(row=top + 3, column=7).border.left.style == "thin"
    # the print setup: A4 landscape, fit to one page wide, header rows repeated
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == f"${top}:${top + 1}"
    # notes and the signature block below the table
    texts = [ws.cell(row=r, column=c).value for r in range(top + 6, ws.max_row + 1) for c in range(1, 14)]
    assert "Ghi chú:" in texts and "Người lập biểu" in texts and "Thủ trưởng cơ quan, đơn vị" in texts
    assert any(str(t).startswith("- (1) là số TTHC thực tế") for t in texts if t)


# ---- the PDF read back -------------------------------------------------------------------------


def test_the_pdf_prints_the_table(tree):
    dept = tree[1]
    table = build_table(dept, Period.month(2026, 11), subtree=subtree_ids(dept.pk))
    pdf = table_pdf(table)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    for phrase in (
        "SỞ TƯ PHÁP",
        "Phụ lục I",
        "Kết quả thực hiện cơ chế một cửa, cơ chế một cửa liên thông",
        "Tổng số hồ sơ TTHC quá hạn giải quyết",
        "Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn",
        "Sở Tư pháp",
        "Đơn vị cấp 2 trực thuộc",
        "Tổng cộng",
        "66,67%",
        "3 2 1 66,67%",  # the department's received, on time, late, rate
        "4 2 2 50,00%",  # Tổng cộng
        "Người lập biểu",
        "Thủ trưởng cơ quan, đơn vị",
    ):
        assert phrase in text, phrase
    size = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert re.search(r"Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)", size), size  # landscape


# ---- the admin edits the one-stop list ---------------------------------------------------------


def test_the_admin_edits_an_agencys_one_stop_list(client, tree):
    from django.contrib.auth import get_user_model

    from motcua.catalog.models import Procedure
    from motcua.reports.table_models import OneStopList

    dept = tree[1]
    operator = get_user_model().objects.create_superuser("vanhanh", password="x-motcua-test")
    client.force_login(operator)
    procedure = Procedure.objects.get(code="1.001193")
    response = client.post(
        "/admin/reports/onestoplist/add/",
        {
            "agency": dept.pk,
            "valid_from": "2025-07-01",
            "decision": "QĐ 1/QĐ-UBND",
            "procedures": [procedure.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(OneStopList.objects.get(agency=dept).procedures.all()) == [procedure]
    assert client.get("/admin/reports/onestoplist/").status_code == 200
    table = build_table(dept, Period.month(2026, 11), subtree=subtree_ids(dept.pk))
    assert (table.rows[0].values["one_stop_procedures"], table.rows[0].values["one_stop_rate"]) == (
        1,
        Decimal("100.00"),
    )


def test_a_period_out_of_range_is_refused_not_a_crash(client, tree):
    client.force_login(officer(tree[1]))
    response = client.get(URL, {"unit": tree[1].code, "from": "2026-01-01", "to": "9999-12-31"})
    assert (response.status_code, response.json()["code"]) == (400, "period_out_of_range")


def test_the_operator_first_sees_the_form(client, tree):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("vanhanh2", password="x-motcua-test"))
    response = client.get("/bao-cao/bieu-mau/")
    assert response.status_code == 200
    assert 'name="unit"' in response.content.decode() and "Tổng cộng" not in response.content.decode()
    assert client.get("/bao-cao/bieu-mau/", {"appendix": "I"}).status_code == 400  # asked, no unit
