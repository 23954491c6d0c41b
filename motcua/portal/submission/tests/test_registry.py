"""A component the state holds (a residence paper) taken from the national population database in
the wizard: what the applicant typed checked against the record, the residence filled in, the
paper recorded as taken from the registry (sync `DuocLayTuKhoDMQG`), no file asked for."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.catalog.tests.factories import published_version
from motcua.core.tests.files import PDF
from motcua.dossiers import sync
from motcua.dossiers.models import Dossier, DossierPaper, OnlineDraft, PaperSource
from motcua.dossiers.tests.factories import citizen_account
from motcua.integrations.population import production
from motcua.integrations.vneid.identities import FIXED

pytestmark = pytest.mark.django_db

AN = FIXED[0]  # Nguyễn Văn An, born 14/3/1985, known to the VNeID and population simulators
RESIDENCE = "Giấy xác nhận thông tin về cư trú"


@pytest.fixture
def registry_version(commune):
    return published_version(
        code="1.000099",
        time_amount=3,
        time_unit="working_day",
        channels=["desk", "online_partial"],
        implementing_agencies=[commune],
        requirements=[
            {"name": "Tờ khai", "kind": "original", "quantity": 1},
            {"name": RESIDENCE, "kind": "copy", "quantity": 1},
        ],
    )


@pytest.fixture
def an(db):
    return citizen_account(
        "an", full_name=AN.full_name, id_number=AN.id_number, date_of_birth=AN.date_of_birth
    )


def url(name, draft, **kwargs):
    return reverse(f"portal:submission-{name}", kwargs={"token": draft.token, **kwargs})


def begin(client, version, commune):
    client.post(reverse("portal:submission-start", args=[version.procedure.code]))
    draft = OnlineDraft.objects.latest("id")
    client.post(url("agency", draft), {"agency": commune.pk})
    tokhai = version.requirements.get(name="Tờ khai")
    client.post(
        url("component", draft, requirement_id=tokhai.pk),
        {"file": SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf")},
    )
    return draft, version.requirements.get(name=RESIDENCE)


def from_registry(client, draft, requirement, **typed):
    data = {"registry": "1", "full_name": AN.full_name, "date_of_birth": AN.date_of_birth.isoformat()}
    data.update(typed)
    return client.post(url("component", draft, requirement_id=requirement.pk), data)


def test_the_residence_paper_is_taken_from_the_population_database_and_not_asked_for(
    client, an, commune, registry_version
):
    client.force_login(an)
    draft, residence = begin(client, registry_version, commune)
    page = client.get(url("component", draft, requirement_id=residence.pk)).content.decode()
    assert "Lấy từ Cơ sở dữ liệu quốc gia về dân cư" in page
    response = from_registry(client, draft, residence, full_name="nguyễn  văn AN")  # case, spaces: same
    assert response.status_code == 302
    draft.refresh_from_db()
    entry = draft.papers[str(residence.pk)]
    assert entry["registry"] and entry["residence"] == AN.address
    assert set(entry["checked"]) == {"full_name", "date_of_birth"}
    review = client.get(url("review", draft)).content.decode()
    assert "Lấy từ Cơ sở dữ liệu quốc gia về dân cư" in review
    assert client.post(url("review", draft)).status_code == 302
    dossier = Dossier.objects.get()
    paper = DossierPaper.objects.get(dossier=dossier, requirement=residence)
    assert paper.source == PaperSource.REGISTRY and not paper.file  # no file was asked for
    assert dossier.contact.address == AN.address  # residence filled in from the registry
    record = sync.sync_record(dossier)
    flags = {p["TenTaiLieu"]: p["DuocLayTuKhoDMQG"] for p in record["TaiLieuNop"]}
    assert flags == {"Tờ khai": 0, RESIDENCE: 1}


def test_a_typed_name_or_birth_date_the_registry_disagrees_with_is_refused_naming_the_field(
    client, an, commune, registry_version
):
    client.force_login(an)
    draft, residence = begin(client, registry_version, commune)
    response = from_registry(client, draft, residence, full_name="Nguyễn Văn Ân", date_of_birth="1985-03-15")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Họ và tên không khớp" in text and "Ngày sinh không khớp" in text
    draft.refresh_from_db()
    assert str(residence.pk) not in draft.papers
    client.post(url("review", draft))
    assert not Dossier.objects.exists()  # the mandatory residence paper is still missing


def test_a_paper_the_registry_does_not_hold_is_not_offered_from_it(client, an, commune, registry_version):
    client.force_login(an)
    draft, _ = begin(client, registry_version, commune)
    tokhai = registry_version.requirements.get(name="Tờ khai")
    assert (
        "Lấy từ Cơ sở dữ liệu"
        not in client.get(url("component", draft, requirement_id=tokhai.pk)).content.decode()
    )
    response = from_registry(client, draft, tokhai)
    assert "không có trong Cơ sở dữ liệu quốc gia về dân cư" in response.content.decode()


def test_a_citizen_the_registry_does_not_know_is_told_to_upload(client, citizen, commune, registry_version):
    client.force_login(citizen)  # Trần Thị Lan, 001190012345: not in the simulator
    draft, residence = begin(client, registry_version, commune)
    response = from_registry(client, draft, residence, full_name="Trần Thị Lan", date_of_birth="")
    assert "Không tìm thấy công dân" in response.content.decode()


def test_the_registry_down_says_so_and_the_upload_still_works(
    client, an, commune, registry_version, settings
):
    settings.MOTCUA_POPULATION_SOURCE = "national"
    settings.MOTCUA_POPULATION_URL = ""  # no gateway: PopulationUnavailable
    assert production.NationalPopulation.key == "national"
    client.force_login(an)
    draft, residence = begin(client, registry_version, commune)
    response = from_registry(client, draft, residence)
    assert "tạm thời không trả lời" in response.content.decode()
    response = client.post(
        url("component", draft, requirement_id=residence.pk),
        {"file": SimpleUploadedFile("cu-tru.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 302
