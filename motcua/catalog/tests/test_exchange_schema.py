"""The catalogue's JSON exchange format has a JSON Schema in the repository
(motcua/catalog/exchange/schemas/): every export validates against it, and the JSON import refuses
what does not, row by row like its other errors."""

import json

import pytest
from jsonschema import Draft202012Validator

from motcua.catalog import importers, loader
from motcua.catalog.exchange import schema
from motcua.catalog.importers import ImportRejected
from motcua.catalog.models import Procedure

from .test_import_export import _build_two_procedures, agency  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def invalid(items):
    validator = schema.procedure_validator()
    return {
        item["code"]: [e.message for e in validator.iter_errors(item)]
        for item in items
        if not validator.is_valid(item)
    }


def test_the_schemas_are_valid_json_schemas():
    for path in schema.SCHEMAS.glob("*.schema.json"):
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


def test_an_export_validates(agency):  # noqa: F811
    _build_two_procedures()
    items = json.loads(importers.export_json())
    assert len(items) == 2 and invalid(items) == {}


def test_the_export_of_the_shipped_catalogue_validates():
    loader.load_catalogue()  # data/procedures.json
    items = json.loads(importers.export_json())
    assert len(items) >= 90 and invalid(items) == {}


def test_the_json_import_refuses_a_wrong_shape_in_the_row_error_shape(agency):  # noqa: F811
    good = {"code": "1.001193", "name": "Đăng ký khai sinh", "sector": "Hộ tịch"}
    items = [
        good,
        {
            "code": "2.000815",
            "name": "Chứng thực",
            "sector": "Chứng thực",
            "levels": "commune",
            "time_ammount": 3,
        },
        {"code": "2.000816", "sector": "Chứng thực", "fees": [{"name": "Phí", "amount_vnd": "hai nghìn"}]},
    ]
    with pytest.raises(ImportRejected) as caught:
        importers.import_json(json.dumps(items))
    found = {(e.row, e.code, e.field): e.message for e in caught.value.row_errors}
    assert found[(2, "2.000815", "Cấp thực hiện")] == "phải là danh sách."
    assert "time_ammount" in found[(2, "2.000815", "")]
    assert "name" in found[(3, "2.000816", "")]
    assert found[(3, "2.000816", "fees")].startswith("0/amount_vnd: phải là số nguyên")
    assert all(
        set(e.as_dict()) == {"sheet", "row", "code", "field", "message"} for e in caught.value.row_errors
    )
    assert not Procedure.objects.exists()
