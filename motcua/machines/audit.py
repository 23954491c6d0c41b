"""Every request made with a machine token is recorded: client, token, method, path, status, the
agency concerned, when. One INSERT, after the view has answered (so the status is the one sent),
outside the view's transaction; rows older than MOTCUA_MACHINE_AUDIT_DAYS are pruned nightly."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from . import rules
from .models import MachineRequest

log = logging.getLogger(__name__)


class MachineAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        identity = getattr(request, rules.ATTRIBUTE, None)
        if identity is not None:
            record(identity, request, response.status_code)
        return response


def record(identity: rules.Identity, request, status: int) -> None:
    try:
        MachineRequest.objects.create(
            client=identity.client,
            token_id=identity.token.pk,
            method=request.method[:8],
            path=request.path[:500],
            status=status,
            agency_id=identity.agency_id,
            at=timezone.now(),
        )
    except DatabaseError:  # an outage: the answer is already decided; say so in the log, loudly
        log.exception(
            "machine request not audited: client %s %s %s", identity.client.pk, request.method, request.path
        )


def prune(now: datetime | None = None) -> int:
    """Delete the rows older than the retention (MOTCUA_MACHINE_AUDIT_DAYS; 0: keep forever)."""
    days = int(getattr(settings, "MOTCUA_MACHINE_AUDIT_DAYS", 0))
    if days <= 0:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _ = MachineRequest.objects.filter(at__lt=cutoff).delete()
    return deleted
