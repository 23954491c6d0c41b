"""What the simulated portal does with a record: validate it, hold it once per key, answer the
status update, and send acknowledgements by callback (its side of callback.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ...inprocess import call
from ..client import DATE, config
from ..models import SimulatedPortalReceipt, SimulatedPortalRecord, SimulatedPortalSettings
from ..schema import problem

PORTAL_DATETIME = "%Y%m%d%H%M%S"


def access_token() -> str:
    """The one token the simulator issues for the configured credentials."""
    conf = config()
    return "sim." + hashlib.sha256(f"{conf['CLIENT_ID']}:{conf['CLIENT_SECRET']}".encode()).hexdigest()[:32]


def _local(value: str, fmt: str) -> dt.datetime:
    """The portal's local time (no offset on the wire) as an aware datetime."""
    return dt.datetime.strptime(value, fmt).replace(tzinfo=timezone.get_current_timezone())


def _received_at(value: str) -> dt.datetime | None:
    try:
        return _local(value, PORTAL_DATETIME)
    except (TypeError, ValueError):
        return None


class Refused(Exception):
    pass


def take(record: object, key: str) -> SimulatedPortalReceipt:
    """Hold `record` under `key`: a key seen before changes nothing (the first copy stands)."""
    reason = problem(record)
    if reason:
        raise Refused(reason)
    assert isinstance(record, dict)
    with transaction.atomic():
        receipt, created = SimulatedPortalReceipt.objects.get_or_create(
            key=key,
            defaults={"ma_ho_so": record["MaHoSo"], "trang_thai": record["TrangThaiHoSo"], "record": record},
        )
        if created:
            SimulatedPortalRecord.objects.update_or_create(
                ma_ho_so=record["MaHoSo"],
                defaults={
                    "ma_co_quan": record["MaCoQuan"],
                    "trang_thai": record["TrangThaiHoSo"],
                    "received_at": _received_at(record.get("NgayTiepNhan", "")),
                    "record": record,
                    "last_key": key,
                },
            )
    return receipt


def receipt_ref(receipt: SimulatedPortalReceipt) -> str:
    return f"DVCQG-{receipt.pk:08d}"


def acknowledge(receipt: SimulatedPortalReceipt, *, times: int = 1) -> list[int]:
    """Post the acknowledgement of `receipt` to MotCua's callback, `times` times: the statuses."""
    body = json.dumps(
        {
            "KhoaChongTrung": receipt.key,
            "MaBienNhan": receipt_ref(receipt),
            "ThongBao": "Cổng DVCQG đã nhận hồ sơ",
        },
        ensure_ascii=False,
    ).encode()
    headers = {"Authorization": f"Bearer {config()['CALLBACK_TOKEN']}"}
    statuses = [
        call("POST", reverse("integrations:national-portal-ack"), body=body, headers=headers)[0]
        for _ in range(times)
    ]
    SimulatedPortalReceipt.objects.filter(pk=receipt.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now()
    )
    return statuses


def flush_acknowledgements() -> int:
    """Callback mode: acknowledge every record not acknowledged yet (twice each when the switch
    says so); how many records."""
    switches = SimulatedPortalSettings.current()
    times = 2 if switches.duplicate_acknowledgements else 1
    pending = list(SimulatedPortalReceipt.objects.filter(acknowledged_at__isnull=True).order_by("pk"))
    for receipt in pending:
        acknowledge(receipt, times=times)
    return len(pending)


def _period(query) -> tuple[dt.datetime, dt.datetime] | None:
    try:
        start = _local(query.get("TuNgay", ""), DATE)
        end = _local(query.get("DenNgay", ""), DATE) + dt.timedelta(days=1)
    except ValueError:
        return None
    return start, end


def held(query) -> list[dict] | None:
    """The records received in the query's period, of one unit (MaCoQuan) if given; None when the
    period is not valid."""
    period = _period(query)
    if period is None:
        return None
    rows = SimulatedPortalRecord.objects.filter(received_at__gte=period[0], received_at__lt=period[1])
    if query.get("MaCoQuan"):
        rows = rows.filter(ma_co_quan=query["MaCoQuan"][:64])
    return [
        {
            "MaHoSo": r.ma_ho_so,
            "MaCoQuan": r.ma_co_quan,
            "TrangThaiHoSo": r.trang_thai,
            "NgayTiepNhan": r.record.get("NgayTiepNhan", ""),
            "KhoaChongTrung": r.last_key,
        }
        for r in rows.order_by("ma_ho_so")
    ]


def counts(query) -> list[dict] | None:
    rows = held({"TuNgay": query.get("TuNgay", ""), "DenNgay": query.get("DenNgay", "")})
    if rows is None:
        return None
    by_unit: dict[str, int] = {}
    for row in rows:
        by_unit[row["MaCoQuan"]] = by_unit.get(row["MaCoQuan"], 0) + 1
    return [{"MaCoQuan": unit, "SoHoSo": n} for unit, n in sorted(by_unit.items())]
