"""Public post for a dossier (issue 11): the applicant's documents collected from home and/or the
result delivered to it.

- `request_shipment(dossier, kind, address)`: books the item with the postal plugin (an S10 item
  number) and records it; the online submission calls it when the citizen chooses post.
- `handle_status_callback(body, signature)`: the post's signed status report; an unknown item or a
  wrong signature is refused and changes nothing; a result item reported delivered records the
  return through the dossier's `deliver` command (by post, with the item number).
- `shipments_of(dossier)`: what the dossier's pages show.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.integrations.postal.base import PostalError, ShipmentOrder
from motcua.integrations.postal.registry import get_service
from motcua.org.models import Role

from . import lifecycle
from .audit import Actor
from .errors import ErrorCode, invalid
from .models import Dossier, ResultChannel, Shipment, ShipmentKind
from .states import State

logger = logging.getLogger("motcua.postal")


def callback_url() -> str:
    return reverse("portal:postal-callback")


def request_shipment(dossier: Dossier, kind: str, address: str) -> Shipment:
    kind = ShipmentKind(kind)
    address = (address or "").strip()
    if not address:
        raise invalid("address", ErrorCode.REQUIRED, _("Nhập địa chỉ nhận, gửi bưu phẩm."))
    contact = dossier.contact
    try:
        number = get_service().create_shipment(
            ShipmentOrder(
                reference=f"{dossier.code}-{kind.value}",
                kind=kind.value,
                address=address[:255],
                recipient=contact.full_name,
                phone=contact.phone,
                callback_url=callback_url(),
            )
        )
    except PostalError as error:
        logger.warning("postal booking for %s failed: %s", dossier.code, error)
        raise invalid(
            "address",
            ErrorCode.POSTAL_UNAVAILABLE,
            _("Chưa đặt được dịch vụ bưu chính; vui lòng thử lại sau."),
        ) from error
    now = timezone.now()
    return Shipment.objects.create(
        dossier=dossier,
        kind=kind,
        item_number=number,
        address=address[:255],
        status="accepted",
        status_at=now,
        created_at=now,
        history=[{"status": "accepted", "at": now.isoformat()}],
    )


def shipments_of(dossier: Dossier) -> list[Shipment]:
    return list(dossier.shipments.order_by("pk"))


#: Who records a delivery the post reports: the post on the desk's behalf.
POST_ACTOR_LABEL = "Bưu chính công ích"


def handle_status_callback(body: bytes, signature: str) -> tuple[int, str]:
    """(HTTP status, what happened): 401 wrong signature, 404 unknown item, 200 recorded."""
    report = get_service().read_callback(body, signature)
    if report is None:
        logger.warning("postal callback refused: signature or content")
        return 401, "invalid_signature"
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().filter(item_number=report.item_number).first()
        if shipment is None:
            logger.warning("postal callback refused: unknown item %s", report.item_number)
            return 404, "unknown_item"
        now = timezone.now()
        shipment.status, shipment.status_at = report.status, now
        shipment.history = [
            *shipment.history,
            {"status": report.status, "at": report.at, "note": report.note},
        ]
        shipment.save(update_fields=["status", "status_at", "history"])
        if report.status == "delivered" and shipment.kind == ShipmentKind.RESULT:
            dossier = shipment.dossier
            if dossier.state == State.RESOLVED:
                lifecycle.deliver(
                    dossier=dossier,
                    actor=Actor(label=POST_ACTOR_LABEL, roles=frozenset({Role.DESK_OFFICER})),
                    received_by=dossier.contact.full_name,
                    channel=ResultChannel.POST,
                    postal_item_number=shipment.item_number,
                    now=now,
                )
    return 200, "recorded"
