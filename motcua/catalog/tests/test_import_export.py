import io
import json

import pytest
from openpyxl import Workbook, load_workbook

from motcua.catalog import importers, services
from motcua.catalog.importers import ImportRejected
from motcua.catalog.models import Procedure, ProcedureVersion, VersionState

from .factories import AgencyFactory, published_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return AgencyFactory(code="000.01.01.H26", level="commune")


@pytest.fixture
def two_procedures(agency):
    _build_two_procedures()


def _build_two_procedures():
    from motcua.org.models import Agency

    commune = Agency.objects.get(code="000.01.01.H26")
    published_version(
        implementing_agencies=[commune],
        legal_basis=[{"code": "123/2015/NĐ-CP", "title": "Nghị định quy định chi tiết Luật Hộ tịch"}],
        flags=["đơn vị thời hạn được suy ra"],
        cases=[{"name": "Thông thường", "is_default": True}, {"name": "Trẻ em bị bỏ rơi"}],
        requirements=[
            {
                "group": "* Giấy tờ phải nộp:",
                "name": "Tờ khai",
                "kind": "original",
                "quantity": 1,
                "template": "TK.doc",
                "template_url": "https://example.gov.vn/mau/tk.doc",
                "channels": ["desk", "post"],
            },
            {"name": "Giấy chứng sinh", "alternative_group": "chung-sinh"},
            {"name": "Văn bản của người làm chứng", "alternative_group": "chung-sinh"},
            {"name": "Giấy tờ tùy thân", "presentation": "show", "channels": ["desk"]},
            {"name": "Biên bản về việc trẻ bị bỏ rơi", "case": "Trẻ em bị bỏ rơi"},
            {
                "group": "(2) Trường hợp ủy quyền",
                "name": "Văn bản ủy quyền",
                "kind": "copy",
                "quantity": 1,
                "mandatory": False,
            },
        ],
        eform_schema={
            "type": "object",
            "properties": {
                "child": {"type": "object", "title": "Trẻ", "properties": {"name": {"type": "string"}}}
            },
        },
        eform_layout=[{"title": "Trẻ", "fields": ["child.name"]}],
        components_origin="checked",
        components_confidence="high",
    )
    published_version(
        code="2.000815",
        name="Chứng thực bản sao từ bản chính",
        sector="Chứng thực",
        time_amount=None,
        time_unit="same_day",
        fees=[{"name": "Phí", "amount_vnd": 2000, "text": "2.000 đồng/trang", "collected_at": "1"}],
        confidence="medium",
    )


class Rollback(Exception):
    pass


def exported_then_emptied(export):
    """Export a catalogue built inside a savepoint, then roll it back: the database is empty again
    (agencies stay, so that their codes resolve)."""
    from django.db import transaction

    result = {}
    try:
        with transaction.atomic():
            _build_two_procedures()
            result["content"] = export()
            result["json"] = json.loads(importers.export_json())
            raise Rollback
    except Rollback:
        pass
    assert not Procedure.objects.exists()
    return result["content"], result["json"]


def test_json_round_trip_into_an_empty_catalogue(agency):
    exported, _as_json = exported_then_emptied(importers.export_json)
    report = importers.import_json(exported)
    assert sorted(report.created) == ["1.001193", "2.000815"]
    assert json.loads(importers.export_json()) == json.loads(exported)


def test_reimporting_the_same_file_changes_nothing(two_procedures):
    """The versions were written by the factories (no hash of this file): still nothing changes,
    because what the file says is compared with what the versions in force say."""
    exported = importers.export_json()
    before = set(ProcedureVersion.objects.values_list("pk", "state", "effective_to"))
    first = importers.import_json(exported)
    assert first.created == []
    assert sorted(first.unchanged) == ["1.001193", "2.000815"]
    assert str(first) == "0 thủ tục được tạo hoặc cập nhật, 2 không thay đổi."
    second = importers.import_json(exported)
    assert second.created == [] and len(second.unchanged) == 2
    assert set(ProcedureVersion.objects.values_list("pk", "state", "effective_to")) == before


