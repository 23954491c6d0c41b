"""Reads of the delivery table: a stream's state (a dossier's page), the backlog (dashboards)."""

from __future__ import annotations

from django.db.models import Count

from .models import Delivery

Status = Delivery.Status
BACKLOG = (Status.PENDING, Status.SENDING, Status.FAILED)


def latest(*, partner: str, stream: str) -> Delivery | None:
    """The last record queued for this stream: the state to show (pending, sent, acknowledged,
    failed with the partner's message)."""
    return Delivery.objects.filter(partner=partner, stream=stream).order_by("-sequence").first()


def by_keys(keys) -> dict[str, Delivery]:
    """{idempotency key: delivery} for the given keys (a dossier page's hand-offs)."""
    return {d.idempotency_key: d for d in Delivery.objects.filter(idempotency_key__in=list(keys))}


def counts_by_status(*, partner: str | None = None) -> dict[str, int]:
    """{status: count} for one partner or all; every status present, 0 when none."""
    rows = Delivery.objects.all()
    if partner:
        rows = rows.filter(partner=partner)
    counts = {status.value: 0 for status in Status}
    for row in rows.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    return counts


def backlog(*, partner: str | None = None) -> int:
    """Records still on their way (pending, sending, failed and to be retried)."""
    counts = counts_by_status(partner=partner)
    return sum(counts[s.value] for s in BACKLOG)
