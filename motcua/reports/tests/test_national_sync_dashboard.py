# ruff: noqa: F811 (the dossier tests' fixtures, imported, are named as the tests' arguments)
"""The national portal sync seen from the leader's dashboard (issue 13): a failed record is counted,
and a 60-second outage of the portal during a stream of state changes shows as a backlog, then
every record arrives once, in order per dossier (simulated clock: `now` advances through the
worker's sweeps, nothing sleeps)."""

import datetime as dt

from django.test import override_settings
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.states import State

# The dossier tests' fixtures (a ward, its building-permit procedure, its officers) and helpers.
from motcua.dossiers.tests.conftest import (  # noqa: F401
    MONDAY_9,
    desk,
    head,
    make_intake,
    police,
    process_version,
    ward,
)
from motcua.dossiers.tests.test_national_sync import Mode, fresh_clients, life, set_portal  # noqa: F401
from motcua.integrations.dispatch import services as dispatch
from motcua.integrations.dispatch.models import Delivery
from motcua.integrations.national_portal.models import SimulatedPortalReceipt, SimulatedPortalRecord
from motcua.org.tests.factories import StaffFactory
from motcua.reports.dashboard import dashboard
from motcua.reports.periods import Period

Status = Delivery.Status


@override_settings(MOTCUA_DISPATCH_BACKOFF_SECONDS=5, MOTCUA_DISPATCH_MAX_ATTEMPTS=20)
def test_sixty_seconds_of_outage_during_a_stream_of_changes(process_version, ward, desk, head):
    """Three dossiers change state while the portal is down for 60 s (simulated clock: `now`
    advances through the worker's sweeps, nothing sleeps); the dashboard shows the backlog
    meanwhile; once the portal is back every record arrives once, in order per dossier."""
    t0 = timezone.now()
    period = Period(MONDAY_9.date(), MONDAY_9.date())
    received_order: dict[str, list[int]] = {}
    lives = [
        life(process_version, ward, desk, head, start=MONDAY_9 + dt.timedelta(minutes=10 * i))
        for i in range(3)
    ]
    set_portal(mode=Mode.DOWN)
    backlog_seen = []
    clock = t0
    for second in range(0, 100, 5):
        clock = t0 + dt.timedelta(seconds=second)
        if second == 60:
            set_portal(mode=Mode.NORMAL)
        if second < 25:  # a change of each dossier every 5 s for the first 25 s
            for steps in lives:
                next(steps, None)
        dispatch.send_due(now=clock)
        board = dashboard(ward.code, [ward.pk], period, clock)
        backlog_seen.append((second, board.sync["backlog"]))
    for d in {d.stream for d in Delivery.objects.all()}:
        received_order[d] = list(
            SimulatedPortalReceipt.objects.filter(ma_ho_so=d).order_by("pk").values_list("key", flat=True)
        )
    rows = Delivery.objects.all()
    assert rows.count() == 12  # 3 dossiers × 4 changes of state
    assert set(rows.values_list("status", flat=True)) == {Status.ACKNOWLEDGED}
    assert SimulatedPortalReceipt.objects.count() == 12  # each once
    for stream, keys in received_order.items():
        expected = list(
            rows.filter(stream=stream).order_by("sequence").values_list("idempotency_key", flat=True)
        )
        assert keys == expected  # in order per dossier
    during = [n for second, n in backlog_seen if second < 60]
    assert max(during) == 12 and all(n > 0 for n in during)
    assert backlog_seen[-1] == (95, 0)
    assert dashboard(ward.code, [ward.pk], period, clock).sync == {"backlog": 0, "failed": 0, "dead": 0}
    held = dict(SimulatedPortalRecord.objects.values_list("ma_ho_so", "trang_thai"))
    assert set(held.values()) == {State.STOPPED}


def test_the_leaders_dashboard_counts_the_failed_sync(
    process_version,
    ward,
    desk,
    client,
    django_capture_on_commit_callbacks,
):
    set_portal(mode=Mode.REFUSE)
    with django_capture_on_commit_callbacks(execute=True):
        services.receive_at_desk(officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9)
    services.receive_at_desk(
        officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9
    )  # not sent yet
    leader = StaffFactory(agency=ward, roles=["agency_leader"])
    client.force_login(leader.user)
    page = client.get(f"/bao-cao/?unit={ward.code}&from=2026-11-01&to=2026-11-30").content.decode()
    assert 'data-sync-backlog="1" data-sync-failed="0" data-sync-dead="1"' in page
    body = client.get(f"/api/v1/dashboard/?unit={ward.code}&from=2026-11-01&to=2026-11-30").json()
    assert body["national_sync"] == {"backlog": 1, "failed": 0, "dead": 1}
