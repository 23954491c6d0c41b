"""The statistics' definitions, pinned on hand-built dossier rows (issue 12)."""

from decimal import Decimal

import pytest

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Applicant
from motcua.dossiers.states import Channel, State
from motcua.org.tests.factories import CommuneFactory
from motcua.reports.counts import Counts, dossier_counts, rate, scan_counts
from motcua.reports.periods import Period
from motcua.reports.tests import builders
from motcua.reports.tests.builders import at

NOVEMBER = Period.month(2026, 11)


@pytest.fixture
def ward(db):
    return CommuneFactory(code="000.00.41.H26", name="Ủy ban nhân dân Phường Ba Đình")


@pytest.fixture
def make(ward):
    version = published_version(code="1.001193", name="Đăng ký khai sinh", implementing_agencies=[ward])
    applicant = Applicant.objects.create(kind="0", full_name="Trần Thị Lan", id_number="001190012345")

    def make(state, received=None, due=None, finished=None, supplements=0, channel=Channel.DESK):
        return builders.dossier(
            version, ward, state, received=received, due=due, finished=finished, supplements=supplements,
            channel=channel, applicant=applicant,
        )  # fmt: skip

    return make


@pytest.mark.parametrize("count", [scan_counts, dossier_counts], ids=["scan", "rollups"])
def test_each_definition_on_hand_built_dossiers(ward, make, count):
    make(State.RETURNED, received=at(3), due=at(6), finished=at(5))  # early: a date before the due date
    make(State.RESOLVED, received=at(3), due=at(6, 16), finished=at(6, 10))  # on time, the same day
    make(State.RETURNED, received=at(3), due=at(6), finished=at(9))  # late
    make(State.RESOLVED, received=at(3), due=at(20), finished=at(10), supplements=2)  # two requests: late
    make(State.PROCESSING, received=at(20), due=at(4, month=12))  # open within time at the end
    make(State.SUPPLEMENT_REQUESTED, received=at(2), due=at(25))  # paused, due passed: open overdue
    make(State.PROCESSING, received=at(20, month=10), due=at(10))  # carried over, now overdue
    make(
        State.RETURNED, received=at(20, month=10), due=at(30, month=10), finished=at(29, month=10)
    )  # before: not counted
    make(State.WITHDRAWN, received=at(4), due=at(9), finished=at(5))
    make(State.STOPPED, received=at(4), due=at(9), finished=at(6))
    make(State.REFUSED, finished=at(7), channel=Channel.ONLINE)  # refused online, never received
    make(State.RETURNED, received=at(28), due=at(2, month=12), finished=at(1, month=12))  # resolved after

    counts = count([ward.pk], NOVEMBER)[None]

    assert counts == Counts(
        received=9,
        carried_over=1,
        resolved_early=1,
        resolved_on_time=1,
        resolved_late=2,
        open_within=2,
        open_overdue=2,
        withdrawn=1,
        refused=1,
        stopped=1,
    )
    assert counts.on_time_rate == Decimal("50.00")


def test_no_denominator_is_no_rate():
    assert Counts().on_time_rate is None
    assert rate(2, 3) == Decimal("66.67")


@pytest.mark.parametrize("count", [scan_counts, dossier_counts], ids=["scan", "rollups"])
def test_rows_by_channel(ward, make, count):
    make(State.RETURNED, received=at(3), due=at(6), finished=at(5))
    make(State.RETURNED, received=at(3), due=at(6), finished=at(5), channel=Channel.ONLINE)
    make(State.RETURNED, received=at(3), due=at(6), finished=at(8), channel=Channel.ONLINE)
    rows = count([ward.pk], NOVEMBER, by="channel")
    assert {key: (c.received, c.on_time_rate) for key, c in rows.items()} == {
        Channel.DESK: (1, Decimal("100.00")),
        Channel.ONLINE: (2, Decimal("50.00")),
    }


@pytest.mark.parametrize("count", [scan_counts, dossier_counts], ids=["scan", "rollups"])
def test_a_late_edit_moves_the_dossier(ward, make, count):
    d = make(State.PROCESSING, received=at(3), due=at(6))
    assert count([ward.pk], NOVEMBER)[None].open_overdue == 1
    d.due_at = at(2, month=12)  # a pause ended: the due time moved past the period's end
    d.save()
    assert count([ward.pk], NOVEMBER)[None].open_within == 1
    d.state, d.finished_at = State.RESOLVED, at(1, month=12)
    d.save()
    assert (count([ward.pk], NOVEMBER)[None].open_within, count([ward.pk], Period.month(2026, 12))[None]) == (
        1,
        Counts(carried_over=1, resolved_early=1),
    )
