"""Every legal period on the agency's calendar: received before a holiday, on a Saturday, after
office hours; the periods are dated rules (a new rule applies to what is received from its date)."""

import datetime as dt

import pytest

from motcua.calendars import services as calendars
from motcua.calendars.models import CalendarDay, DayChange
from motcua.feedback import periods, services
from motcua.feedback.access import Actor
from motcua.feedback.models import Feedback, PeriodRule
from motcua.feedback.states import Category, Step

from .conftest import at, officer


def test_the_default_periods_are_those_of_the_index(db):
    on = dt.date(2026, 11, 16)
    assert {step: periods.working_days(step, on) for step in Step.values} == {
        "refuse": 2,
        "supplement": 5,
        "handle": 15,
        "publish": 2,
    }


def test_received_before_a_holiday_the_holiday_does_not_count(send):
    # Tuesday 24 November 2026 is Vietnam Culture Day, a national holiday (from 2026).
    assert not calendars.calendar_for(None).is_working_day(dt.date(2026, 11, 24))
    item = send(at(23, 10))  # the Monday before, 10:00
    assert item.decision_due_at == at(26, 10)  # Wed 25, Thu 26
    assert item.supplement_due_at == at(1, 10, month=12)  # Wed 25 … Tue 1/12
    assert item.handle_due_at == at(15, 10, month=12)  # 15 working days, the holiday skipped


def test_received_on_a_saturday_the_clock_starts_on_monday_morning(send):
    item = send(at(14, 9))  # Saturday, no Saturday session
    # Two whole working days, Monday and Tuesday: due when Wednesday opens.
    assert item.decision_due_at == at(18, 8)
    assert item.handle_due_at == at(8, 8, month=12)  # 15 from Monday 16, the 24th skipped


def test_received_after_office_hours_the_clock_starts_next_morning(send):
    item = send(at(12, 18, 30))  # Thursday 18:30, after 17:00
    assert item.decision_due_at == at(17, 8)  # Friday and Monday


def test_routed_the_clock_runs_on_the_competent_agencys_calendar(send, ward, controller):
    item = send(at(20, 10))
    CalendarDay.objects.create(
        agency=ward, date=dt.date(2026, 12, 1), change=DayChange.DAY_OFF, name="Nghỉ riêng"
    )
    routed = services.route(
        feedback=item,
        actor=officer(controller),
        category=Category.DOSSIER_HANDLING,
        agency=ward,
        now=at(23, 9),
    )
    # 15 working days from Friday 20 on the ward's calendar: its own day off on 1/12 skipped too
    # (on the city's calendar: Monday 14/12).
    assert item.handle_due_at == at(14, 10, month=12)
    assert routed.handle_due_at == at(15, 10, month=12)


def test_publishing_is_due_two_working_days_after_the_answer(send, ward, controller, ward_officer):
    item = send(at(16, 9))
    services.route(
        feedback=item,
        actor=officer(controller),
        category=Category.DOSSIER_HANDLING,
        agency=ward,
        now=at(16, 10),
    )
    answered = services.answer(
        feedback=item, actor=officer(ward_officer), text="Đã xử lý.", now=at(20, 16)
    )  # Friday
    assert answered.publish_due_at == at(25, 16)  # Monday, (Tuesday's holiday), Wednesday


def test_waiting_for_the_sender_does_not_count(send, ward, controller, ward_officer, citizen):
    item = send(at(16, 9))  # Monday: answer due Tuesday 8/12 09:00
    services.route(
        feedback=item,
        actor=officer(controller),
        category=Category.DOSSIER_HANDLING,
        agency=ward,
        now=at(16, 10),
    )
    assert Feedback.objects.get(pk=item.pk).handle_due_at == at(8, 9, month=12)
    services.request_supplement(feedback=item, actor=officer(ward_officer), reason="Số hồ sơ?", now=at(17, 9))
    back = services.supplement(
        feedback=item, actor=Actor.sender(citizen, "Trần Thị Lan"), text="Mã 123", now=at(19, 9)
    )  # two working days waited
    assert back.handle_due_at == at(10, 9, month=12)


def test_a_new_period_applies_to_what_is_received_from_its_date(send):
    PeriodRule.objects.create(
        step=Step.HANDLE, working_days=10, effective_from=dt.date(2026, 11, 18), basis="Thử"
    )
    before = send(at(17, 9))  # Tuesday, under the old rule: 15 days
    after = send(at(18, 9))  # Wednesday, under the new rule: 10 days
    assert before.handle_due_at == at(9, 9, month=12)
    assert after.handle_due_at == at(3, 9, month=12)


def test_no_rule_in_force_is_an_error_not_a_guess(db):
    with pytest.raises(periods.NoPeriodInForce):
        periods.working_days(Step.HANDLE, dt.date(2020, 1, 1))
