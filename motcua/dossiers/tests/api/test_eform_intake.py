"""The API intake carries the e-form (issue 10): the procedure detail gives its schema and layout, the
create request its data (`eform_data`), validated by the intake command and stored with the dossier."""

import copy
import json
from pathlib import Path

import pytest
from django.conf import settings

from motcua.catalog.tests.cases import birth_with_cases
from motcua.catalog.tests.test_eforms import GOOD
from motcua.dossiers.models import Dossier

from .conftest import client_for, post_json, staff
from .test_catalogue_intake import intake_from_detail

BIRTH = json.loads((Path(settings.DATA_DIR) / "eforms" / "1.001193.json").read_text(encoding="utf-8"))


@pytest.fixture
def birth(commune):
    version = birth_with_cases(agencies=[commune], time_amount=3, time_unit="working_day")
    version.eform_schema, version.eform_layout = BIRTH["schema"], BIRTH["layout"]
    version.save(update_fields=["eform_schema", "eform_layout"])
    return version


def test_the_detail_exposes_the_e_form(birth):
    detail = client_for().get("/api/v1/procedures/1.001193/").json()
    assert detail["eform_schema"]["properties"]["child"]["properties"]["birth_date"]["format"] == "date"
    assert detail["eform_layout"] == BIRTH["layout"]


def test_a_valid_e_form_is_stored_and_an_invalid_one_is_a_field_error(birth, commune):
    detail = client_for().get("/api/v1/procedures/1.001193/").json()
    desk = client_for(staff(commune, "desk_officer").user)
    bad = copy.deepcopy(GOOD)
    bad["child"]["birth_date"] = "20/11/2026"
    body = {
        **intake_from_detail(detail, case_name="Trường hợp thông thường", channel="desk"),
        "eform_data": bad,
    }
    response = post_json(desk, "/api/v1/dossiers/", body)
    assert response.status_code == 400
    assert response.json()["field"] == "eform_data.child.birth_date"
    assert response.json()["code"] == "eform_format"
    assert response.json()["error_codes"] == {"eform_data.child.birth_date": ["eform_format"]}
    assert not Dossier.objects.exists()

    response = post_json(desk, "/api/v1/dossiers/", {**body, "eform_data": ["not", "an", "object"]})
    assert response.status_code == 400 and response.json()["field"] == "eform_data"

    response = post_json(desk, "/api/v1/dossiers/", {**body, "eform_data": GOOD})
    assert response.status_code == 201, response.json()
    assert Dossier.objects.get().eform_data == GOOD


def test_the_openapi_schema_documents_eform_data(db):
    schema = client_for().get("/api/schema/?format=json").json()
    create = schema["components"]["schemas"]["DossierCreate"]["properties"]
    assert "eform_data" in create
    detail = schema["components"]["schemas"]["ProcedureDetail"]["properties"]
    assert {"eform_schema", "eform_layout"} <= set(detail)
