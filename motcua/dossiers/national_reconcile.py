"""The nightly reconciliation with the national portal (issue 13): for a period (dossiers received
in it, NgayTiepNhan), what the portal holds (its list, per receiving agency) against what MotCua
holds; a dossier the portal lacks, or holds in another state, is sent again (its current whole
record), unless a record of it is still on its way (it will arrive by itself). What it found is
logged and returned (the command prints it)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from motcua.integrations.dispatch.models import Delivery
from motcua.integrations.dispatch.selectors import BACKLOG
from motcua.integrations.national_portal import PARTNER
from motcua.integrations.national_portal.client import PortalClient, get_client

from . import national_sync
from .models import Dossier

log = logging.getLogger(__name__)
MISSING, STALE = "missing", "stale"


@dataclass(frozen=True)
class Finding:
    code: str
    kind: str  # MISSING or STALE
    ours: int
    theirs: int | None
    on_the_way: bool  # a record of it is still on its way: left to arrive by itself
    resent: bool


@dataclass
class Reconciliation:
    start: dt.date
    end: dt.date
    ours: int = 0
    held: int = 0
    #: The portal's records of dossiers MotCua did not receive in the period (reported only).
    unknown: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def resent(self) -> int:
        return sum(1 for f in self.findings if f.resent)

    def summary(self) -> str:
        missing = sum(1 for f in self.findings if f.kind == MISSING)
        return (
            f"{self.start}..{self.end}: MotCua {self.ours}, portal {self.held}; missing {missing}, "
            f"stale {len(self.findings) - missing}, re-sent {self.resent}, unknown to MotCua {len(self.unknown)}"
        )


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def reconcile(
    start: dt.date, end: dt.date, *, client: PortalClient | None = None, dry_run: bool = False
) -> Reconciliation:
    client = client or get_client()
    low, high = _bounds(start, end)
    still_sending = Delivery.objects.filter(partner=PARTNER, stream=OuterRef("code"), status__in=BACKLOG)
    ours = {
        d.code: d
        for d in Dossier.objects.filter(received_at__gte=low, received_at__lt=high)
        .select_related("agency")
        .annotate(on_the_way=Exists(still_sending))
        .only("pk", "code", "state", "agency__code")
    }
    result = Reconciliation(start, end, ours=len(ours))
    held: dict[str, int] = {}
    for unit in sorted({d.agency.code for d in ours.values()}):
        for row in client.held(unit=unit, start=start, end=end):
            held[str(row["MaHoSo"])] = int(row["TrangThaiHoSo"])
    result.held = len(held)
    result.unknown = sorted(set(held) - set(ours))
    today = timezone.localdate().isoformat()
    for code, dossier in sorted(ours.items()):
        theirs = held.get(code)
        if theirs == dossier.state:
            continue
        on_the_way = bool(dossier.on_the_way)
        resend = not on_the_way and not dry_run
        if resend:
            national_sync.resend(dossier, key=f"dvcqg:{dossier.pk}:reconcile:{today}:{dossier.state}")
        kind = MISSING if theirs is None else STALE
        finding = Finding(code, kind, dossier.state, theirs, on_the_way, resend)
        result.findings.append(finding)
        log.warning(
            "national portal reconciliation: %s %s (ours %s, portal %s)",
            code,
            finding.kind,
            dossier.state,
            theirs,
        )
    log.info("national portal reconciliation %s", result.summary())
    return result


def reconcile_recent(*, days: int | None = None) -> Reconciliation:
    """The nightly run: the dossiers received in the last `days` days (default
    MOTCUA_NATIONAL_RECONCILE_DAYS), up to yesterday; later states of older dossiers go by the hook."""
    days = days or int(getattr(settings, "MOTCUA_NATIONAL_RECONCILE_DAYS", 60))
    end = timezone.localdate() - dt.timedelta(days=1)
    return reconcile(end - dt.timedelta(days=days - 1), end)
