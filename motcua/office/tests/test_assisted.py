"""Assisted submission at the desk (nộp hộ): the officer picks the citizen by ID number through the
population database, records the citizen's consent, and submits online through the portal's
command; the dossier is flagged (the submission event, the office's dossier page)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.core.tests.files import PDF
from motcua.dossiers.models import ApplicantEvent, Dossier, DossierEvent, OnlineDraft
from motcua.dossiers.states import Action, Channel, State
from motcua.integrations.vneid.identities import FIXED

from .conftest import login

AN = FIXED[0]  # Nguyễn Văn An, known to the population simulator
CONSENT = "Ông An đồng ý để cán bộ nộp hồ sơ trực tuyến thay, đã ký vào phiếu đồng ý."


def start(client, **overrides):
    data = {"id_number": AN.id_number, "procedure": "1.001193", "consent": CONSENT, "phone": ""}
    data.update(overrides)
    return client.post("/can-bo/nop-ho/", data)


def papers(version):
    return {
        f"paper-{r.pk}": SimpleUploadedFile(f"{r.pk}.pdf", PDF, content_type="application/pdf")
        for r in version.requirements.filter(mandatory=True)
    }


def test_the_menu_offers_assisted_submission(client: Client, desk, version):
    page = login(client, desk).get("/can-bo/")
    assert 'href="/can-bo/nop-ho/"' in page.content.decode()


def test_an_officer_submits_for_a_citizen_with_consent_and_the_dossier_is_flagged(
    client, desk, version, commune
):
    login(client, desk)
    response = start(client)
    assert response.status_code == 302, response.content.decode()
    draft = OnlineDraft.objects.get()
    assert (draft.assisted_by, draft.consent, draft.citizen["full_name"]) == (
        desk.user,
        CONSENT,
        AN.full_name,
    )
    assert draft.citizen["address"] == AN.address and draft.consent_at is not None
    page = client.get(response["Location"])
    assert AN.full_name in page.content.decode() and CONSENT in page.content.decode()

    response = client.post(
        response["Location"], {"agency": commune.pk, "return_channel": "1", **papers(version)}
    )
    assert response.status_code == 302, response.content.decode()
    dossier = Dossier.objects.get()
    # The same submission as the portal's: online, state 1, waiting in the desk's queue.
    assert (dossier.channel, dossier.state) == (Channel.ONLINE, State.SUBMITTED)
    assert dossier.code and dossier.papers.count() == 2
    contact = dossier.contact
    assert (contact.name, contact.number) == (AN.full_name, AN.id_number)  # from the population database
    event = DossierEvent.objects.get(dossier=dossier, action=Action.SUBMIT)
    assert event.actor == desk.user and event.actor_label == desk.full_name
    assert event.data["assisted"] is True and event.data["consent"] == CONSENT
    assert event.data["assisted_by"] == desk.full_name and event.data["consent_at"]
    assert ApplicantEvent.objects.filter(
        applicant=dossier.applicant
    ).exists()  # found or created as at the desk
    # The office's dossier page says so.
    detail = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "data-assisted" in detail and CONSENT in detail

    # A second click on submit creates nothing more.
    again = client.post(f"/can-bo/nop-ho/{draft.token}/", {"agency": commune.pk, **papers(version)})
    assert again.status_code == 200 and Dossier.objects.count() == 1


def test_a_portal_submission_is_not_flagged(client, desk, version, commune):
    from motcua.office.tests.conftest import receive

    dossier = receive(version, commune, desk)
    detail = login(client, desk).get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "data-assisted" not in detail


def test_no_consent_no_assisted_submission(client, desk, version):
    response = start(login(client, desk), consent="  ")
    assert response.status_code == 422
    assert "đồng ý" in response.content.decode()
    assert not OnlineDraft.objects.exists()


def test_a_citizen_the_population_database_does_not_know_is_refused(client, desk, version):
    response = start(login(client, desk), id_number="001099999999")
    assert response.status_code == 422
    assert "Không tìm thấy công dân" in response.content.decode()
    assert not OnlineDraft.objects.exists()


def test_a_missing_mandatory_component_gives_no_code(client, desk, version, commune):
    login(client, desk)
    location = start(client)["Location"]
    one = dict(list(papers(version).items())[:1])
    response = client.post(location, {"agency": commune.pk, "return_channel": "1", **one})
    assert response.status_code == 422
    assert not Dossier.objects.exists()


def test_only_desk_officers_submit_for_citizens(client, specialist, version):
    assert login(client, specialist).get("/can-bo/nop-ho/").status_code == 403
    assert start(client).status_code == 403
    assert not OnlineDraft.objects.exists()


def test_another_officers_assisted_draft_is_not_found(client, desk, version, commune):
    from motcua.org.tests.factories import StaffFactory

    login(client, desk)
    location = start(client)["Location"]
    other = StaffFactory(agency=commune, roles=["desk_officer"])
    assert login(Client(), other).get(location).status_code == 404


def _eform_post() -> dict:
    from motcua.catalog import eforms

    values = {
        "requester.full_name": AN.full_name,
        "requester.id_number": AN.id_number,
        "requester.residence": AN.address,
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
    return {eforms.field_name(path): value for path, value in values.items()}


def _with_eform(version):
    import json
    from pathlib import Path

    from django.conf import settings

    birth = json.loads((Path(settings.DATA_DIR) / "eforms" / "1.001193.json").read_text(encoding="utf-8"))
    version.eform_schema, version.eform_layout = birth["schema"], birth["layout"]
    version.save(update_fields=["eform_schema", "eform_layout"])
    return version


def test_the_assisted_submission_asks_for_the_e_form_with_the_portals_rules(client, desk, version, commune):
    _with_eform(version)
    login(client, desk)
    url = start(client)["Location"]
    page = client.get(url).content.decode()
    assert 'name="eform__child__birth_date"' in page  # the portal's e-form, on the officer's page
    # Left blank: refused by the e-form's own rules, nothing submitted, the papers not lost.
    refused = client.post(url, {"agency": commune.pk, "return_channel": "1", **papers(version)})
    assert refused.status_code == 422 and not Dossier.objects.exists()
    assert "Tờ khai điện tử chưa đúng" in refused.content.decode()
    # A date the schema refuses (not a date) is refused the same way as on the portal.
    wrong = {**_eform_post(), "eform__child__birth_date": "31/02/2026"}
    assert client.post(url, {"agency": commune.pk, **wrong, **papers(version)}).status_code == 422
    done = client.post(url, {"agency": commune.pk, "return_channel": "1", **_eform_post(), **papers(version)})
    assert done.status_code == 302, done.content.decode()
    dossier = Dossier.objects.get()
    assert dossier.eform_data["child"] == {
        "full_name": "Nguyễn Minh Khôi",
        "sex": "nam",
        "birth_date": "2026-11-20",
        "birth_place": "Bệnh viện Phụ sản Hà Nội",
        "ethnicity": "Kinh",
        "nationality": "Việt Nam",
    }
    assert OnlineDraft.objects.get().eform_data == dossier.eform_data


def test_the_e_form_is_checked_by_the_intake_too(desk, version, commune):
    """The command passes the data to the one intake door, which checks it against the schema."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from motcua.dossiers import online

    _with_eform(version)
    draft = online.start_assisted(
        officer=desk, id_number=AN.id_number, version=version, consent=CONSENT, now=timezone.now()
    )
    try:
        online.submit_assisted(
            draft=draft,
            officer=desk,
            agency=commune,
            case_id=None,
            files={},
            eform_data={"child": {"birth_date": "not a date"}},
            now=timezone.now(),
        )
    except ValidationError as error:
        assert any(key.startswith("eform_data") for key in error.message_dict)
    else:
        raise AssertionError("an e-form the schema refuses was accepted")
    assert not Dossier.objects.exists()
