"""Closing an agency (the districts' People's Committees on 30/6/2025, Resolution 202/2025/QH15 and
Decree 118/2025) and moving what it still holds to its successor, in one transaction:

- the agency and its subtree (its sub-units, its wards) end on `on` (`valid_to`);
- each open dossier of theirs (not returned, refused, withdrawn or stopped) moves to the successor,
  as competent agency and as receiving centre, with one event "moved_by_closure" naming both; its
  earlier events are never touched (the event log is append-only);
- the open steps (pending, active) held there move too (their unit dropped: the successor's units
  differ), their assignees kept when they move with it;
- the desks they hosted and the desks serving them now serve the successor; their staff work for
  the successor (their unit dropped).

Running it again moves nothing more: every open dossier has left already.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from motcua.org.auth import subtree_ids
from motcua.org.models import Agency, ServiceDesk, Staff

from . import audit
from .models import Dossier, DossierEvent, DossierStep, StepState
from .states import FINAL_STATES

MOVED_BY_CLOSURE = "moved_by_closure"
OPEN_STEP_STATES = (StepState.PENDING, StepState.ACTIVE)


@dataclass
class ClosureReport:
    closed: list[str] = field(default_factory=list)  # codes of the agencies that end on `on`
    dossiers: int = 0
    steps: int = 0
    desks: int = 0
    staff: int = 0

    def __str__(self) -> str:
        return (
            f"Đóng {len(self.closed)} cơ quan; chuyển {self.dossiers} hồ sơ, {self.steps} bước xử lý, "
            f"{self.desks} bộ phận tiếp nhận, {self.staff} cán bộ."
        )


def close_agency(
    *, agency: Agency, successor: Agency, on: dt.date, now: dt.datetime | None = None
) -> ClosureReport:
    """Close `agency` (and its subtree) on `on`, moving its open work to `successor`."""
    now = now or timezone.now()
    if successor.pk == agency.pk or successor.pk in subtree_ids(agency.pk):
        raise ValueError("the successor must not be the closed agency or one of its sub-units")
    actor = audit.Actor(label="Sắp xếp đơn vị hành chính (close_agency)", roles=frozenset())
    report = ClosureReport()
    with transaction.atomic():
        closed_ids = subtree_ids(agency.pk)
        closed = list(Agency.objects.select_for_update().filter(pk__in=closed_ids).order_by("pk"))
        names = {a.pk: a.name for a in closed}
        for a in closed:
            if a.valid_to is None or a.valid_to > on:
                a.valid_to = on
                a.save(update_fields=["valid_to"])
            report.closed.append(a.code)

        moving = (
            Dossier.objects.select_for_update()
            .filter(agency_id__in=closed_ids)
            .exclude(state__in=FINAL_STATES)
            .order_by("pk")
        )
        for dossier in moving:
            before = dossier.agency_id
            dossier.agency = successor
            updated = ["agency"]
            if dossier.receiving_agency_id in closed_ids:
                dossier.receiving_agency = successor
                updated.append("receiving_agency")
            dossier.save(update_fields=updated)
            audit.record(
                dossier,
                actor,
                MOVED_BY_CLOSURE,
                at=audit.stamp(dossier, now),
                from_state=dossier.state,
                reason=f"Chuyển từ {names[before]} sang {successor.name} do {names[agency.pk]} kết thúc hoạt động "
                f"ngày {on:%d/%m/%Y}.",
                from_agency=names[before],
                to_agency=successor.name,
                closed_on=on.isoformat(),
            )
            report.dossiers += 1
        # Received elsewhere but still waiting at a closed agency's centre for the result.
        Dossier.objects.filter(receiving_agency_id__in=closed_ids).exclude(state__in=FINAL_STATES).update(
            receiving_agency=successor
        )

        steps = DossierStep.objects.filter(agency_id__in=closed_ids, state__in=OPEN_STEP_STATES)
        for step in steps.select_related("dossier"):
            step.agency = successor
            step.unit = None
            step.is_interagency = step.is_interagency or successor.pk != step.dossier.agency_id
            step.save(update_fields=["agency", "unit", "is_interagency"])
            report.steps += 1

        for desk in ServiceDesk.objects.filter(host_agency_id__in=closed_ids):
            desk.host_agency = successor
            desk.save(update_fields=["host_agency"])
            report.desks += 1
        for desk in ServiceDesk.objects.filter(agencies__in=closed_ids).distinct():
            desk.agencies.remove(*closed_ids)
            desk.agencies.add(successor)
        report.staff = Staff.objects.filter(agency_id__in=closed_ids).update(agency=successor, unit=None)
        Staff.objects.filter(unit_id__in=closed_ids).update(unit=None)
    return report


def moved_events(dossier: Dossier) -> QuerySet[DossierEvent]:
    """The closure moves recorded on `dossier`."""
    return DossierEvent.objects.filter(dossier=dossier, action=MOVED_BY_CLOSURE)
