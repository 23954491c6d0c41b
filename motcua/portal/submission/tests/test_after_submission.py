"""After an online submission: the supplement answered online, the electronic result, assisted submission."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from motcua.core.tests.files import PDF
from motcua.documents.signing import SignerIdentity, get_signer
from motcua.dossiers import online, results
from motcua.dossiers.audit import Actor
from motcua.dossiers.lifecycle import request_supplement
from motcua.dossiers.models import (
    DocumentKind,
    Dossier,
    DossierDocument,
    DossierPaper,
    OnlineDraft,
    PaperSource,
    StoredDocument,
)
from motcua.dossiers.states import State

from .test_submission import fill, start, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client, citizen, commune, version):
    client.force_login(citizen)
    draft = start(client, version)
    fill(client, draft, commune, version)
    client.post(url("review", draft))
    return Dossier.objects.get()


def test_supplement_is_shown_and_answered_once(client, citizen, submitted, desk):
    request_supplement(
        dossier=submitted,
        actor=Actor.officer(desk),
        reasons=[{"what": "Bản sao sổ hộ khẩu", "reason": "Thiếu trang 2"}],
        now=timezone.now(),
    )
    page = client.get(reverse("portal:submission-supplement", args=[submitted.code])).content.decode()
    assert "Bản sao sổ hộ khẩu" in page and "Thiếu trang 2" in page
    answer = {"item-0": SimpleUploadedFile("so.pdf", PDF)}
    assert (
        client.post(reverse("portal:submission-supplement", args=[submitted.code]), answer).status_code == 302
    )
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED  # the clock resumes where it stopped
    [paper] = DossierPaper.objects.filter(dossier=submitted, supplement_number=1)
    assert paper.name == "Bản sao sổ hộ khẩu" and paper.file
    again = client.post(
        reverse("portal:submission-supplement", args=[submitted.code]),
        {"item-0": SimpleUploadedFile("so.pdf", PDF)},
    )
    assert again.status_code == 200
    assert DossierPaper.objects.filter(dossier=submitted, supplement_number__isnull=False).count() == 1


def test_supplement_of_someone_elses_dossier_is_not_found(client, submitted):
    from motcua.dossiers.tests.factories import citizen_account

    client.force_login(citizen_account("other", full_name="Lê Văn Nam", id_number="001090099999"))
    assert client.get(reverse("portal:submission-supplement", args=[submitted.code])).status_code == 404


def test_electronic_result_goes_to_the_store_and_downloads(client, submitted, desk):
    signed = get_signer().sign_pdf(PDF, signatory=SignerIdentity(name="Lê Minh Đức"))
    doc = DossierDocument(dossier=submitted, kind=DocumentKind.RESULT, created_at=timezone.now())
    doc.file.save("kq.pdf", ContentFile(signed), save=False)
    doc.signed_by, doc.signed_at = "Lê Minh Đức", timezone.now()
    doc.save()
    submitted.returned_at = timezone.now()
    results.deliver_effect(submitted, values={"channel": 2, "received_by": "Trần Thị Lan"}, updated=[])
    kept = StoredDocument.objects.get(source=PaperSource.EARLIER_RESULT)
    assert kept.applicant == submitted.applicant and kept.file.name == doc.file.name
    response = client.get(reverse("portal:submission-result-download", args=[submitted.code]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == signed


def test_assisted_submission_is_flagged_with_consent(commune, version, desk):
    """The command behind the office's assisted screen (office/tests/test_assisted.py walks it)."""
    from motcua.integrations.vneid.identities import FIXED

    an = FIXED[0]
    with pytest.raises(ValidationError, match="đồng ý"):
        online.start_assisted(
            officer=desk, id_number=an.id_number, version=version, consent=" ", now=timezone.now()
        )
    draft = online.start_assisted(
        officer=desk,
        id_number=an.id_number,
        version=version,
        consent="Đồng ý bằng lời tại quầy",
        now=timezone.now(),
    )
    dossier = online.submit_assisted(
        draft=draft,
        officer=desk,
        agency=commune,
        case_id=None,
        files={version.requirements.get(name="Tờ khai").pk: SimpleUploadedFile("tk.pdf", PDF)},
        now=timezone.now(),
    )
    row = OnlineDraft.objects.get(dossier=dossier)
    assert row.assisted_by == desk.user and row.consent == "Đồng ý bằng lời tại quầy"
    assert dossier.applicant.id_number == an.id_number and dossier.applicant.user is None
    submitted_event = dossier.events.get(action="submit")
    assert submitted_event.data["assisted"] and submitted_event.data["consent"] == "Đồng ý bằng lời tại quầy"
