"""Reads of the surveys: the sample a campaign draws, the invitation behind a link or a kiosk code,
the campaigns an officer manages."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from motcua.dossiers.contacts import Contact
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import returned_between
from motcua.org.auth import subtree_ids
from motcua.org.models import Role, Staff

from .models import Campaign, Invitation

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
MANAGING_ROLES = frozenset({Role.CONTROL_OFFICER, Role.ADMINISTRATOR})


@dataclass(frozen=True)
class SampleRow:
    agency_id: int
    dossier: Dossier
    contact: Contact

    @property
    def channels(self) -> list[str]:
        return [name for name, value in (("sms", self.contact.phone), ("email", self.contact.email)) if value]


def period_bounds(campaign: Campaign) -> tuple[dt.datetime, dt.datetime]:
    """The returned-on dates as [start, end) in Vietnam's time."""
    start = dt.datetime.combine(campaign.returned_from, dt.time.min, tzinfo=ZONE)
    end = dt.datetime.combine(campaign.returned_to + dt.timedelta(days=1), dt.time.min, tzinfo=ZONE)
    return start, end


def draw_sample(campaign: Campaign) -> list[SampleRow]:
    """Per surveyed agency, up to `sample_per_agency` people drawn at random (seeded by the campaign,
    so the preview and the sending draw the same people) among those whose dossier was returned in
    the period and who gave a phone or an e-mail. One person is one chance: the latest of their
    dossiers at that agency stands for them (so a frequent applicant is not surveyed three times)."""
    start, end = period_bounds(campaign)
    agency_ids = sorted(campaign.agencies.values_list("pk", flat=True))
    rows: list[SampleRow] = []
    candidates = (
        returned_between(agency_ids, start, end)
        .select_related("applicant")
        .only("pk", "code", "agency_id", "returned_at", "applicant_details", "applicant")
        .order_by("agency_id", "-returned_at", "-pk")
    )
    latest: dict[tuple[int, int], Dossier] = {}
    for dossier in candidates:
        latest.setdefault((dossier.agency_id, dossier.applicant_id), dossier)
    for agency_id in agency_ids:
        reachable = [
            SampleRow(agency_id, dossier, dossier.contact)
            for (agency, _person), dossier in sorted(latest.items(), key=lambda item: item[1].pk)
            if agency == agency_id
        ]
        reachable = [row for row in reachable if row.channels]
        size = min(campaign.sample_per_agency, len(reachable))
        rows += random.Random(f"{campaign.seed}:{campaign.pk}:{agency_id}").sample(reachable, size)
    return rows


def managed_campaigns(staff: Staff) -> QuerySet[Campaign]:
    """The campaigns of the control office of the officer's agency tree (none for other roles)."""
    roles = {r.role for r in staff.roles.all()}
    if not roles & MANAGING_ROLES:
        return Campaign.objects.none()
    return Campaign.objects.filter(owner_agency_id__in=subtree_ids(staff.agency_id))


def invitation_by_token(token: str) -> Invitation | None:
    token = (token or "").strip()
    if not token or len(token) > 64 or "\x00" in token:
        return None
    return Invitation.objects.select_related("campaign").filter(token=token).first()


def invitation_by_short_code(code: str) -> Invitation | None:
    code = "".join((code or "").split()).upper().replace("-", "")
    if not code or len(code) > 12 or "\x00" in code:
        return None
    return Invitation.objects.select_related("campaign").filter(short_code=code).first()
