"""The reads: queues with their time left, the published answers, the masked draft the officer
confirms, the dashboard's counts and the index's populations (5.1–5.4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.deadlines import colour, describe, working_time_left
from motcua.org.models import Role, Staff

from . import masking
from .access import visible_feedback
from .models import Feedback
from .states import Rating, State

#: What each open state waits for, and which due time it runs against.
DUE_FIELD = {
    State.RECEIVED: "decision_due_at",
    State.ROUTED: "handle_due_at",
    State.ANSWERED: "publish_due_at",
}
BAND_ORDER = {"overdue": 0, "due_within_a_day": 1, "on_track": 2, "paused": 3}


def current_due(feedback: Feedback) -> dt.datetime | None:
    field = DUE_FIELD.get(feedback.state)
    return getattr(feedback, field) if field else None


@dataclass
class QueueRow:
    feedback: Feedback
    due: dt.datetime | None
    left: dt.timedelta | None
    band: str  # overdue / due_within_a_day / on_track / paused

    @property
    def left_text(self) -> str:
        return describe(self.left) if self.band != "paused" else ""


def row_of(item: Feedback, now: dt.datetime) -> QueueRow:
    """The item with its current due time, the working time left on its agency's calendar and its band."""
    due = current_due(item)
    left = working_time_left(due, item.clock_agency_id, now)
    band = "paused" if item.state == State.SUPPLEMENT_REQUESTED else colour(left)
    return QueueRow(item, due, left, band)


def _rows(items: Iterable[Feedback], now: dt.datetime) -> list[QueueRow]:
    rows = [row_of(item, now) for item in items]
    # Overdue and at-risk first, then by time left (the least first).
    return sorted(
        rows, key=lambda r: (BAND_ORDER[r.band], r.left if r.left is not None else dt.timedelta.max)
    )


def queue(staff: Staff, now: dt.datetime) -> list[QueueRow]:
    """The officer's work: for the control office, what waits to be classified and routed and the
    answers to publish; for the competent agency, what was routed to it."""
    roles = {r.role for r in staff.roles.all()}
    wanted = Q(pk__in=[])
    if Role.CONTROL_OFFICER in roles:
        wanted |= Q(state__in=[State.RECEIVED, State.ANSWERED])
    if roles & {Role.SPECIALIST, Role.UNIT_HEAD, Role.AGENCY_LEADER}:
        wanted |= Q(state__in=[State.ROUTED, State.SUPPLEMENT_REQUESTED], handler_agency_id=staff.agency_id)
    items = visible_feedback(staff.user).filter(wanted).select_related("addressed_agency", "handler_agency")
    return _rows(items, now)


def own(user) -> QuerySet[Feedback]:
    """The citizen's own feedback (their account)."""
    return Feedback.objects.filter(sender_user=user).order_by("-received_at")


def published(query: str = "") -> QuerySet[Feedback]:
    """The published answers, masked texts only; `query` searches them."""
    items = Feedback.objects.filter(state=State.PUBLISHED).order_by("-published_at")
    query = (query or "").replace("\x00", "").strip()[:100]
    if query:
        items = items.filter(
            Q(published_title__icontains=query)
            | Q(published_content__icontains=query)
            | Q(published_answer__icontains=query)
        )
    return items.only(
        "code", "kind", "published_title", "published_content", "published_answer", "published_at"
    )


def _public_phrases(feedback: Feedback, texts: Iterable[str]) -> list[str]:
    """Phrases never masked: the names of procedures and of the agencies concerned that the texts use."""
    joined = " ".join(texts).lower()
    names = set(ProcedureVersion.objects.values_list("name", flat=True).distinct())
    phrases = [n for n in names if n and n.lower() in joined]
    for agency in (feedback.addressed_agency, feedback.handler_agency):
        if agency is not None:
            phrases.append(agency.name)
    return phrases


def masked_draft(feedback: Feedback) -> dict[str, str]:
    """The title, content and answer with personal data masked: what the officer sees, corrects and
    confirms before publishing."""
    texts = {"title": feedback.title, "content": feedback.content, "answer": feedback.answer}
    names = [feedback.sender_name, feedback.answered_by]
    if feedback.handler_agency_id:
        names += list(
            Staff.objects.filter(agency_id=feedback.handler_agency_id).values_list("full_name", flat=True)
        )
    keep = _public_phrases(feedback, texts.values())
    return {key: masking.mask(text, names=names, keep=keep) for key, text in texts.items()}