def test_reimporting_an_export_of_the_loaded_catalogue_changes_nothing(agency):
    """The loader hashes the data file's shape, the importers the exchange shape: an export of the
    loaded catalogue, imported back, must still be recognised as unchanged (the "8 created" bug)."""
    from motcua.catalog import loader

    loader.load_catalogue()
    count = ProcedureVersion.objects.count()
    report = importers.import_json(importers.export_json())
    assert report.created == []
    assert len(report.unchanged) == count
    assert ProcedureVersion.objects.count() == count
    excel = importers.import_excel(importers.export_excel())
    assert excel.created == [] and ProcedureVersion.objects.count() == count


def test_excel_round_trip(agency):
    content, exported_json = exported_then_emptied(importers.export_excel)
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["Thủ tục", "Trường hợp", "Thành phần hồ sơ", "Phí, lệ phí"]
    report = importers.import_excel(content)
    assert sorted(report.created) == ["1.001193", "2.000815"]
    assert json.loads(importers.export_json()) == exported_json


def test_changed_row_creates_a_new_version_and_amends_the_old(two_procedures):
    items = json.loads(importers.export_json())
    importers.import_json(json.dumps(items))
    items[0]["time_amount"] = 3
    report = importers.import_json(json.dumps(items))
    assert report.created == ["1.001193"] and report.unchanged == ["2.000815"]
    current = ProcedureVersion.objects.get(procedure__code="1.001193", state=VersionState.PUBLISHED)
    assert current.time_amount == 3


def _workbook(procedures, papers=(), fees=()):
    wb = Workbook()
    sheets = [
        (wb.active, importers.SHEET_PROCEDURES, importers.PROCEDURE_COLUMNS, procedures),
        (wb.create_sheet(), importers.SHEET_REQUIREMENTS, importers.REQUIREMENT_COLUMNS, papers),
        (wb.create_sheet(), importers.SHEET_FEES, importers.FEE_COLUMNS, fees),
    ]
    for ws, title, columns, rows in sheets:
        ws.title = title
        ws.append([h for _k, h, _kind in columns])
        for row in rows:
            ws.append([row.get(k, "") for k, _h, _kind in columns])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_broken_excel_reports_every_bad_row_and_writes_nothing():
    content = _workbook(
        procedures=[
            {
                "code": "1.001193",
                "name": "Đăng ký khai sinh",
                "sector": "Hộ tịch",
                "time_amount": 1,
                "time_unit": "working_day",
            },
            {"code": "1001", "name": "Sai mã", "sector": "Hộ tịch"},
            {"code": "1.000894", "name": "", "sector": "Hộ tịch", "time_amount": "mười", "time_unit": "tuần"},
            {
                "code": "1.000895",
                "name": "Cơ quan lạ",
                "sector": "Hộ tịch",
                "implementing_agencies": "000.99.99.H26",
            },
        ],
        papers=[
            {"code": "1.001193", "name": "Tờ khai", "kind": "bản gốc", "quantity": 1},
            {"code": "9.999999", "name": "Giấy tờ mồ côi", "kind": "original"},
        ],
        fees=[{"code": "1.001193", "name": "Lệ phí", "amount_vnd": "năm nghìn", "collected_at": "3"}],
    )
    with pytest.raises(ImportRejected) as exc:
        importers.import_excel(content)
    found = {(e.sheet, e.row, e.field) for e in exc.value.row_errors}
    assert ("Thủ tục", 3, "Mã thủ tục") in found
    assert ("Thủ tục", 4, "Tên thủ tục") in found
    assert ("Thủ tục", 4, "Thời hạn giải quyết") in found
    assert ("Thủ tục", 4, "Đơn vị thời hạn") in found
    assert ("Thủ tục", 5, "Cơ quan thực hiện (mã định danh)") in found
    assert ("Thành phần hồ sơ", 2, "Loại bản") in found
    assert ("Thành phần hồ sơ", 3, "Mã thủ tục") in found
    assert ("Phí, lệ phí", 2, "Mức thu (đồng)") in found
    assert ("Phí, lệ phí", 2, "Thời điểm thu") in found
    text = "\n".join(str(e) for e in exc.value.row_errors)
    assert "Thủ tục, dòng 3 (1001), trường “Mã thủ tục”: Mã thủ tục “1001” không hợp lệ" in text
    assert not Procedure.objects.exists()


