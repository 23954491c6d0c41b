"""The national portal sync of dossiers (issue 13): one record per state change, its state on the
dossier's page and in the API, the control office's replay, the nightly reconciliation. The
dashboard's counts and the 60-second outage: reports/tests/test_national_sync_dashboard.py."""

import datetime as dt

import pytest
from django.utils import timezone

from motcua.dossiers import effects, national_reconcile, national_sync, services, sync
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.states import State
from motcua.integrations.dispatch import services as dispatch
from motcua.integrations.dispatch import transports
from motcua.integrations.dispatch.models import Delivery
from motcua.integrations.national_portal import client
from motcua.integrations.national_portal.models import (
    SimulatedPortalRecord,
    SimulatedPortalSettings,
)
from motcua.org.tests.factories import StaffFactory

from .conftest import MONDAY_9, make_intake

Status = Delivery.Status
Mode = SimulatedPortalSettings.Mode
Actor = services.Actor.officer


@pytest.fixture(autouse=True)
def fresh_clients():
    transports.reset()
    client.reset()
    yield
    transports.reset()
    client.reset()


def set_portal(**values):
    switches = SimulatedPortalSettings.current()
    for name, value in values.items():
        setattr(switches, name, value)
    switches.save()


def life(version, agency, desk, head, start=MONDAY_9):
    """Receive (2), ask for a supplement (5), supplement (2), extend (no change of state), stop (8)."""
    d = services.receive_at_desk(officer=desk, intake=make_intake(version, agency), now=start)
    yield d
    d = services.request_supplement(
        dossier=d, actor=Actor(desk), reasons=["Đơn"], now=start + dt.timedelta(hours=1)
    )
    yield d
    d = services.supplement(
        dossier=d,
        actor=Actor(desk),
        papers=[services.PaperData(name="Đơn", kind="original")],
        now=start + dt.timedelta(hours=2),
    )
    yield d
    d = services.extend(
        dossier=d,
        actor=Actor(head),
        reason="Chờ ý kiến",
        new_due=d.due_at + dt.timedelta(days=2),
        now=start + dt.timedelta(hours=3),
    )
    yield d
    d = services.stop(
        dossier=d, actor=Actor(head), reason="Không đủ điều kiện", now=start + dt.timedelta(hours=4)
    )
    yield d


def test_each_change_of_state_queues_one_whole_record_keyed_by_its_event(process_version, ward, desk, head):
    *_, d = life(process_version, ward, desk, head)
    rows = list(Delivery.objects.filter(partner="national_portal", stream=d.code).order_by("sequence"))
    assert [r.payload["TrangThaiHoSo"] for r in rows] == [2, 5, 2, 8]  # the extension changed no state
    events = DossierEvent.objects.filter(dossier=d).exclude(action="extend").order_by("at")
    assert [r.idempotency_key for r in rows] == [f"dvcqg:{d.pk}:event:{e.pk}" for e in events]
    first = rows[0].payload
    assert first["MaHoSo"] == d.code and first["KenhThucHien"] == 1 and first["NgayTiepNhan"]
    assert first["DanhSachLePhi"][0]["Gia"] == 75000 and "TaiLieuNop" in first
    assert rows[-1].payload["NgayKetThucXuLy"]  # stopped: the processing has ended
    assert {r.status for r in rows} == {Status.PENDING}  # nothing sent inside the transaction


def test_the_intakes_record_from_memory_is_the_record_read_back(process_version, ward, desk):
    d = services.receive_at_desk(officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9)
    assert national_sync.state_of(d).payload == sync.sync_record(d)


def test_bulk_generation_queues_nothing(process_version, ward, desk):
    with effects.suspended():
        services.receive_at_desk(officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9)
    assert not Delivery.objects.exists()


