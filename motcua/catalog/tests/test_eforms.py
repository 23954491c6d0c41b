import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from motcua.catalog import eforms, loader

from .factories import published_version

EFORMS = Path(settings.DATA_DIR) / "eforms"
BIRTH = json.loads((EFORMS / "1.001193.json").read_text(encoding="utf-8"))

GOOD = {
    "requester": {
        "full_name": "Nguyễn Văn An",
        "id_number": "001085012345",
        "residence": "Số 1 Hàng Bạc, phường Hoàn Kiếm, Hà Nội",
        "relationship": "Cha",
    },
    "child": {
        "full_name": "Nguyễn Minh Khôi",
        "sex": "nam",
        "birth_date": "2026-11-20",
        "birth_place": "Bệnh viện Phụ sản Hà Nội",
        "ethnicity": "Kinh",
        "nationality": "Việt Nam",
    },
    "mother": {"full_name": "Trần Thị Bình", "birth_year": 1990},
}


@pytest.fixture
def birth(db):
    return published_version(eform_schema=BIRTH["schema"], eform_layout=BIRTH["layout"])


def codes(exc: ValidationError) -> dict[str, list[str]]:
    return {path: [e.code for e in errors] for path, errors in exc.error_dict.items()}


def test_the_ten_e_forms_are_valid_schemas_with_a_layout_naming_their_fields():
    files = sorted(EFORMS.glob("*.json"))
    assert {f.stem for f in files} == set(loader.checked_components())
    for path in files:
        form = json.loads(path.read_text(encoding="utf-8"))
        eforms.check_schema(form["schema"])
        fields = eforms.fields_of(form["schema"])
        laid_out = [p for section in form["layout"] for p in section["fields"]]
        assert set(laid_out) == set(fields), path.name
        assert all(prop.get("title") for prop, _req in fields.values()), path.name


def test_birth_e_form_has_the_declarations_fields():
    fields = eforms.fields_of(BIRTH["schema"])
    for path in (
        "child.full_name",
        "child.sex",
        "child.birth_date",
        "child.birth_place",
        "child.ethnicity",
        "child.nationality",
        "mother.full_name",
        "mother.id_number",
        "father.full_name",
        "father.id_number",
        "requester.full_name",
        "requester.id_number",
    ):
        assert path in fields


def test_valid_data_passes(birth):
    assert eforms.validate(birth, GOOD) == GOOD
    assert eforms.validate(birth, None) is None


def test_errors_carry_field_paths_and_codes(birth):
    bad = json.loads(json.dumps(GOOD))
    del bad["child"]["full_name"]
    bad["child"]["sex"] = "x"
    bad["child"]["birth_date"] = "20/11/2026"
    bad["requester"]["id_number"] = "12345"
    bad["child"]["nickname"] = "Bin"
    with pytest.raises(ValidationError) as caught:
        eforms.validate(birth, bad)
    got = codes(caught.value)
    assert got["child.full_name"] == ["eform_required"]
    assert got["child.sex"] == ["eform_choice"]
    assert got["child.birth_date"] == ["eform_format"]
    assert got["requester.id_number"] == ["eform_pattern"]
    assert got["child"] == ["eform_unknown_field"]
    message = caught.value.error_dict["child.full_name"][0].messages[0]
    assert message == "Chưa điền “Họ, chữ đệm, tên”."


def test_a_version_without_e_form_refuses_data(db):
    version = published_version()
    assert eforms.validate(version, None) is None
    with pytest.raises(ValidationError) as caught:
        eforms.validate(version, {"a": 1})
    assert codes(caught.value) == {"eform_data": ["eform_none"]}


def test_bad_schema_is_refused():
    with pytest.raises(ValidationError):
        eforms.check_schema({"type": "object", "properties": {"a": {"type": "nope"}}})
    with pytest.raises(ValidationError):
        eforms.check_schema({"type": "string"})


def test_desk_form_parses_dd_mm_yyyy_and_gives_the_e_form_data(birth):
    form_class = eforms.eform_fields(birth)
    post = {
        eforms.field_name("requester.full_name"): "Nguyễn Văn An",
        eforms.field_name("requester.id_number"): "001085012345",
        eforms.field_name("requester.residence"): "Số 1 Hàng Bạc, phường Hoàn Kiếm, Hà Nội",
        eforms.field_name("requester.relationship"): "Cha",
        eforms.field_name("child.full_name"): "Nguyễn Minh Khôi",
        eforms.field_name("child.sex"): "nam",
        eforms.field_name("child.birth_date"): "20/11/2026",
        eforms.field_name("child.birth_place"): "Bệnh viện Phụ sản Hà Nội",
        eforms.field_name("child.ethnicity"): "Kinh",
        eforms.field_name("child.nationality"): "Việt Nam",
        eforms.field_name("mother.full_name"): "Trần Thị Bình",
        eforms.field_name("mother.birth_year"): "1990",
    }
    form = form_class(post)
    assert form.is_valid(), form.errors
    data = form.eform_data()
    assert data == GOOD
    assert eforms.validate(birth, data) == data
    assert form_class.initial_from(data)[eforms.field_name("child.birth_date")].isoformat() == "2026-11-20"
    titles = [title for title, _fields in form.sections()]
    assert titles[:2] == ["Người yêu cầu", "Người được khai sinh"]
    html = render_to_string("catalog/eform_fields.html", {"form": form})
    assert "<legend>Người được khai sinh</legend>" in html
    assert 'name="eform__child__birth_date"' in html


def test_no_form_for_a_version_without_e_form(db):
    assert eforms.eform_fields(published_version()) is None


def test_printable_lines_in_layout_order_with_labels(birth):
    lines = eforms.printable(birth, GOOD)
    assert lines[0] == ("Người yêu cầu", "")
    assert ("Ngày, tháng, năm sinh", "20/11/2026") in lines
    assert ("Giới tính", "Nam") in lines
    assert lines.index(("Người được khai sinh", "")) < lines.index(("Giới tính", "Nam"))
    assert ("Cha", "") not in lines  # an empty section is left out
    assert eforms.printable(birth, None) == []


def test_desk_form_a_part_filled_in_needs_its_required_fields(birth):
    form_class = eforms.eform_fields(birth)
    post = {eforms.field_name(f"requester.{k}"): v for k, v in GOOD["requester"].items()}
    post |= {eforms.field_name(f"child.{k}"): v for k, v in GOOD["child"].items()}
    post[eforms.field_name("child.birth_date")] = "20/11/2026"
    post[eforms.field_name("father.birth_year")] = "1988"  # the father's part without his name
    form = form_class(post)
    assert not form.is_valid()
    assert form.errors[eforms.field_name("father.full_name")] == ["Chưa điền “Họ, chữ đệm, tên”."]


def test_declaration_pdf_prints_the_filled_lines(birth):
    html = eforms.declaration_html(
        birth, GOOD, requester_name="Nguyễn Văn An", agency_name="UBND phường Hoàn Kiếm", dossier_code="H26.1"
    )
    assert "Tờ khai đăng ký khai sinh" in html
    assert '<td class="value">Nguyễn Minh Khôi</td>' in html and "20/11/2026" in html
    pdf = eforms.declaration_pdf(birth, GOOD, requester_name="Nguyễn Văn An")
    assert pdf.startswith(b"%PDF")