def test_not_an_excel_file():
    with pytest.raises(ImportRejected) as exc:
        importers.import_excel(b"PK\x03\x04 garbage")
    assert "Không đọc được tệp Excel" in exc.value.row_errors[0].message


def test_broken_json_and_duplicates():
    with pytest.raises(ImportRejected, match="từ chối"):
        importers.import_json("[{")
    item = {"code": "1.001193", "name": "Đăng ký khai sinh", "sector": "Hộ tịch"}
    with pytest.raises(ImportRejected) as exc:
        importers.import_json(json.dumps([item, item]))
    assert exc.value.row_errors[0].row == 2 and "trùng mã" in exc.value.row_errors[0].message
    assert not Procedure.objects.exists()


def test_import_as_draft_does_not_replace_the_version_in_force(two_procedures):
    items = json.loads(importers.export_json())
    items[0]["name"] = "Đăng ký khai sinh (dự thảo)"
    importers.import_json(json.dumps(items[:1]), publish=False)
    assert (
        ProcedureVersion.objects.get(procedure__code="1.001193", state=VersionState.PUBLISHED).name
        == "Đăng ký khai sinh"
    )
    draft = ProcedureVersion.objects.get(procedure__code="1.001193", state=VersionState.DRAFT)
    services.publish_version(version=draft)


def test_a_rule_refused_by_the_services_becomes_a_row_error_and_rolls_back_the_file(two_procedures):
    items = json.loads(importers.export_json())
    items[1]["name"] = "Chứng thực bản sao (mới)"  # fine on its own
    items[0]["levels"] = ["district"]  # the district level ended on 30/6/2025
    items[0]["effective_from"] = "2026-01-01"
    with pytest.raises(ImportRejected) as exc:
        importers.import_json(json.dumps(items))
    error = exc.value.row_errors[0]
    assert (error.row, error.code) == (1, "1.001193") and "Cấp huyện" in error.message
    assert ProcedureVersion.objects.filter(name="Chứng thực bản sao (mới)").count() == 0
    assert ProcedureVersion.objects.count() == 2


def test_export_carries_cases_alternatives_channels_and_e_form(two_procedures):
    (birth, copy) = json.loads(importers.export_json())
    assert birth["cases"] == [
        {"name": "Thông thường", "is_default": True},
        {"name": "Trẻ em bị bỏ rơi", "is_default": False},
    ]
    by_name = {r["name"]: r for r in birth["requirements"]}
    assert by_name["Biên bản về việc trẻ bị bỏ rơi"]["case"] == "Trẻ em bị bỏ rơi"
    assert by_name["Tờ khai"]["case"] == "" and by_name["Tờ khai"]["channels"] == ["desk", "post"]
    assert by_name["Giấy chứng sinh"]["alternative_group"] == "chung-sinh"
    assert by_name["Giấy tờ tùy thân"]["presentation"] == "show"
    assert by_name["Tờ khai"]["template_url"] == "https://example.gov.vn/mau/tk.doc"
    assert birth["eform_layout"] == [{"title": "Trẻ", "fields": ["child.name"]}]
    assert birth["components_origin"] == "checked"
    # a version written without cases still has its one default case
    assert copy["cases"] == [{"name": services.DEFAULT_CASE_NAME, "is_default": True}]


