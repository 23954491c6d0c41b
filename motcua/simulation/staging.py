"""Staged dossiers: after the generated histories, the demo makes sure that each named officer's queue
holds a line in every colour of the queue (overdue, due within a day, on track) and the desk's a
dossier paused for the applicant, whatever the day the demo is loaded.

Each staged dossier is written through the services (received at the desk, handed over, its steps
completed by the generated officers) at an instant before `until`, and kept only when the officer's
own queue (`dossiers.selectors.work_queue` at `until`) shows it in the wanted colour; otherwise the
savepoint is rolled back and an earlier instant, then another procedure, is tried. Deterministic:
candidates and instants are tried in a fixed order.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation

from motcua.dossiers import effects, services
from motcua.dossiers.models import Applicant, Dossier, DossierStep, StepState
from motcua.dossiers.selectors import work_queue
from motcua.dossiers.states import Channel, State
from motcua.org.models import Role, Staff

from .history import STEP_MEMBER
from .world import Offer, World

#: The colours a queue shows (the backend's `colour_for`), and the desk's paused band.
COLOURS = ("overdue", "due_within_a_day", "on_track")
PAUSED = "paused"
#: How long before `until` a staged dossier starts, tried in this order (calendar hours).
OFFSETS = tuple(timedelta(hours=h) for h in (0, 2, 5, 8, 24, 30, 48, 72, 96, 120, 168, 240, 336, 480, 720))


def bands_of(staff: Staff, until: datetime) -> dict[str, set[int]]:
    """colour (or "paused") → the dossiers of the officer's queue at `until` in it."""
    found: dict[str, set[int]] = {key: set() for key in (*COLOURS, PAUSED)}
    for entry in work_queue(staff, until).entries:
        key = (
            PAUSED
            if entry.dossier_state in (State.SUPPLEMENT_REQUESTED, State.AWAITING_FEES)
            else entry.colour
        )
        found.setdefault(key, set()).add(entry.dossier_id)
    return found


def stage(world: World, officers: Iterable[Staff], until: datetime) -> dict[str, list[str]]:
    """Add the dossiers each officer's queue misses; returns username → the bands added."""
    added: dict[str, list[str]] = {}
    applicants = list(Applicant.objects.filter(kind="0").exclude(id_number="").order_by("pk")[:50])
    with effects.suspended(), translation.override("vi"):
        for staff in officers:
            have = bands_of(staff, until)
            wanted = [key for key in (*COLOURS, PAUSED) if not have[key]]
            if not staff.roles.filter(role=Role.DESK_OFFICER).exists() and PAUSED in wanted:
                wanted.remove(PAUSED)  # paused dossiers are the desk's lines only
            for key in wanted:
                if _stage_one(world, staff, key, until, applicants):
                    added.setdefault(staff.user.username, []).append(key)
    return added


def _stage_one(world: World, staff: Staff, key: str, until: datetime, applicants: list) -> bool:
    offers = world.any_offer.get(staff.agency_id)
    if not offers or not applicants:
        return False
    for n, offer in enumerate(sorted(offers.items, key=lambda o: (o.version.procedure.code, o.version.pk))):
        for offset in OFFSETS:
            sid = transaction.savepoint()
            try:
                dossier = _build(
                    world, staff, key, offer, until - offset, applicants[n % len(applicants)], until
                )
            # A candidate the services refuse (papers, an e-form it lacks, a calendar it passes
            # the end of) or whose steps go to a team the world has not: the next one.
            except (ValidationError, PermissionDenied, ValueError, KeyError):
                dossier = None
            if dossier is not None:
                transaction.savepoint_commit(sid)
                return True
            transaction.savepoint_rollback(sid)
    return False


def _intake(offer: Offer, agency, person: Applicant) -> services.Intake:
    mandatory, _optional = offer.by_channel[Channel.DESK]
    return services.Intake(
        version=offer.version,
        agency=agency,
        applicant=services.ApplicantData(
            kind=person.kind,
            full_name=person.full_name,
            id_number=person.id_number,
            date_of_birth=person.date_of_birth,
            address=person.address,
            phone=person.phone,
            email=person.email,
        ),
        papers=[
            services.PaperData(name=name, kind=kind, count=count, requirement_id=req)
            for req, name, kind, count in mandatory
        ],
        channel=Channel.DESK,
    )


def _build(world, staff, key, offer, at, person, until) -> Dossier | None:
    """One candidate: the dossier, moved on until it reaches `staff`'s queue, in band `key` at
    `until`; None when it never does."""
    team = world.team(staff.agency_id)
    desk = services.Actor.officer(team.desk.staff)
    dossier = services.receive_at_desk(
        officer=team.desk.staff, intake=_intake(offer, staff.agency, person), now=at
    )
    if key == PAUSED:
        dossier = services.request_supplement(
            dossier=dossier, actor=desk, reasons=["Bổ sung bản sao giấy tờ tùy thân"], now=at
        )
        return dossier if dossier.pk in bands_of(staff, until)[PAUSED] else None
    if dossier.pk in bands_of(staff, until)[key]:
        return dossier
    dossier = services.start_processing(dossier=dossier, actor=desk, now=at)
    for _stage in range(20):
        queue = bands_of(staff, until)
        if dossier.pk in queue[key]:
            return dossier
        if any(dossier.pk in ids for ids in queue.values()):
            return None  # in the officer's queue, in another colour: try another instant
        active = list(DossierStep.objects.filter(dossier=dossier, state=StepState.ACTIVE).order_by("pk"))
        if not active:
            return None
        for step in active:
            member_team = (
                world.team(step.agency_id) if step.unit_id is None else world.unit_teams[step.unit_id]
            )
            member = getattr(member_team, STEP_MEMBER[step.role])
            dossier = services.complete_step(
                dossier=dossier, actor=services.Actor.officer(member.staff), step=step.pk, now=at
            )
    return None
