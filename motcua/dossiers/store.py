"""The personal electronic store (kho dữ liệu điện tử): every paper a citizen uploads once, every
paper digitised for them at the desk, every electronic result they receive, kept with its source
and offered again where a later procedure needs the same kind of paper (DOMAIN.md §7.1).

A file enters the store only through `keep`, which runs the one upload check (`core.uploads.
check_upload`) at upload time and, for a signed PDF, pyHanko's validation against the configured
trust roots (the verdict is kept for the officer). Reads go through `documents_of` (the owner's own
store: the account's verified person) and `document_of` (one document, access-checked).
"""

from __future__ import annotations

from datetime import datetime
from typing import IO, cast

from django.contrib.auth.models import AnonymousUser, User
from django.core.files.base import File
from django.db.models import QuerySet

from motcua.core.text import fold
from motcua.core.uploads import check_upload
from motcua.documents.signing import get_signer, verify_pdf_signatures

from .models import Applicant, Dossier, DossierDocument, PaperSource, StoredDocument


def kind_key(name: str) -> str:
    """What a paper is matched on across procedures: its name folded (case, diacritics, spaces)."""
    return " ".join(fold(name or "").split())[:255]


def person_of(user: User | AnonymousUser | None) -> Applicant | None:
    """The verified person an account is linked to (applicants.verified_login), if any."""
    if user is None or not user.is_authenticated:
        return None
    return Applicant.objects.filter(user=user).exclude(id_number="").first()


def signature_checks(pdf: bytes | File) -> list[dict]:
    """pyHanko's verdict on each signature of a PDF, against MotCua's trust roots ([] unsigned)."""
    try:
        stream = pdf if isinstance(pdf, bytes) else cast(IO[bytes], pdf)  # a File reads like one
        checks = verify_pdf_signatures(stream, trust_roots=[get_signer().trust_root()])
    except Exception:
        return [{"signer": "", "ok": False, "signed_at": "", "whole": False}]
    return [
        {
            "signer": c.signer_name,
            "ok": c.ok,
            "signed_at": c.signed_at.isoformat() if c.signed_at else "",
            "whole": c.covers_whole_document,
        }
        for c in checks
    ]


def keep(
    *,
    applicant: Applicant,
    file: File,
    name: str,
    source: str = PaperSource.UPLOADED,
    now: datetime,
    dossier: Dossier | None = None,
) -> StoredDocument:
    """Check `file` (refused with the upload check's Vietnamese message) and store it for `applicant`."""
    checked = check_upload(file)
    signatures = []
    if checked.kind == "pdf":  # read in place (a large upload is not copied into memory)
        checked.file.seek(0)
        signatures = signature_checks(checked.file)
        checked.file.seek(0)
    return StoredDocument.objects.create(
        applicant=applicant,
        name=name,
        kind_key=kind_key(name),
        source=source,
        file=checked.file,
        sha256=checked.sha256,
        size=checked.size,
        dossier=dossier,
        signatures=signatures,
        created_at=now,
    )


def keep_result(*, dossier: Dossier, document: DossierDocument, now: datetime) -> StoredDocument:
    """The signed electronic result delivered to the applicant, kept in their store (the same file:
    the store names it, nothing is copied). Named as the procedure names its result."""
    name = dossier.procedure_version.result_name or dossier.procedure_version.name
    return StoredDocument.objects.create(
        applicant=dossier.applicant,
        name=name[:500],
        kind_key=kind_key(name),
        source=PaperSource.EARLIER_RESULT,
        file=document.file.name,
        sha256=document.sha256 or "",
        size=document.file.size if document.file else 0,
        dossier=dossier,
        signatures=[
            {
                "signer": document.signed_by,
                "ok": True,
                "signed_at": document.signed_at.isoformat(),
                "whole": True,
            }
        ]
        if document.signed_at
        else [],
        created_at=now,
    )


def documents_of(applicant: Applicant | None) -> QuerySet[StoredDocument]:
    if applicant is None:
        return StoredDocument.objects.none()
    return StoredDocument.objects.filter(applicant=applicant)


def document_of(user: User | AnonymousUser | None, pk: int | str) -> StoredDocument | None:
    """One document of the account's own store (None for anyone else's)."""
    return documents_of(person_of(user)).filter(pk=pk).first()


def offered_for(applicant: Applicant | None, requirement_name: str) -> QuerySet[StoredDocument]:
    """The store's papers of the kind a component needs, newest first."""
    return documents_of(applicant).filter(kind_key=kind_key(requirement_name))


def readable(doc: StoredDocument) -> bool:
    """The stored bytes are there, whole (its size as kept): the intake then checks their content
    again (`core.uploads.check_upload`), so a dossier gets no code with a missing or altered file."""
    try:
        return doc.file.storage.size(doc.file.name) == doc.size
    except OSError:
        return False
