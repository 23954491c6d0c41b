"""The rollups answer what the scan of the dossiers answers (issue 12): after a random history, late
edits of `finished_at` and `due_at` (a pause moves the due time), state changes, for random periods
and every `by` the rollups serve; through the after-save refresh and through `rebuild`."""

import datetime as dt
import io
import itertools

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Applicant, Dossier
from motcua.dossiers.states import Channel, State
from motcua.org.tests.factories import CommuneFactory
from motcua.reports import rollups
from motcua.reports.counts import Counts, dossier_counts, scan_counts
from motcua.reports.periods import REPORTING_ZONE, Period
from motcua.reports.rollup_models import AgencyDailyRollup, DailyRollup, RollupEntry

ORIGIN = dt.datetime(2026, 10, 1, tzinfo=REPORTING_ZONE)
_codes = itertools.count(1)

#: Minutes from ORIGIN over about 100 days; many near a local midnight (the day boundaries).
minutes = st.one_of(
    st.integers(0, 100 * 24 * 60),
    st.builds(lambda d, m: d * 24 * 60 + m, st.integers(0, 100), st.sampled_from([-1, 0, 1, 24 * 60 - 1])),
)
maybe = lambda s: st.one_of(st.none(), s)  # noqa: E731

dossier = st.fixed_dictionaries(
    {
        "state": st.sampled_from(list(State)),
        "received": maybe(minutes),
        "due": maybe(minutes),
        "finished": maybe(minutes),
        "supplements": st.integers(0, 2),
        "channel": st.sampled_from(list(Channel)),
        "where": st.integers(0, 3),  # agency × procedure
    }
)
edit = st.fixed_dictionaries(
    {
        "which": st.integers(0, 10_000),
        "field": st.sampled_from(["finished", "due", "state", "supplements", "received"]),
        "minutes": maybe(minutes),
        "state": st.sampled_from(list(State)),
    }
)
period = st.builds(
    lambda start, length: Period(
        (ORIGIN + dt.timedelta(days=start)).date(), (ORIGIN + dt.timedelta(days=start + length)).date()
    ),
    st.integers(-5, 100),
    st.integers(0, 40),
)


def _at(value):
    return None if value is None else ORIGIN + dt.timedelta(minutes=value)


@pytest.fixture
def world(db):
    wards = [CommuneFactory(code="000.00.41.H26"), CommuneFactory(code="000.00.42.H26")]
    versions = [
        published_version(code="1.001193", name="Đăng ký khai sinh", implementing_agencies=wards),
        published_version(
            code="1.004227", name="Chứng thực bản sao", sector="Chứng thực", implementing_agencies=wards
        ),
    ]
    applicant = Applicant.objects.create(kind="0", full_name="Trần Thị Lan", id_number="001190012345")
    return wards, versions, applicant


def _nonzero(rows):
    return {key: counts for key, counts in rows.items() if counts != Counts()}


