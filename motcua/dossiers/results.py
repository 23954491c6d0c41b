"""The result of a dossier: attached (or generated) during processing, signed by the approver,
required by `resolve` when the procedure's result is a document, delivered at the desk, by post or
electronically.

Signing: the result PDF gets a PAdES signature from the signing plugin (`documents.signing`) in the
name of the approver (a `SignerIdentity` built from the Staff). An approver attaching a result signs
it at once; a result attached by a specialist is signed by whoever resolves the dossier.

Electronic delivery: the applicant downloads the signed result through a tokenised link,
`/ket-qua/<token>/`, sent by e-mail/SMS. The token is a Django signature over the document's id and
hash (no table, expires after `MOTCUA_RESULT_LINK_MAX_AGE` seconds, default 90 days, and breaks if
the file is replaced); whoever serves the path calls `document_for_token(token)`. Citizens with a
portal account also see their dossiers, results included, through `selectors.visible_dossiers`.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _

from motcua.catalog.models import ProcedureVersion
from motcua.core import uploads
from motcua.documents.signing import SignerIdentity, get_signer
from motcua.org.models import Staff

from . import steps, store, transitions
from .errors import ErrorCode, invalid
from .models import DocumentKind, Dossier, DossierDocument, ResultChannel
from .states import Action

if TYPE_CHECKING:  # audit imports the modules that import this one
    from .audit import Actor

TOKEN_SALT = "motcua.dossiers.result-download"
DOWNLOAD_PATH = "/ket-qua/{token}/"


def needs_result_document(version: ProcedureVersion) -> bool:
    """Procedures whose result is a document (paper or electronic) cannot be resolved without one."""
    return bool(version.result_electronic or version.result_paper)


def signer_identity(staff: Staff) -> SignerIdentity:
    return SignerIdentity(
        name=staff.full_name,
        title=staff.position,
        organisation=staff.agency.name,
        email=getattr(staff.user, "email", "") or "",
        uid=f"staff-{staff.pk}",
    )


def latest_result(dossier: Dossier) -> DossierDocument | None:
    return DossierDocument.objects.filter(dossier=dossier, kind=DocumentKind.RESULT).order_by("-id").first()


#: A result file as the callers give it: bytes, a Django File or `(name, bytes)`.
ResultFile = bytes | File | tuple[str, bytes]


def read_file(file: ResultFile) -> tuple[str, bytes]:
    """The result's name and bytes, through the one upload check (a result is a PDF: it is signed)."""
    if isinstance(file, bytes):
        file = ("ket-qua.pdf", file)
    elif isinstance(file, File):
        file.seek(0)
    elif not isinstance(file, tuple):
        raise invalid("file", ErrorCode.FILE_INVALID, _("Tệp kết quả không hợp lệ."))
    try:
        checked = uploads.check_upload(file, kinds={"pdf"})
    except DjangoValidationError as error:
        if error.code == "file_kind":
            raise invalid("file", ErrorCode.RESULT_NOT_PDF, _("Kết quả phải là tệp PDF để ký số.")) from error
        raise DjangoValidationError({"file": [error]}) from error
    return checked.name, checked.file.read()


def _sign(content: bytes, staff: Staff) -> bytes:
    return get_signer().sign_pdf(
        content,
        signatory=signer_identity(staff),
        reason=_("Phê duyệt kết quả giải quyết hồ sơ"),
        location=staff.agency.name,
    )


def _store_signed(doc: DossierDocument, content: bytes, staff: Staff, now: datetime) -> None:
    signed = _sign(content, staff)
    doc.file.save(f"{doc.dossier.code}-ket-qua-ky-so.pdf", ContentFile(signed), save=False)
    doc.signed_by, doc.signed_at = staff.full_name, now
    doc.sha256 = hashlib.sha256(signed).hexdigest()