def test_the_record_is_sent_after_commit_and_its_state_shows_in_the_api_and_on_the_page(
    process_version, ward, desk, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        d = services.receive_at_desk(officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9)
    assert national_sync.state_of(d).status == Status.ACKNOWLEDGED
    assert SimulatedPortalRecord.objects.get().ma_ho_so == d.code
    client.force_login(desk.user)
    sync = client.get(f"/api/v1/dossiers/{d.code}/").json()["sync"]
    assert (
        sync["status"] == "acknowledged" and sync["state"] == 2 and sync["partner_ref"].startswith("DVCQG-")
    )
    page = client.get(f"/can-bo/ho-so/{d.code}/").content.decode()
    assert 'data-sync-state="acknowledged"' in page and "Đã xác nhận" in page


def test_a_refusal_shows_the_partners_message_and_never_blocks_the_officer(
    process_version, ward, desk, client, django_capture_on_commit_callbacks
):
    set_portal(mode=Mode.REFUSE, refusal_message="MaTTHC không có trên CSDL quốc gia")
    with django_capture_on_commit_callbacks(execute=True):
        d = services.receive_at_desk(officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9)
    assert d.state == State.RECEIVED  # the officer's act stands
    client.force_login(desk.user)
    assert client.get(f"/api/v1/dossiers/{d.code}/").json()["sync"]["status"] == "dead"
    page = client.get(f"/can-bo/ho-so/{d.code}/").content.decode()
    assert 'data-sync-state="dead"' in page and "MaTTHC không có trên CSDL quốc gia" in page


def test_the_control_office_lists_failed_records_and_replays_them_recording_who(
    process_version, ward, desk, client, django_capture_on_commit_callbacks
):
    set_portal(mode=Mode.REFUSE)
    with django_capture_on_commit_callbacks(execute=True):
        d = services.receive_at_desk(officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9)
    dead = national_sync.state_of(d)
    client.force_login(desk.user)
    assert client.get("/can-bo/dong-bo/").status_code == 403
    assert client.post(f"/can-bo/dong-bo/{dead.pk}/gui-lai/").status_code == 403
    controller = StaffFactory(agency=ward, roles=["control_officer"])
    client.force_login(controller.user)
    listing = client.get("/can-bo/dong-bo/?trang-thai=dead").content.decode()
    assert d.code in listing and f'data-delivery="{dead.pk}"' in listing
    set_portal(mode=Mode.NORMAL)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/can-bo/dong-bo/{dead.pk}/gui-lai/")
    assert answer.status_code == 302
    dead.refresh_from_db()
    assert dead.status == Status.ACKNOWLEDGED and dead.replayed_by == controller.user and dead.replayed_at
    assert d.code not in client.get("/can-bo/dong-bo/").content.decode()


def test_the_reconciliation_resends_a_planted_gap_and_a_stale_record(process_version, ward, desk, head):
    dossiers = []
    for i in range(3):
        d = services.receive_at_desk(
            officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9 + dt.timedelta(minutes=i)
        )
        dossiers.append(d)
    assert dispatch.send_due(now=timezone.now())["sent"] == 3
    # The gap: the portal lost one dossier; another moved on while its record was lost.
    SimulatedPortalRecord.objects.filter(ma_ho_so=dossiers[0].code).delete()
    stale = services.request_supplement(
        dossier=dossiers[1], actor=Actor(desk), reasons=["Đơn"], now=MONDAY_9 + dt.timedelta(hours=1)
    )
    Delivery.objects.filter(stream=stale.code, payload__TrangThaiHoSo=5).delete()
    day = MONDAY_9.date()
    found = national_reconcile.reconcile(day, day)
    assert [(f.code, f.kind, f.theirs, f.resent) for f in found.findings] == [
        (dossiers[0].code, "missing", None, True),
        (dossiers[1].code, "stale", 2, True),
    ]
    assert (found.ours, found.held) == (3, 2)
    assert dispatch.send_due(now=timezone.now() + dt.timedelta(seconds=1))["sent"] == 2
    held = dict(SimulatedPortalRecord.objects.values_list("ma_ho_so", "trang_thai"))
    assert held == {dossiers[0].code: 2, dossiers[1].code: 5, dossiers[2].code: 2}
    assert national_reconcile.reconcile(day, day).findings == []  # nothing left to send
    # Run again the same day for the same gap: one re-send per dossier and day, not two.
    assert Delivery.objects.filter(idempotency_key__contains=":reconcile:").count() == 2


def test_the_reconciliation_leaves_a_record_on_its_way(process_version, ward, desk):
    d = services.receive_at_desk(officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9)
    found = national_reconcile.reconcile(MONDAY_9.date(), MONDAY_9.date(), dry_run=False)
    assert [(f.code, f.resent) for f in found.findings] == [(d.code, False)]
    assert Delivery.objects.filter(stream=d.code).count() == 1


def test_the_reconciliation_command_prints_what_it_found(process_version, ward, desk):
    from io import StringIO

    from django.core.management import call_command

    d = services.receive_at_desk(officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9)
    Delivery.objects.all().delete()  # the record never left
    out = StringIO()
    call_command("reconcile_national_portal", "--from", "2026-11-16", "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"{d.code}\tmissing" in text and "re-sent 0" in text
    assert not Delivery.objects.exists()  # a dry run sends nothing