@pytest.mark.parametrize("export", ["json", "excel"])
def test_reimport_unchanged_creates_nothing_and_a_changed_group_a_new_version(two_procedures, export):
    if export == "json":
        content, do_import = importers.export_json(), importers.import_json
    else:
        content, do_import = importers.export_excel(), importers.import_excel
    do_import(content)  # stamps the content hash of the exported shape
    count = ProcedureVersion.objects.count()
    again = do_import(content)
    assert again.created == [] and sorted(again.unchanged) == ["1.001193", "2.000815"]
    assert ProcedureVersion.objects.count() == count
    items = json.loads(importers.export_json())
    for change in (
        lambda r: r.update(alternative_group="khac"),
        lambda r: r.update(channels=["online"]),
        lambda r: r.update(case="Trẻ em bị bỏ rơi"),
        lambda r: r.update(presentation="show"),
    ):
        changed = json.loads(json.dumps(items))
        change(next(r for r in changed[0]["requirements"] if r["name"] == "Giấy chứng sinh"))
        report = importers.import_json(json.dumps(changed))
        assert report.created == ["1.001193"], change
        importers.import_json(json.dumps(items))  # back to the original
    renamed = json.loads(json.dumps(items))
    renamed[0]["cases"][1]["name"] = "Trẻ bị bỏ rơi"
    renamed[0]["requirements"][4]["case"] = "Trẻ bị bỏ rơi"
    assert importers.import_json(json.dumps(renamed)).created == ["1.001193"]


def test_bad_cases_and_components_are_row_errors(agency):
    item = {
        "code": "1.001193",
        "name": "Đăng ký khai sinh",
        "sector": "Hộ tịch",
        "cases": [{"name": "A", "is_default": True}, {"name": "B", "is_default": True}, {"name": "A"}],
        "requirements": [
            {"name": "Tờ khai", "case": "C", "presentation": "nộp", "channels": ["fax"]},
            {"name": "Mẫu", "template_url": "ftp://x", "alternative_group": "x" * 40},
        ],
        "eform_schema": {"type": "object", "properties": {"a": {"type": "nope"}}},
    }
    with pytest.raises(ImportRejected) as caught:
        importers.import_json(json.dumps([item]))
    fields = sorted(e.field for e in caught.value.row_errors)
    assert fields == sorted(
        [
            "Tên trường hợp",
            "Mặc định",
            "Trường hợp",
            "Nộp hay xuất trình",
            "Áp dụng cho kênh",
            "Địa chỉ tải mẫu",
            "Nhóm thay thế",
            "Tờ khai điện tử (JSON Schema)",
        ]
    )
    assert not Procedure.objects.exists()


def test_excel_without_the_cases_sheet_takes_the_cases_the_components_name(agency):
    content = _workbook(
        procedures=[{"code": "1.001193", "name": "Đăng ký khai sinh", "sector": "Hộ tịch"}],
        papers=[
            {"code": "1.001193", "name": "Tờ khai", "mandatory": "Có"},
            {"code": "1.001193", "name": "Biên bản", "case": "Trẻ em bị bỏ rơi", "mandatory": "Có"},
        ],
    )
    importers.import_excel(content)
    version = ProcedureVersion.objects.get(procedure__code="1.001193", state=VersionState.PUBLISHED)
    assert [(c.name, c.is_default) for c in version.cases.all()] == [("Trẻ em bị bỏ rơi", True)]
    assert version.requirements.get(name="Biên bản").case.name == "Trẻ em bị bỏ rơi"


def test_loaded_exported_and_reimported_catalogue_is_unchanged(org_tree):
    from motcua.catalog import loader

    loader.load_catalogue()
    count = ProcedureVersion.objects.count()
    report = importers.import_json(importers.export_json())
    assert report.created == [] and len(report.unchanged) == 98
    assert ProcedureVersion.objects.count() == count