def effect(dossier: Dossier, action: Action, *, actor: Actor, now: datetime, values: dict) -> dict:
    if action == Action.ATTACH_RESULT:
        name, content = values["file"]
        doc = DossierDocument(
            dossier=dossier, kind=DocumentKind.RESULT, created_at=now, created_by=actor.user
        )
        if values.get("sign", True) and actor.staff is not None and actor.roles & transitions.APPROVERS:
            _store_signed(doc, content, actor.staff, now)
        else:
            doc.file.save(f"{dossier.code}-ket-qua.pdf", ContentFile(content), save=False)
            doc.sha256 = hashlib.sha256(content).hexdigest()
        doc.save()
        return {"document": doc.pk, "name": name, "signed": bool(doc.signed_at), "sha256": doc.sha256}
    if action == Action.RESOLVE:
        if steps.blocking_steps_exist(dossier):
            raise transitions.TransitionNotAllowed(
                _("Còn bước xử lý chưa hoàn thành; hoàn thành các bước trước khi phê duyệt kết quả."),
                code=ErrorCode.STEPS_OPEN,
            )
        latest = latest_result(dossier)
        if latest is None:
            if needs_result_document(dossier.procedure_version):
                raise invalid(
                    "result", ErrorCode.RESULT_MISSING, _("Đính kèm kết quả giải quyết trước khi phê duyệt.")
                )
            return {}
        if not latest.signed_at and actor.staff is not None:
            with latest.file.open("rb") as handle:
                content = handle.read()
            _store_signed(latest, content, actor.staff, now)
            latest.save(update_fields=["file", "signed_by", "signed_at", "sha256"])
        return {"document": latest.pk, "signed_by": latest.signed_by, "sha256": latest.sha256}
    return {}


def deliver_effect(dossier: Dossier, *, values: dict, updated: list[str]) -> dict:
    """What `deliver` records besides the time: the channel, who received it, the download link."""
    channel = ResultChannel(int(values.get("channel") or ResultChannel.DESK))
    dossier.return_channel = channel
    dossier.returned_to = values["received_by"][:128]
    updated += ["return_channel", "returned_to"]
    data = {"received_by": values["received_by"], "channel": int(channel)}
    if values.get("postal_item_number"):
        data["postal_item_number"] = values["postal_item_number"]
    if channel == ResultChannel.ELECTRONIC:
        doc = latest_result(dossier)
        if doc is None or not doc.signed_at:
            raise invalid(
                "channel",
                ErrorCode.RESULT_NOT_SIGNED,
                _("Chưa có kết quả điện tử đã ký số để trả cho người nộp."),
            )
        data["document"] = doc.pk
        data["download_url"] = download_url(doc)
        # Issue 11: the electronic result goes into the person's store, offered to later procedures.
        if dossier.returned_at is None:
            raise ValueError(f"dossier {dossier.pk} has no returned_at at the electronic result's delivery")
        store.keep_result(dossier=dossier, document=doc, now=dossier.returned_at)
    return data


# ---------------------------------------------------------------------------------------------
# Download links


def download_token(doc: DossierDocument) -> str:
    return signing.dumps({"d": doc.pk, "h": doc.sha256[:16]}, salt=TOKEN_SALT, compress=True)


def download_url(doc: DossierDocument) -> str:
    base = getattr(settings, "MOTCUA_PUBLIC_BASE_URL", "").rstrip("/")
    return base + DOWNLOAD_PATH.format(token=download_token(doc))


def document_for_token(token: str, *, max_age: int | None = None) -> DossierDocument:
    """The signed result a download token stands for; raises DossierDocument.DoesNotExist otherwise."""
    max_age = max_age if max_age is not None else getattr(settings, "MOTCUA_RESULT_LINK_MAX_AGE", 90 * 86400)
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    except signing.BadSignature:
        raise DossierDocument.DoesNotExist("invalid or expired download token") from None
    doc = DossierDocument.objects.select_related("dossier").get(pk=data["d"], kind=DocumentKind.RESULT)
    if doc.sha256[:16] != data["h"] or not doc.signed_at:
        raise DossierDocument.DoesNotExist("the result was replaced")
    return doc