def _check(agency_ids, periods):
    for p in periods:
        for by in rollups.ROLLUP_BY:
            expected = _nonzero(scan_counts(agency_ids, p, by))
            got = _nonzero(dossier_counts(agency_ids, p, by))
            assert got == expected, (p, by)


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    history=st.lists(dossier, min_size=1, max_size=25),
    edits=st.lists(edit, max_size=12),
    periods=st.lists(period, min_size=1, max_size=3),
    rebuild_first=st.booleans(),
)
def test_rollups_equal_the_scan(world, history, edits, periods, rebuild_first):
    wards, versions, applicant = world
    with transaction.atomic():
        made = [
            Dossier.objects.create(
                code=f"R-{next(_codes)}",
                procedure_version=versions[d["where"] % 2],
                agency=wards[d["where"] // 2],
                applicant=applicant,
                channel=d["channel"],
                state=d["state"],
                submitted_at=ORIGIN,
                received_at=_at(d["received"]),
                due_at=_at(d["due"]),
                finished_at=_at(d["finished"]),
                supplement_requests=d["supplements"],
            )
            for d in history
        ]
        if rebuild_first:
            rollups.rebuild()
        ids = [ward.pk for ward in wards]
        _check(ids, periods)
        for e in edits:  # late edits, after the rollups counted the dossier once
            target = made[e["which"] % len(made)]
            if e["field"] == "state":
                target.state = e["state"]
            elif e["field"] == "supplements":
                target.supplement_requests += 1
            else:
                setattr(target, f"{e['field']}_at", _at(e["minutes"]))
            target.save()
        _check(ids, periods)
        _check(ids[:1], periods)
        rollups.refresh(d.pk for d in made)  # idempotent: a second refresh changes nothing
        _check(ids, periods)
        rollups.rebuild()
        _check(ids, periods)
        transaction.set_rollback(True)
    rollups._pending.clear()


def test_refresh_twice_changes_nothing_and_rebuild_repairs(world):
    wards, versions, applicant = world
    d = Dossier.objects.create(
        code="R-X",
        procedure_version=versions[0],
        agency=wards[0],
        applicant=applicant,
        channel=Channel.DESK,
        state=State.PROCESSING,
        submitted_at=ORIGIN,
        received_at=ORIGIN,
        due_at=ORIGIN + dt.timedelta(days=3),
    )
    rollups.flush_pending()
    assert rollups.refresh([d.pk]) == 0
    assert RollupEntry.objects.get(dossier_id=d.pk).kind == ""
    DailyRollup.objects.update(received=0)  # a broken row is repaired by the rebuild command
    call_command("rebuild_rollups", stdout=io.StringIO())
    assert DailyRollup.objects.aggregate(n=Sum("received"))["n"] == 1
    assert AgencyDailyRollup.objects.aggregate(n=Sum("received"))["n"] == 1


def test_after_commit_refresh_and_the_catch_up(world, django_capture_on_commit_callbacks):
    from motcua.dossiers.models import DossierEvent
    from motcua.reports.tasks import catch_up_rollups

    wards, versions, applicant = world
    with django_capture_on_commit_callbacks(execute=True):
        d = Dossier.objects.create(
            code="R-Y",
            procedure_version=versions[0],
            agency=wards[0],
            applicant=applicant,
            channel=Channel.ONLINE,
            state=State.RECEIVED,
            submitted_at=ORIGIN,
            received_at=ORIGIN,
        )
    assert d.pk not in rollups._pending
    assert RollupEntry.objects.get(dossier_id=d.pk).received_day == ORIGIN.date()
    RollupEntry.objects.all().delete()  # as if the after-commit refresh had been lost
    DailyRollup.objects.all().delete()
    AgencyDailyRollup.objects.all().delete()
    DossierEvent.objects.create(
        dossier=d, at=dt.datetime.now(dt.UTC), actor_label="x", action="receive", to_state=State.RECEIVED
    )
    assert catch_up_rollups() == 1
    assert dossier_counts([wards[0].pk], Period(ORIGIN.date(), ORIGIN.date()))[None].received == 1


def _received(world, code, channel):
    """A dossier of the first ward, received at ORIGIN."""
    wards, versions, applicant = world
    return Dossier.objects.create(
        code=code,
        procedure_version=versions[0],
        agency=wards[0],
        applicant=applicant,
        channel=channel,
        state=State.RECEIVED,
        submitted_at=ORIGIN,
        received_at=ORIGIN,
    )


def test_a_dossier_saved_twice_in_one_transaction_is_refreshed_once(
    world, django_capture_on_commit_callbacks
):
    wards = world[0]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        d = _received(world, "R-2X", Channel.ONLINE)
        d.state = State.PROCESSING
        d.save(update_fields=["state"])
        other = _received(world, "R-2Y", Channel.DESK)
    refreshes = [c for c in callbacks if getattr(c, "rollup_dossier", None) is not None]
    assert sorted(c.rollup_dossier for c in refreshes) == sorted([d.pk, other.pk])
    # The one refresh read the dossier as committed (processing, still open): received once.
    assert RollupEntry.objects.get(dossier_id=d.pk).received_day == ORIGIN.date()
    assert dossier_counts([wards[0].pk], Period(ORIGIN.date(), ORIGIN.date()))[None].received == 2


def test_a_save_in_a_rolled_back_savepoint_does_not_swallow_a_later_refresh(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                _received(world, "R-SP", Channel.ONLINE)
                raise RuntimeError("the use case fails after its first save")
        except RuntimeError:
            pass
        kept = _received(world, "R-SP", Channel.ONLINE)
    assert [c.rollup_dossier for c in callbacks if hasattr(c, "rollup_dossier")] == [kept.pk]
    assert RollupEntry.objects.filter(dossier_id=kept.pk).exists()
