"""The applicant's rating of the service for one returned dossier (the satisfaction survey: an
overall level and the survey's five criteria), once per dossier and changeable within
`MOTCUA_RATING_CHANGE_DAYS` days of the first rating. Taken online by the citizen or at the counter
on the desk's tablet (recorded as such). Each rating or change writes a dossier event in the same
transaction. `satisfaction_summary` is what the service index and the agency's statistics read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from motcua.org.models import Staff

from .errors import ErrorCode, invalid
from .models import CRITERIA, Dossier, DossierEvent, DossierRating, Level, RatingChannel
from .states import Action, State
from .transitions import RoleNotAllowed, TransitionNotAllowed


@dataclass(frozen=True)
class RatingInput:
    overall: int
    access: int
    procedure: int
    attitude: int
    timeliness: int
    result: int
    comment: str = ""


def change_window() -> timedelta:
    return timedelta(days=int(getattr(settings, "MOTCUA_RATING_CHANGE_DAYS", 7)))


def may_rate(dossier: Dossier, now: datetime) -> bool:
    """Returned, and not rated yet or still within the change window."""
    if dossier.state != State.RETURNED:
        return False
    existing = DossierRating.objects.filter(dossier=dossier).first()
    return existing is None or now <= existing.rated_at + change_window()


def _check(data: RatingInput) -> None:
    valid = set(Level.values)
    for field in ("overall", *(name for name, _label in CRITERIA)):
        if getattr(data, field) not in valid:
            raise invalid(field, ErrorCode.REQUIRED, _("Chọn một mức đánh giá."))


def rate(
    *,
    dossier: Dossier,
    user: User | None,
    data: RatingInput,
    now: datetime,
    at_counter: bool = False,
    officer: Staff | None = None,
) -> DossierRating:
    """Record (or change) the rating of `dossier`. Online: `user` is the citizen, who must see the
    dossier through the access rule; at the counter: `officer` (a Staff) of the dossier's agency
    takes it for the applicant. One transaction with its audit event."""
    from .access import visible_dossiers

    _check(data)
    if at_counter and officer is None:
        raise ValueError("a rating taken at the counter needs the officer who takes it")
    who = officer.user if at_counter and officer is not None else user
    if who is None or not visible_dossiers(who).filter(pk=dossier.pk).exists():
        raise RoleNotAllowed(_("Bạn không có quyền đánh giá hồ sơ này."), code=ErrorCode.NOT_YOUR_DOSSIER)
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if locked.state != State.RETURNED:
            raise TransitionNotAllowed(
                _("Chỉ đánh giá được hồ sơ đã trả kết quả."), code=ErrorCode.RATING_NOT_RETURNED
            )
        values = {field: getattr(data, field) for field in ("overall", *(n for n, _l in CRITERIA))}
        values["comment"] = data.comment.strip()
        values["channel"] = RatingChannel.COUNTER if at_counter else RatingChannel.ONLINE
        existing = DossierRating.objects.filter(dossier=locked).first()
        if existing is None:
            rating = DossierRating.objects.create(
                dossier=locked, agency_id=locked.agency_id, rated_at=now, **values
            )
            changed = False
        else:
            if now > existing.rated_at + change_window():
                raise TransitionNotAllowed(
                    _("Đã hết thời hạn sửa đánh giá của hồ sơ này."), code=ErrorCode.RATING_CLOSED
                )
            for field, value in values.items():
                setattr(existing, field, value)
            existing.changed_at = now
            existing.save()
            rating, changed = existing, True
        DossierEvent.objects.create(
            dossier=locked,
            at=now,
            actor=who,
            actor_label=officer.full_name
            if at_counter and officer is not None
            else (who.get_full_name() or who.get_username()),
            action=Action.RATE,
            from_state=locked.state,
            to_state=locked.state,
            data={**{k: v for k, v in values.items() if k != "comment"}, "changed": changed},
        )
    return rating


def satisfaction_summary(
    *,
    agency_ids: Iterable[int] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict:
    """Counts per overall level and the share satisfied (hài lòng + chấp nhận được, as the index
    counts it), for the index and the agency's statistics."""
    rows = DossierRating.objects.all()
    if agency_ids is not None:
        rows = rows.filter(agency_id__in=list(agency_ids))
    if since is not None:
        rows = rows.filter(rated_at__gte=since)
    if until is not None:
        rows = rows.filter(rated_at__lt=until)
    counts = rows.aggregate(
        total=Count("pk"),
        satisfied=Count("pk", filter=Q(overall=Level.SATISFIED)),
        acceptable=Count("pk", filter=Q(overall=Level.ACCEPTABLE)),
        not_satisfied=Count("pk", filter=Q(overall=Level.NOT_SATISFIED)),
        counter=Count("pk", filter=Q(channel=RatingChannel.COUNTER)),
    )
    total = counts["total"]
    counts["share_satisfied"] = (counts["satisfied"] + counts["acceptable"]) / total if total else None
    return counts
