"""The feedback tests' world: a city with its procedure-control office, a ward that answers, another
ward that must not see, a citizen with an account, and a builder for hand-made feedback rows."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from motcua.calendars import services as calendars
from motcua.feedback import services
from motcua.feedback.access import Actor
from motcua.feedback.models import Feedback
from motcua.feedback.states import Channel, Kind, State, Subject
from motcua.org.tests.factories import CommuneFactory, ProvinceFactory, StaffFactory

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, hour: int = 9, minute: int = 0, month: int = 11, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=HANOI)


@pytest.fixture(autouse=True)
def _fresh_calendars():
    # Built calendars are cached per agency id; a rolled-back test's days off must not outlive it.
    calendars.invalidate()
    yield
    calendars.invalidate()


@pytest.fixture
def city(db):
    return ProvinceFactory()


@pytest.fixture
def ward(city):
    return CommuneFactory(parent=city, code="000.00.41.H26", name="Ủy ban nhân dân Phường Ba Đình")


@pytest.fixture
def other_ward(city):
    return CommuneFactory(parent=city, code="000.00.42.H26", name="Ủy ban nhân dân Phường Hoàn Kiếm")


@pytest.fixture
def controller(city):
    return StaffFactory(agency=city, roles=["control_officer"], full_name="Đoàn Thị Kiểm")


@pytest.fixture
def ward_officer(ward):
    return StaffFactory(agency=ward, roles=["specialist"], full_name="Phạm Quốc Toàn")


@pytest.fixture
def other_officer(other_ward):
    return StaffFactory(agency=other_ward, roles=["specialist"], full_name="Lê Văn Khác")


@pytest.fixture
def citizen(db):
    return get_user_model().objects.create_user(
        "congdan1", password="motcua-test", first_name="Lan", last_name="Trần Thị"
    )


@pytest.fixture
def send(city, citizen):
    """A feedback item sent from the portal by the logged-in citizen, addressed to the city."""

    def send(now=None, *, user=citizen, agency=None, **overrides):
        values = dict(
            kind=Kind.PHAN_ANH,
            subject=Subject.PROCEDURE,
            title="Hồ sơ chậm",
            content="Hồ sơ của tôi bị chậm.",
            channel=Channel.PORTAL,
            sender=services.Sender(name="Trần Thị Lan", email="lan@example.vn", user=user),
            actor=Actor.sender(user, "Trần Thị Lan"),
            addressed_agency=agency or city,
            now=now or at(16),
        )
        values.update(overrides)
        return services.submit_feedback(**values)

    return send


def officer(staff) -> Actor:
    return Actor.officer(staff)


def build(agency, received, **fields) -> Feedback:
    """A hand-built row for the index (no service: the figures are pinned on exact dates)."""
    values = dict(
        code=f"PAKN-T-{Feedback.objects.count() + 1:04d}",
        kind=Kind.PHAN_ANH,
        subject=Subject.PROCEDURE,
        channel=Channel.PORTAL,
        state=State.RECEIVED,
        title="t",
        content="c",
        sender_name="Người gửi",
        addressed_agency=agency,
        received_at=received,
        decision_due_at=received + dt.timedelta(days=2),
        supplement_due_at=received + dt.timedelta(days=7),
        handle_due_at=received + dt.timedelta(days=21),
    )
    values.update(fields)
    return Feedback.objects.create(**values)