def possible_repeats(feedback: Feedback) -> QuerySet[Feedback]:
    """Earlier items on the same subject (same dossier, or same sender and procedure): the control
    office links a repeat to the first instead of counting it twice."""
    same = Q(pk__in=[])
    if feedback.dossier_id:
        same |= Q(dossier_id=feedback.dossier_id)
    if feedback.sender_user_id and feedback.procedure_id:
        same |= Q(sender_user_id=feedback.sender_user_id, procedure_id=feedback.procedure_id)
    return Feedback.objects.filter(
        same, repeat_of__isnull=True, received_at__lte=feedback.received_at
    ).exclude(pk=feedback.pk)


def in_agencies(agency_ids: Iterable[int]) -> QuerySet[Feedback]:
    """The items an agency answers for: routed to it, or addressed to it and not routed yet."""
    ids = list(agency_ids)
    return Feedback.objects.filter(
        Q(handler_agency_id__in=ids) | Q(handler_agency__isnull=True, addressed_agency_id__in=ids)
    )


def at_risk_counts(agency_ids: Iterable[int], now: dt.datetime) -> dict[str, int]:
    """The dashboard's tile: open items overdue and due within a working day."""
    items = in_agencies(agency_ids).filter(state__in=[State.RECEIVED, State.ROUTED, State.ANSWERED])
    counts = {"open": 0, "overdue": 0, "due_within_a_day": 0}
    for row in _rows(items, now):
        counts["open"] += 1
        if row.band in counts:
            counts[row.band] += 1
    return counts


# ---------------------------------------------------------------------------------------------
# The index (Decision 766, 5.1–5.4)


@dataclass(frozen=True)
class IndexRow:
    pk: int
    classified: bool
    on_time: bool
    disliked: bool
    repeated: bool


INDEX_FIELDS = (
    "state",
    "category",
    "rating",
    "reopen_count",
    "decision_due_at",
    "refused_at",
    "supplement_due_at",
    "supplement_requested_at",
    "handle_due_at",
    "answered_at",
    "publish_due_at",
    "published_at",
)


def _met(done: dt.datetime | None, due: dt.datetime | None, period_end: dt.datetime) -> bool:
    """A milestone reached by its due time, or not reached yet and not overdue at the period's end."""
    if due is None:
        return True
    return (done if done is not None else period_end) <= due


def on_time(item: Feedback, period_end: dt.datetime) -> bool:
    """Each of the legal periods kept (5.2): the refusal within its 2 days; otherwise a request for
    more (if any) within 5, the answer within 15 (the time waiting for the sender not counted) and
    its publication within 2 after it."""
    if item.state == State.REFUSED:
        return _met(item.refused_at, item.decision_due_at, period_end)
    checks = [_met(item.answered_at, item.handle_due_at, period_end)]
    if item.supplement_requested_at is not None:
        checks.append(item.supplement_requested_at <= item.supplement_due_at)
    if item.answered_at is not None:
        checks.append(_met(item.published_at, item.publish_due_at, period_end))
    return all(checks)


def index_rows(agency_ids: Iterable[int], start: dt.datetime, end: dt.datetime) -> list[IndexRow]:
    """One row per feedback item received in [start, end) for the agencies. A linked repeat is not
    counted again: it counts against its first item, as `repeated` (as does a reopening)."""
    items = list(
        in_agencies(agency_ids)
        .filter(received_at__gte=start, received_at__lt=end, repeat_of__isnull=True)
        .order_by()
        .only(*INDEX_FIELDS)
    )
    repeated = set(
        Feedback.objects.filter(repeat_of__in=[i.pk for i in items]).values_list("repeat_of_id", flat=True)
    )
    return [
        IndexRow(
            pk=item.pk,
            classified=bool(item.category),
            on_time=on_time(item, end),
            disliked=item.rating == Rating.NOT_SATISFIED,
            repeated=item.pk in repeated or item.reopen_count > 0,
        )
        for item in items
    ]


def dossiers_with_feedback(dossier_ids: Iterable[int]) -> set[int]:
    """Of these dossiers, those a feedback item was sent about (index 5.4), refused ones excepted."""
    # Feedback about a dossier is rare next to the dossiers (a month is ~100,000 at 1M): read those
    # few and intersect, rather than send every dossier id in an IN list.
    return set(
        Feedback.objects.filter(dossier__isnull=False)
        .exclude(state=State.REFUSED)
        .order_by()
        .values_list("dossier_id", flat=True)
    ) & set(dossier_ids)
