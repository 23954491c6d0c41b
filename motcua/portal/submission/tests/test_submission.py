"""Online submission through the portal: the wizard, the one intake door, the store, verification."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from motcua.core.tests.files import PDF, pdf_bytes
from motcua.dossiers import online, store, sync
from motcua.dossiers.audit import Actor
from motcua.dossiers.lifecycle import accept_submission, refuse
from motcua.dossiers.models import Dossier, DossierPaper, OnlineDraft, StoredDocument
from motcua.dossiers.states import Channel, State

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def tokhai(version):
    return version.requirements.get(name="Tờ khai")


def start(client, version):
    response = client.post(reverse("portal:submission-start", args=[version.procedure.code]))
    assert response.status_code == 302
    return OnlineDraft.objects.latest("id")


def url(name, draft, **kwargs):
    return reverse(f"portal:submission-{name}", kwargs={"token": draft.token, **kwargs})


def fill(client, draft, commune, version, content=PDF, name="to-khai.pdf"):
    client.post(url("agency", draft), {"agency": commune.pk})
    return client.post(
        url("component", draft, requirement_id=tokhai(version).pk),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


def test_procedure_page_offers_online_submission(client, version):
    response = client.get(reverse("catalog:detail", args=[version.procedure.code]))
    assert reverse("portal:submission-start", args=[version.procedure.code]) in response.content.decode()


def test_desk_only_procedure_has_no_button_and_no_wizard(client, citizen, commune):
    from motcua.catalog.tests.factories import published_version

    desk_only = published_version(code="1.000002", channels=["desk"], implementing_agencies=[commune])
    page = client.get(reverse("catalog:detail", args=["1.000002"])).content.decode()
    assert reverse("portal:submission-start", args=["1.000002"]) not in page  # the menu's link stays
    client.force_login(citizen)
    assert client.post(reverse("portal:submission-start", args=[desk_only.procedure.code])).status_code == 404


def test_wizard_submits_one_coded_online_dossier_through_intake(client, citizen, commune, version):
    client.force_login(citizen)
    draft = start(client, version)
    assert fill(client, draft, commune, version).status_code == 302
    response = client.post(url("review", draft))
    assert response.status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.code and dossier.state == State.SUBMITTED and dossier.channel == Channel.ONLINE
    assert dossier.applicant.user == citizen
    [paper] = DossierPaper.objects.filter(dossier=dossier)
    assert paper.requirement == tokhai(version) and paper.file
    # A retry (double click, reload after a timeout) creates nothing more.
    client.post(url("review", draft))
    online.submit(draft=OnlineDraft.objects.get(pk=draft.pk), user=citizen, now=timezone.now())
    fresh = OnlineDraft.objects.get(pk=draft.pk)
    fresh.dossier = None  # even a stale copy of the draft meets the intake's idempotency key
    online.submit(draft=fresh, user=citizen, now=timezone.now())
    assert Dossier.objects.count() == 1


def test_missing_mandatory_component_gets_no_code(client, citizen, commune, version):
    client.force_login(citizen)
    draft = start(client, version)
    client.post(url("agency", draft), {"agency": commune.pk})
    response = client.post(url("review", draft))
    assert response.status_code == 200
    assert "Tờ khai" in response.content.decode()
    assert not Dossier.objects.exists()


def test_unreadable_stored_component_gets_no_code(client, citizen, commune, version):
    client.force_login(citizen)
    draft = start(client, version)
    fill(client, draft, commune, version)
    doc = StoredDocument.objects.get()
    doc.file.storage.delete(doc.file.name)  # the stored bytes are gone (disk fault, cleanup)
    response = client.post(url("review", draft))
    assert "Không đọc được tệp" in response.content.decode()
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [(EXE, "không phải là PDF, JPEG hay PNG"), (pdf_bytes(text="x" * 4096), "quá lớn")],
)
def test_bad_upload_refused_at_upload_time_in_vietnamese(
    client, citizen, commune, version, settings, content, message
):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 2048
    client.force_login(citizen)
    draft = start(client, version)
    response = fill(client, draft, commune, version, content=content, name="to-khai.pdf")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StoredDocument.objects.exists()
    assert OnlineDraft.objects.get(pk=draft.pk).papers == {}


def test_draft_is_saved_and_resumed(client, citizen, commune, version):
    client.force_login(citizen)
    draft = start(client, version)
    fill(client, draft, commune, version)
    client.logout()
    client.force_login(citizen)  # another day, another session
    listing = client.get(reverse("portal:submission-drafts")).content.decode()
    assert url("review", draft) in listing
    review = client.get(url("review", draft)).content.decode()
    assert (commune.name in review and "to-khai.pdf" not in review) or "Tờ khai" in review
    assert client.post(url("review", draft)).status_code == 302
    assert Dossier.objects.count() == 1


def test_someone_elses_draft_is_not_found(client, citizen, commune, version):
    from motcua.dossiers.tests.factories import citizen_account

    client.force_login(citizen)
    draft = start(client, version)
    client.force_login(citizen_account("other", full_name="Lê Văn Nam", id_number="001090099999"))
    assert client.get(url("review", draft)).status_code == 404


def test_store_offers_paper_again_and_reuse_is_recorded(client, citizen, commune, version):
    client.force_login(citizen)
    first = start(client, version)
    fill(client, first, commune, version)
    client.post(url("review", first))
    doc = StoredDocument.objects.get()
    second = start(client, version)
    client.post(url("agency", second), {"agency": commune.pk})
    page = client.get(url("component", second, requirement_id=tokhai(version).pk)).content.decode()
    assert f'value="{doc.pk}"' in page
    client.post(url("component", second, requirement_id=tokhai(version).pk), {"stored": doc.pk})
    client.post(url("review", second))
    dossier = OnlineDraft.objects.get(pk=second.pk).dossier
    paper = DossierPaper.objects.get(dossier=dossier)
    assert paper.stored_document == doc and paper.from_store
    [row] = sync.sync_record(dossier)["TaiLieuNop"]
    assert row["DuocLayTuKhoDMQG"] == 1 and row["DuocSoHoa"] == 1
    first_paper = DossierPaper.objects.get(dossier=OnlineDraft.objects.get(pk=first.pk).dossier)
    assert sync.sync_record(first_paper.dossier)["TaiLieuNop"][0]["DuocLayTuKhoDMQG"] == 0


def test_store_page_and_downloads_are_the_owners_only(client, citizen, commune, version):
    from motcua.dossiers.tests.factories import citizen_account

    client.force_login(citizen)
    fill(client, start(client, version), commune, version)
    doc = StoredDocument.objects.get()
    assert "Tờ khai" in client.get(reverse("portal:store")).content.decode()
    response = client.get(reverse("portal:store-download", args=[doc.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(citizen_account("other", full_name="Lê Văn Nam", id_number="001090099999"))
    assert client.get(reverse("portal:store-download", args=[doc.pk])).status_code == 404


def test_someone_elses_store_document_cannot_be_reused(client, citizen, commune, version):
    from motcua.dossiers.tests.factories import citizen_account

    client.force_login(citizen)
    fill(client, start(client, version), commune, version)
    doc = StoredDocument.objects.get()
    client.force_login(citizen_account("other", full_name="Lê Văn Nam", id_number="001090099999"))
    draft = start(client, version)
    client.post(url("agency", draft), {"agency": commune.pk})
    response = client.post(url("component", draft, requirement_id=tokhai(version).pk), {"stored": doc.pk})
    assert "không có trong kho dữ liệu của bạn" in response.content.decode()


def test_desk_accepts_or_refuses_the_online_dossier(client, citizen, commune, version, desk):
    client.force_login(citizen)
    for _ in range(2):
        fill(client, draft := start(client, version), commune, version)
        client.post(url("review", draft))
    first, second = Dossier.objects.order_by("id")
    client.force_login(desk.user)
    queue = client.get(reverse("office:queue")).content.decode()
    assert first.code in queue and second.code in queue
    actor = Actor.officer(desk)
    assert accept_submission(dossier=first, actor=actor, now=timezone.now()).state == State.RECEIVED
    assert (
        refuse(dossier=second, actor=actor, reason="Tờ khai không ký", now=timezone.now()).state
        == State.REFUSED
    )


def test_signed_pdf_is_verified_at_upload(client, citizen, commune, version):
    from motcua.documents.signing import SignerIdentity, get_signer

    signed = get_signer().sign_pdf(PDF, signatory=SignerIdentity(name="Trần Thị Lan"), reason="Ký tờ khai")
    client.force_login(citizen)
    fill(client, start(client, version), commune, version, content=signed)
    [check] = StoredDocument.objects.get().signatures
    assert check["ok"] and check["signer"] == "Trần Thị Lan"
    assert store.signature_checks(PDF) == []


def test_officer_sees_the_applicants_signature_verdict(client, citizen, commune, version, desk):
    from motcua.documents.signing import SignerIdentity, get_signer

    signed = get_signer().sign_pdf(PDF, signatory=SignerIdentity(name="Trần Thị Lan"), reason="Ký tờ khai")
    client.force_login(citizen)
    fill(client, draft := start(client, version), commune, version, content=signed)
    client.post(url("review", draft))
    client.force_login(desk.user)
    page = client.get(reverse("office:dossier", args=[Dossier.objects.get().code])).content.decode()
    assert "Chữ ký số hợp lệ: Trần Thị Lan" in page


def test_verification_page_accepts_signed_result_and_rejects_tampered(client):
    from motcua.documents.signing import SignerIdentity, get_signer

    signed = get_signer().sign_pdf(
        PDF, signatory=SignerIdentity(name="Lê Minh Đức", organisation="UBND phường"), reason="Kết quả"
    )
    ok = client.post(reverse("portal:verify"), {"file": SimpleUploadedFile("kq.pdf", signed)})
    page = ok.content.decode()
    assert ok.status_code == 200 and "Chữ ký số hợp lệ." in page and "Lê Minh Đức" in page
    index = signed.index(b"stream") + 20  # a byte of the first content stream, covered by the signature
    tampered = signed[:index] + bytes([signed[index] ^ 0x01]) + signed[index + 1 :]
    bad = client.post(reverse("portal:verify"), {"file": SimpleUploadedFile("kq.pdf", tampered)})
    assert "Chữ ký số hợp lệ." not in bad.content.decode()
    assert "không có chữ ký số hợp lệ" in bad.content.decode()
    unsigned = client.post(reverse("portal:verify"), {"file": SimpleUploadedFile("kq.pdf", PDF)})
    assert "không có chữ ký số hợp lệ" in unsigned.content.decode()


def test_altered_stored_component_gets_no_code(client, citizen, commune, version):
    client.force_login(citizen)
    draft = start(client, version)
    fill(client, draft, commune, version)
    doc = StoredDocument.objects.get()
    with doc.file.storage.open(doc.file.name, "wb") as handle:
        handle.write(b"MZ not a pdf")  # replaced on disk after the upload check
    response = client.post(url("review", draft))
    assert response.status_code == 200
    assert not Dossier.objects.exists()
