import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.catalog import importers, services
from motcua.catalog.models import ProcedureVersion, ProcessDefinition, VersionState
from motcua.core.testing import query_budget

from .factories import AgencyFactory, published_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    return client


def test_changelist_shows_missing_components_and_filters(admin_client):
    complete = published_version(implementing_agencies=[AgencyFactory()])
    incomplete = published_version(code="2.000815", name="Chứng thực", steps="", requirements=[])
    response = admin_client.get("/admin/catalog/procedureversion/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "trình tự thực hiện, thành phần hồ sơ" in html
    response = admin_client.get("/admin/catalog/procedureversion/", {"missing": "papers"})
    assert list(response.context["cl"].queryset) == [incomplete]
    response = admin_client.get("/admin/catalog/procedureversion/", {"missing": "none"})
    assert list(response.context["cl"].queryset) == [complete]


def test_published_version_is_read_only_in_admin(admin_client):
    version = published_version()
    url = f"/admin/catalog/procedureversion/{version.pk}/change/"
    html = admin_client.get(url).content.decode()
    assert 'name="name"' not in html  # rendered read-only
    assert "dichvucong.gov.vn" in html  # provenance stays visible
    response = admin_client.post(url, {"name": "Sửa trái phép"})
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.name == "Đăng ký khai sinh"


def test_draft_is_editable_and_publish_action(admin_client):
    version = published_version()
    draft = services.new_draft(version=version)
    html = admin_client.get(f"/admin/catalog/procedureversion/{draft.pk}/change/").content.decode()
    assert 'name="name"' in html
    admin_client.post(
        "/admin/catalog/procedureversion/",
        {"action": "publish_drafts", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    version.refresh_from_db()
    assert draft.state == VersionState.PUBLISHED and version.state == VersionState.AMENDED


def test_import_view_reports_rows_and_export_action(admin_client):
    bad = json.dumps([{"code": "abc", "name": "", "sector": "Hộ tịch"}]).encode()
    response = admin_client.post(
        "/admin/catalog/procedureversion/nhap/", {"file": SimpleUploadedFile("x.json", bad), "publish": "on"}
    )
    html = response.content.decode()
    assert "Tên thủ tục" in html and "không được để trống" in html
    assert not ProcedureVersion.objects.exists()
    version = published_version()
    response = admin_client.post(
        "/admin/catalog/procedureversion/", {"action": "export_excel", "_selected_action": [version.pk]}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert importers.read_excel(response.content)[1] == []  # the export reads back cleanly
    assert io.BytesIO(response.content).getbuffer().nbytes > 0


def test_process_admin_refuses_budget_that_does_not_add_up(admin_client):
    commune = AgencyFactory()
    version = published_version(time_amount=10, implementing_agencies=[commune])
    data = {
        "version": version.pk,
        "agency": commune.pk,
        "origin": "published",
        "decision": "",
        "note": "",
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-order": "1",
        "steps-0-work": "Tiếp nhận",
        "steps-0-amount": "4",
        "steps-0-unit": "working_hour",
        "steps-1-order": "2",
        "steps-1-work": "Giải quyết",
        "steps-1-amount": "8",
        "steps-1-unit": "working_day",
    }
    response = admin_client.post("/admin/catalog/processdefinition/add/", data)
    assert response.status_code == 200
    assert (
        "thiếu 1 ngày làm việc 4 giờ làm việc so với thời hạn 10 ngày làm việc" in response.content.decode()
    )
    assert not ProcessDefinition.objects.exists()
    data["steps-1-amount"] = "9.5"
    response = admin_client.post("/admin/catalog/processdefinition/add/", data)
    assert response.status_code == 302
    assert ProcessDefinition.objects.get().steps.count() == 2


def test_procedure_list_without_n_plus_one(admin_client):
    for n in range(12):
        published_version(code=f"1.{n:06d}", name=f"Thủ tục {n}")
    with query_budget(
        "admin.catalog.procedure_list"
    ):  # session, user, counts, page, one prefetch: not one per row
        html = admin_client.get("/admin/catalog/procedure/").content.decode()
    assert "Thủ tục 11" in html


def test_add_draft_in_admin_with_checkboxes(admin_client):
    version = published_version()
    data = {
        "procedure": version.procedure_id,
        "name": "Đăng ký khai sinh (bản nháp)",
        "sector": version.sector_id,
        "levels": ["commune", "province"],
        "channels": ["desk", "online_full"],
        "applicant_types": ["0"],
        "time_amount": "1",
        "time_unit": "working_day",
        "confidence": "high",
        "legal_basis": "[]",
        "flags": "[]",
        "eform_layout": "[]",
        "cases-TOTAL_FORMS": "0",
        "cases-INITIAL_FORMS": "0",
        "requirements-TOTAL_FORMS": "0",
        "requirements-INITIAL_FORMS": "0",
        "fees-TOTAL_FORMS": "0",
        "fees-INITIAL_FORMS": "0",
    }
    response = admin_client.post("/admin/catalog/procedureversion/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = ProcedureVersion.objects.get(state=VersionState.DRAFT)
    assert draft.number == 2 and draft.level_list == ["commune", "province"]
    assert draft.channels == ["desk", "online_full"]
    assert draft.name_folded == "dang ky khai sinh (ban nhap)"


def test_published_versions_and_procedures_cannot_be_deleted(admin_client):
    version = published_version()
    draft = services.new_draft(version=version)
    response = admin_client.post(
        "/admin/catalog/procedureversion/",
        {"action": "delete_selected", "_selected_action": [version.pk, draft.pk], "post": "yes"},
    )
    assert response.status_code == 403  # refused as a whole: nothing deleted
    assert ProcedureVersion.objects.count() == 2
    response = admin_client.post(
        "/admin/catalog/procedure/",
        {"action": "delete_selected", "_selected_action": [version.procedure_id], "post": "yes"},
    )
    assert response.status_code == 403
    assert admin_client.get(f"/admin/catalog/procedureversion/{version.pk}/delete/").status_code == 403
    admin_client.post(
        "/admin/catalog/procedureversion/",
        {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"},
    )
    assert list(ProcedureVersion.objects.all()) == [version]


def _post_data(response) -> dict:
    """The change form's current values as a POST body (main form and every inline formset)."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()  # already prepared for the widget
        if value is not None and value is not False:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        mgmt = formset.management_form
        for name in mgmt.fields:
            data[f"{formset.prefix}-{name}"] = mgmt[name].value()
        for sub in formset.forms:
            for name in sub.fields:
                value = sub[name].value()
                if value is not None and value is not False:
                    data[sub.add_prefix(name)] = value
    return data


def test_draft_cases_and_components_are_edited_in_the_admin(admin_client):
    version = published_version(
        cases=[{"name": "Thông thường", "is_default": True}, {"name": "Trẻ em bị bỏ rơi"}],
        requirements=[{"name": "Tờ khai"}, {"name": "Biên bản", "case": "Trẻ em bị bỏ rơi"}],
    )
    draft = services.new_draft(version=version)
    assert [c.name for c in draft.cases.all()] == ["Thông thường", "Trẻ em bị bỏ rơi"]
    assert draft.requirements.get(name="Biên bản").case.version == draft  # copied with the draft
    url = f"/admin/catalog/procedureversion/{draft.pk}/change/"
    response = admin_client.get(url)
    html = response.content.decode()
    assert 'name="cases-0-name"' in html and 'name="requirements-0-alternative_group"' in html
    data = _post_data(response)
    data["requirements-0-alternative_group"] = "to-khai"
    data["requirements-0-channels"] = ["desk", "post"]
    data["requirements-0-presentation"] = "show"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    tk = draft.requirements.get(name="Tờ khai")
    assert (tk.alternative_group, tk.channels, tk.presentation) == ("to-khai", ["desk", "post"], "show")
    # two defaults are refused
    data = _post_data(admin_client.get(url))
    data["cases-1-is_default"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Phải có đúng một trường hợp mặc định." in response.content.decode()
