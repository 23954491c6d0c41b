"""The sample: who is drawn (returned in the period, at the agency, reachable, one chance per
person), that the preview and the sending draw the same people, and the invitations sent through
the outbox (SMS folded to plain ASCII, the link's token unguessable, once per campaign)."""

import re

import pytest

from motcua.dossiers.states import State
from motcua.integrations.models import OutboxMessage
from motcua.org.tests.factories import CommuneFactory, StaffFactory
from motcua.surveys import services
from motcua.surveys.errors import ErrorCode, SurveyDenied, SurveyError
from motcua.surveys.models import Campaign, Invitation, SurveyEvent
from motcua.surveys.selectors import draw_sample

from .conftest import at


def test_the_sample_takes_returned_dossiers_of_the_period_one_per_person(world):
    inside = [world.returned(world.ward_a, day=d) for d in (3, 10, 29)]
    world.returned(world.ward_a, day=10, person="001190099999")  # the same person twice: the latest counts
    latest = world.returned(world.ward_a, day=20, person="001190099999")
    world.returned(world.ward_a, day=10, state=State.RESOLVED)  # not handed over yet
    world.returned(world.ward_a, day=10, phone="", email="")  # nobody to invite
    b = world.returned(world.ward_b, day=15, phone="", email="lan@example.vn")
    outside = world.returned(world.ward_a, day=10)
    outside.returned_at = at(1, 9, month=12)  # December: after the period
    outside.save()
    other = CommuneFactory(parent=world.province)
    world.returned(other, day=10)  # not a surveyed agency

    rows = draw_sample(world.campaign())

    assert {r.dossier.pk for r in rows if r.agency_id == world.ward_a.pk} == {
        *(d.pk for d in inside),
        latest.pk,
    }
    assert [(r.dossier.pk, r.channels) for r in rows if r.agency_id == world.ward_b.pk] == [(b.pk, ["email"])]


def test_the_draw_is_random_bounded_per_agency_and_the_same_each_time(world):
    for day in range(1, 21):
        world.returned(world.ward_a, day=day)
    campaign = world.campaign(size=5)
    first = [r.dossier.pk for r in draw_sample(campaign)]
    assert len(first) == 5
    assert [r.dossier.pk for r in draw_sample(Campaign.objects.get(pk=campaign.pk))] == first
    others = {tuple(r.dossier.pk for r in draw_sample(world.campaign(size=5))) for _ in range(4)}
    assert others != {tuple(first)}  # other campaigns (other seeds) draw other people


def test_only_a_control_officer_of_the_tree_creates_a_campaign(world):
    desk = StaffFactory(agency=world.province, roles=["desk_officer"])
    with pytest.raises(SurveyDenied):
        services.create_campaign(
            staff=desk, name="x", agencies=[world.ward_a], returned_from=at(1).date(), returned_to=at(2).date(),
            sample_per_agency=1, opens_at=at(1), closes_at=at(2), now=at(1),
        )  # fmt: skip
    ward_office = StaffFactory(agency=world.ward_a, roles=["control_officer"])
    with pytest.raises(SurveyDenied) as refused:
        services.create_campaign(
            staff=ward_office, name="x", agencies=[world.ward_b], returned_from=at(1).date(),
            returned_to=at(2).date(), sample_per_agency=1, opens_at=at(1), closes_at=at(2), now=at(1),
        )  # fmt: skip
    assert refused.value.error_code == ErrorCode.AGENCY_OUT_OF_SCOPE


def test_a_campaign_starts_from_the_five_criteria_questionnaire(world):
    campaign = world.campaign()
    assert set(campaign.questions.values_list("criterion", flat=True)) == {
        "access", "procedure", "officers", "results", "feedback",
    }  # fmt: skip
    assert SurveyEvent.objects.filter(campaign=campaign, action="create").count() == 1


def test_invitations_go_through_the_outbox_once(world):
    world.returned(world.ward_a, day=5, phone="0912345678", email="an@example.vn")
    world.returned(world.ward_b, day=6, phone="0987654321")
    campaign = world.campaign()

    assert services.send_invitations(campaign=campaign, staff=world.control, now=at(1, 9, month=12)) == 2

    invitations = list(Invitation.objects.filter(campaign=campaign))
    assert len(invitations) == 2
    assert len({i.token for i in invitations}) == 2 and all(len(i.token) >= 43 for i in invitations)
    sms = OutboxMessage.objects.filter(channel="sms").order_by("recipient")
    assert [m.recipient for m in sms] == ["+84912345678", "+84987654321"]  # normalised by the outbox
    for message in sms:
        assert message.body.isascii()  # folded: no diacritics in an SMS
        assert "Moi danh gia su hai long" in message.body
        token = re.search(r"/khao-sat/([\w-]+)/", message.body).group(1)
        assert Invitation.objects.filter(token=token).exists()
        assert len(message.body) <= 160
    mail = OutboxMessage.objects.get(channel="email")
    assert mail.recipient == "an@example.vn" and "Bộ phận Một cửa" in mail.body

    with pytest.raises(SurveyError) as again:
        services.send_invitations(campaign=campaign, staff=world.control, now=at(1, 10, month=12))
    assert again.value.error_code == ErrorCode.ALREADY_SENT
    assert Invitation.objects.count() == 2 and OutboxMessage.objects.count() == 3
