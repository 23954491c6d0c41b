"""The index's 5.1–5.3 read from here, on hand-built feedback (formulas in index-766.md): repeats
counted once, against their first; each legal period; a dislike, a lateness or a repeat costs once."""

from decimal import Decimal

import pytest

from motcua.feedback.states import Category, Rating, State
from motcua.feedback.tests.conftest import _fresh_calendars, at, build  # noqa: F401 (autouse)
from motcua.reports.index766.compute import evaluate
from motcua.reports.periods import Period

NOVEMBER = Period.month(2026, 11)
D = Decimal


@pytest.fixture
def handled(ward):
    """Five items received in November, at the ward."""
    rows = {
        # classified, answered and published within their periods, rated satisfied
        "good": build(
            ward,
            at(2),
            state=State.PUBLISHED,
            category=Category.DOSSIER_HANDLING,
            handler_agency=ward,
            routed_at=at(2, 10),
            answered_at=at(10),
            publish_due_at=at(12),
            published_at=at(11),
            rating=Rating.SATISFIED,
        ),
        # answered late
        "late": build(
            ward,
            at(3),
            state=State.PUBLISHED,
            category=Category.DOSSIER_HANDLING,
            handler_agency=ward,
            routed_at=at(3, 10),
            answered_at=at(27),
            publish_due_at=at(30),
            published_at=at(27, 15),
        ),
        # on time but the sender was not satisfied
        "disliked": build(
            ward,
            at(4),
            state=State.PUBLISHED,
            category=Category.OFFICER_CONDUCT,
            handler_agency=ward,
            routed_at=at(4, 10),
            answered_at=at(9),
            publish_due_at=at(11),
            published_at=at(10),
            rating=Rating.NOT_SATISFIED,
        ),
        # refused after its two working days, classified out of scope
        "refused_late": build(
            ward,
            at(5),
            state=State.REFUSED,
            category=Category.OUT_OF_SCOPE,
            decision_due_at=at(7),
            refused_at=at(9),
        ),
        # not classified yet, still within its periods at the end of the month
        "waiting": build(ward, at(27), decision_due_at=at(1, month=12), handle_due_at=at(18, month=12)),
    }
    # sent again about the "good" one: linked, not counted, but it costs the first in 5.3
    build(ward, at(6), state=State.LINKED, repeat_of=rows["good"])
    build(ward, at(3, month=10))  # October: not in the period
    return rows  # fmt: skip


def test_5_1_classified_over_all_repeats_counted_once(ward, handled):
    metric = evaluate(ward, NOVEMBER).metric("5.1")
    assert (metric.numerator, metric.denominator, metric.ratio) == (4, 5, D("80.00"))
    assert metric.kind == "feedback" and handled["waiting"].pk in metric.costing_ids


def test_5_2_every_legal_period_kept(ward, handled):
    metric = evaluate(ward, NOVEMBER).metric("5.2")
    assert (metric.numerator, metric.denominator) == (3, 5)
    assert metric.costing_ids == {handled["late"].pk, handled["refused_late"].pk}


def test_5_3_dislike_lateness_and_repeats_cost_once(ward, handled):
    metric = evaluate(ward, NOVEMBER).metric("5.3")
    # 5 − disliked − late (two) − repeated (the good one) = 1: the one still waiting in time
    assert (metric.numerator, metric.denominator, metric.ratio) == (1, 5, D("20.00"))
    assert metric.numerator_ids == {handled["waiting"].pk}


def test_a_supplement_requested_late_costs_5_2(ward):
    build(ward, at(2), state=State.ROUTED, category=Category.PROCEDURE_IMPLEMENTATION, handler_agency=ward,
          supplement_due_at=at(9), supplement_requested_at=at(10), handle_due_at=at(1, month=12))  # fmt: skip
    assert evaluate(ward, NOVEMBER).metric("5.2").numerator == 0


def test_open_and_overdue_at_the_end_of_the_period_is_late(ward):
    build(ward, at(2), state=State.ROUTED, category=Category.PROCEDURE_IMPLEMENTATION, handler_agency=ward,
          handle_due_at=at(24))  # fmt: skip
    assert evaluate(ward, NOVEMBER).metric("5.2").numerator == 0


def test_a_reopened_item_counts_as_repeated(ward):
    build(ward, at(2), state=State.ROUTED, category=Category.PROCEDURE_IMPLEMENTATION, handler_agency=ward,
          handle_due_at=at(10, month=12), reopen_count=1)  # fmt: skip
    metric = evaluate(ward, NOVEMBER).metric("5.3")
    assert (metric.numerator, metric.denominator) == (0, 1)


def test_feedback_routed_elsewhere_counts_for_the_agency_that_answers(ward, other_ward, city):
    build(
        city, at(2), state=State.ROUTED, category=Category.PROCEDURE_IMPLEMENTATION, handler_agency=other_ward
    )
    assert evaluate(ward, NOVEMBER).metric("5.1").denominator == 0
    assert evaluate(other_ward, NOVEMBER).metric("5.1").denominator == 1
