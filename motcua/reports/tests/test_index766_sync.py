"""Indicator 1.4 (dossiers synced to the national portal) on hand-built dossiers and deliveries:
a dossier received in the period counts once the portal acknowledged one of its records."""

from decimal import Decimal

import pytest

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.states import State
from motcua.integrations.dispatch.models import Delivery
from motcua.org.tests.factories import CommuneFactory, ProvinceFactory
from motcua.reports.index766.compute import evaluate
from motcua.reports.periods import Period
from motcua.reports.tests import builders
from motcua.reports.tests.builders import at

NOVEMBER = Period.month(2026, 11)
Status = Delivery.Status


@pytest.fixture
def ward(db):
    return CommuneFactory(parent=ProvinceFactory(), code="000.00.41.H26")


@pytest.fixture
def make(ward):
    version = published_version(code="1.001193", implementing_agencies=[ward])

    def make(state, received, *deliveries):
        dossier = builders.dossier(version, ward, state, received=received)
        for n, status in enumerate(deliveries, start=1):
            Delivery.objects.create(
                partner="national_portal",
                stream=dossier.code,
                sequence=n,
                topic="sync_record",
                payload={},
                idempotency_key=f"{dossier.code}:{n}",
                status=status,
            )
        return dossier

    return make


def test_synced_is_acknowledged_over_received_in_the_period(ward, make):
    ok = make(State.RECEIVED, at(3), Status.ACKNOWLEDGED)
    later_failed = make(State.PROCESSING, at(4), Status.ACKNOWLEDGED, Status.DEAD)  # on the portal
    make(State.RECEIVED, at(5), Status.DEAD)
    make(State.RECEIVED, at(6), Status.PENDING)
    make(State.RECEIVED, at(7), Status.SENT)  # sent, no acknowledgement yet: not counted
    make(State.RECEIVED, at(8))  # nothing queued (before the sync existed)
    make(State.RECEIVED, at(3, month=10), Status.ACKNOWLEDGED)  # another period
    make(State.SUBMITTED, None, Status.ACKNOWLEDGED)  # never received: no NgayTiepNhan
    other_partner = make(State.RECEIVED, at(9))
    Delivery.objects.create(
        partner="sector",
        stream=other_partner.code,
        sequence=1,
        topic="t",
        payload={},
        idempotency_key="s",
        status=Status.ACKNOWLEDGED,
    )

    metric = evaluate(ward, NOVEMBER).metric("1.4")

    assert (metric.numerator, metric.denominator) == (2, 7)
    assert metric.numerator_ids == {ok.pk, later_failed.pk}
    assert metric.ratio == Decimal("28.57")
    assert metric.score == (Decimal("28.57") * metric.max_score / 100).quantize(Decimal("0.01"))


def test_no_dossier_received_is_na(ward, make):
    make(State.RECEIVED, at(3, month=10), Status.ACKNOWLEDGED)
    metric = evaluate(ward, NOVEMBER).metric("1.4")
    assert (metric.denominator, metric.ratio, metric.score) == (0, None, None)
