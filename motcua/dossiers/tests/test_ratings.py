"""Ratings of a returned dossier (once, changeable within the window, audit event, counter) and the
citizen's notices written beside the outbox's messages."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from motcua.dossiers import notices, ratings, services
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.states import Action, State
from motcua.dossiers.tests.conftest import MONDAY_9, applicant, make_intake
from motcua.dossiers.tests.factories import citizen_account
from motcua.dossiers.transitions import RoleNotAllowed, TransitionNotAllowed

GOOD = ratings.RatingInput(
    overall=3, access=3, procedure=2, attitude=3, timeliness=1, result=3, comment=" ổn "
)


@pytest.fixture
def citizen(db):
    return citizen_account(full_name="Nguyễn Thị Hằng", id_number="001185012345", date_of_birth=None)


@pytest.fixture
def dossier(citizen, version, commune):
    from motcua.org.tests.factories import StaffFactory

    desk = StaffFactory(agency=commune, roles=["desk_officer"])
    dossier = services.receive_at_desk(officer=desk, intake=make_intake(version, commune), now=MONDAY_9)
    dossier.desk = desk
    return dossier


def returned(dossier):
    # The return itself is the lifecycle's (tested there); here only the state it leaves matters.
    Dossier.objects.filter(pk=dossier.pk).update(
        state=State.RETURNED, returned_at=MONDAY_9 + timedelta(days=3)
    )
    dossier.refresh_from_db()
    return dossier


def test_only_a_returned_dossier_is_rated(citizen, dossier):
    with pytest.raises(TransitionNotAllowed) as refusal:
        ratings.rate(dossier=dossier, user=citizen, data=GOOD, now=MONDAY_9 + timedelta(days=1))
    assert refusal.value.code == "rating_not_returned"


def test_a_rating_is_recorded_once_with_its_event_and_changeable_within_the_window(citizen, dossier):
    returned(dossier)
    at = MONDAY_9 + timedelta(days=4)
    rating = ratings.rate(dossier=dossier, user=citizen, data=GOOD, now=at)
    assert (rating.overall, rating.timeliness, rating.comment, rating.channel) == (3, 1, "ổn", "online")
    changed = ratings.RatingInput(overall=1, access=1, procedure=1, attitude=1, timeliness=1, result=1)
    ratings.rate(dossier=dossier, user=citizen, data=changed, now=at + timedelta(days=6))
    assert ratings.DossierRating.objects.filter(dossier=dossier).count() == 1
    assert ratings.DossierRating.objects.get(dossier=dossier).overall == 1
    events = DossierEvent.objects.filter(dossier=dossier, action=Action.RATE).order_by("at")
    assert [e.data["changed"] for e in events] == [False, True]
    assert all(e.actor_id == citizen.pk for e in events)
    with pytest.raises(TransitionNotAllowed) as refusal:
        ratings.rate(dossier=dossier, user=citizen, data=GOOD, now=at + timedelta(days=8))
    assert refusal.value.code == "rating_closed"
    assert not ratings.may_rate(dossier, at + timedelta(days=8))


@override_settings(MOTCUA_RATING_CHANGE_DAYS=1)
def test_the_change_window_is_a_setting(citizen, dossier):
    returned(dossier)
    at = MONDAY_9 + timedelta(days=4)
    ratings.rate(dossier=dossier, user=citizen, data=GOOD, now=at)
    with pytest.raises(TransitionNotAllowed):
        ratings.rate(dossier=dossier, user=citizen, data=GOOD, now=at + timedelta(days=2))


def test_nobody_else_rates_the_citizen_s_dossier(dossier, db):
    returned(dossier)
    stranger = citizen_account(full_name="Lê Văn Khác", id_number="001190077777", date_of_birth=None)
    with pytest.raises(RoleNotAllowed):
        ratings.rate(dossier=dossier, user=stranger, data=GOOD, now=MONDAY_9 + timedelta(days=4))


def test_every_criterion_needs_a_level(citizen, dossier):
    returned(dossier)
    incomplete = ratings.RatingInput(overall=3, access=3, procedure=0, attitude=3, timeliness=3, result=3)
    with pytest.raises(ValidationError) as refusal:
        ratings.rate(dossier=dossier, user=citizen, data=incomplete, now=MONDAY_9 + timedelta(days=4))
    assert "procedure" in refusal.value.error_dict


def test_the_desk_takes_a_rating_at_the_counter_and_the_summary_counts_it(citizen, dossier, commune):
    returned(dossier)
    rating = ratings.rate(
        dossier=dossier,
        user=None,
        data=GOOD,
        now=MONDAY_9 + timedelta(days=4),
        at_counter=True,
        officer=dossier.desk,
    )
    assert rating.channel == "counter"
    event = DossierEvent.objects.get(dossier=dossier, action=Action.RATE)
    assert event.actor_id == dossier.desk.user_id
    summary = ratings.satisfaction_summary(agency_ids=[commune.pk])
    assert (summary["total"], summary["satisfied"], summary["counter"], summary["share_satisfied"]) == (
        1,
        1,
        1,
        1.0,
    )
    assert (
        ratings.satisfaction_summary(agency_ids=[commune.pk], since=MONDAY_9 + timedelta(days=5))["total"]
        == 0
    )


def test_the_citizen_gets_a_notice_where_the_outbox_gets_its_messages(citizen, dossier):
    kept = notices.CitizenNotice.objects.filter(user=citizen)
    assert [n.dossier_id for n in kept] == [dossier.pk]
    assert dossier.code in kept[0].subject
    assert notices.mark_read(citizen, MONDAY_9) == 1
    assert notices.CitizenNotice.objects.filter(user=citizen, read_at__isnull=True).count() == 0


def test_no_notice_for_a_dossier_of_someone_without_an_account(version, commune, citizen):
    from motcua.org.tests.factories import StaffFactory

    desk = StaffFactory(agency=commune, roles=["desk_officer"])
    other = applicant(full_name="Phạm Văn Không", id_number="001190055555")
    services.receive_at_desk(
        officer=desk, intake=make_intake(version, commune, applicant=other), now=MONDAY_9
    )
    assert not notices.CitizenNotice.objects.exclude(user=citizen).exists()
