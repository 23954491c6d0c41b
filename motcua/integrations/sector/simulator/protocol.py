"""What the simulated system does, apart from its pages: take a record, answer callbacks."""

from __future__ import annotations

import base64
import json
from html import escape

from django.utils import timezone

from .. import signing
from ..config import SectorSystem
from ..models import SimulatedSectorCase
from ..transport import post

#: The prefix of each simulated system's case codes (a real civil-status book number looks alike).
CODE_PREFIX = {"ho-tich": "HT", "dang-ky-kinh-doanh": "DKKD"}


def next_code(system: SectorSystem) -> str:
    prefix = CODE_PREFIX.get(system.code, system.code[:4].upper())
    serial = SimulatedSectorCase.objects.filter(system=system.code).count() + 1
    return f"{prefix}-{timezone.now():%Y}-{serial:06d}"


def callback_body(
    case: SimulatedSectorCase, event: str, *, message: str = "", result: bytes | None = None
) -> bytes:
    data: dict = {
        "event": event,
        "system": case.system,
        "reference": case.reference,
        "dossier_code": case.dossier_code,
        "external_code": case.external_code,
        "message": message,
        "at": timezone.now().isoformat(),
    }
    if result is not None:
        data["result"] = {
            "name": f"{case.external_code}.pdf",
            "content_type": "application/pdf",
            "content_base64": base64.b64encode(result).decode(),
        }
    return json.dumps(data, ensure_ascii=False).encode()


def send_callback(
    system: SectorSystem,
    case: SimulatedSectorCase,
    event: str,
    *,
    message: str = "",
    result: bytes | None = None,
) -> tuple[int, bytes]:
    """Post one signed callback to MotCua (in process when the URL is a path)."""
    body = callback_body(case, event, message=message, result=result)
    url = case.callback_url if not case.callback_url.startswith("/") else "inprocess:" + case.callback_url
    return post(url, body, signing.headers(body, system.secret, timezone.now()))


def result_pdf(case: SimulatedSectorCase, note: str) -> bytes:
    """The system's result document (a civil-status extract, in the simulator a one-page PDF)."""
    from weasyprint import HTML

    applicant = case.record.get("applicant", {})
    html = (
        "<html><body style='font-family: Liberation Serif, serif'>"
        f"<h1>Trích lục ({escape(case.system)})</h1>"
        f"<p>Số: {escape(case.external_code)}</p>"
        f"<p>Hồ sơ MotCua: {escape(case.dossier_code)}</p>"
        f"<p>Người yêu cầu: {escape(str(applicant.get('full_name', '')))}</p>"
        f"<p>{escape(note)}</p></body></html>"
    )
    return HTML(string=html).write_pdf()


def resolve(system: SectorSystem, case: SimulatedSectorCase, note: str = "") -> tuple[int, bytes]:
    case.status, case.note = SimulatedSectorCase.Status.RESOLVED, note
    case.save(update_fields=["status", "note"])
    return send_callback(system, case, "resolved", message=note, result=result_pdf(case, note))


def refuse(system: SectorSystem, case: SimulatedSectorCase, reason: str) -> tuple[int, bytes]:
    case.status, case.note = SimulatedSectorCase.Status.REFUSED, reason
    case.save(update_fields=["status", "note"])
    return send_callback(system, case, "refused", message=reason)
