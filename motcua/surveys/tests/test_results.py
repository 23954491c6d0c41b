"""The figures: the intervals against values worked by hand (and the textbook's), the satisfaction
index the SIPAS way on hand-built responses, the portal's ratings as their own source."""

import pytest

from motcua.dossiers.models import DossierRating
from motcua.surveys import services
from motcua.surveys.criteria import Criterion
from motcua.surveys.models import Invitation
from motcua.surveys.results import ALL_AGENCIES, RATINGS, SURVEY, campaign_results, sipas_components
from motcua.surveys.stats import mean_interval, t_975, wilson_interval

from .conftest import at

OPEN = at(2, 10, month=12)


def test_t_quantiles_from_the_table_and_between_its_rows():
    assert t_975(3) == 3.182
    assert t_975(35) == pytest.approx(2.0301, abs=0.001)  # exact 2.03011
    assert t_975(200) == pytest.approx(1.9719, abs=0.001)  # exact 1.97190
    assert t_975(10_000) == pytest.approx(1.9602, abs=0.001)
    with pytest.raises(ValueError):
        t_975(0)


def test_the_mean_interval_worked_by_hand():
    # mean 4, s = 1, se = 1/√3, t(2) = 4.303: 4 ± 2.4843
    interval = mean_interval([5, 4, 3])
    assert interval.estimate == 4
    assert (interval.low, interval.high) == (pytest.approx(1.5157, abs=1e-4), pytest.approx(6.4843, abs=1e-4))
    assert mean_interval([4]).low is None and mean_interval([]).estimate is None


def test_the_wilson_interval_against_the_textbook():
    interval = wilson_interval(8, 10)  # Newcombe (1998), table I: 0.4902–0.9433
    assert (round(interval.low, 4), round(interval.high, 4)) == (0.4902, 0.9433)
    assert wilson_interval(0, 20).low == 0 and wilson_interval(20, 20).high == 1
    assert wilson_interval(0, 0).estimate is None


def test_the_index_is_the_mean_of_the_criteria_shares():
    components, index = sipas_components({"access": [5, 4, 2, 1], "procedure": [4, 4, 4], "officers": []})
    assert components["access"] == 50.0 and components["procedure"] == 100.0
    assert components["officers"] is None  # no answer: left out, not a zero
    assert index == 75.0
    assert sipas_components({}) == ({c: None for c in Criterion.values}, None)


def answered(campaign, invitation, scores_by_criterion, default):
    answers = {
        str(q.pk): "" if q.kind == "text" else str(scores_by_criterion.get(q.criterion, default))
        for q in campaign.questions.all()
    }
    services.submit_response(invitation=invitation, answers=answers, channel="portal", now=OPEN)


def test_results_per_agency_and_criterion_on_hand_built_answers(world):
    dossiers = [world.returned(world.ward_a, day=d) for d in (3, 4, 5)] + [
        world.returned(world.ward_b, day=6)
    ]
    campaign = world.campaign()
    services.send_invitations(campaign=campaign, staff=world.control, now=at(1, 9, month=12))
    by_dossier = {i.dossier_id: i for i in Invitation.objects.select_related("campaign")}
    answered(campaign, by_dossier[dossiers[0].pk], {}, 5)
    answered(campaign, by_dossier[dossiers[1].pk], {}, 4)
    answered(campaign, by_dossier[dossiers[2].pk], {"access": 5}, 3)
    # The portal's ratings of the same agency's returned dossiers; one returned in December: outside.
    DossierRating.objects.create(
        dossier=dossiers[0], agency=world.ward_a, overall=3, access=3, procedure=3, attitude=3, timeliness=3,
        result=3, channel="online", rated_at=at(20),
    )  # fmt: skip
    DossierRating.objects.create(
        dossier=dossiers[1], agency=world.ward_a, overall=2, access=1, procedure=2, attitude=2, timeliness=2,
        result=2, channel="counter", rated_at=at(20),
    )  # fmt: skip
    late = world.returned(world.ward_a, day=7)
    late.returned_at = at(2, month=12)
    late.save()
    DossierRating.objects.create(
        dossier=late, agency=world.ward_a, overall=1, access=1, procedure=1, attitude=1, timeliness=1,
        result=1, channel="online", rated_at=at(3, month=12),
    )  # fmt: skip

    figures = campaign_results(campaign)
    a = next(x for x in figures.agencies if x.agency_id == world.ward_a.pk)
    assert (a.invited, a.responded) == (3, 3)
    # access: 5,5 · 4,4 · 5,5 → 6/6; others 5,5 · 4,4 · 3,3 → 4/6 = 66.67 %
    assert a.components == {
        "access": 100.0,
        "procedure": 66.67,
        "officers": 66.67,
        "results": 66.67,
        "feedback": 66.67,
    }
    assert a.index == 73.34  # (100 + 4 × 66.67) / 5, the components rounded first

    rows = {(r.criterion, r.source): r for r in figures.rows_for(world.ward_a.pk, SURVEY)}
    procedure = rows[("procedure", SURVEY)]
    assert (procedure.n, procedure.satisfied, procedure.mean.estimate) == (3, 2, 4)
    assert procedure.mean.low == pytest.approx(1.5157, abs=1e-4)
    assert procedure.share.low == pytest.approx(wilson_interval(2, 3).low)

    ratings = {r.criterion: r for r in figures.rows_for(world.ward_a.pk, RATINGS)}
    assert set(ratings) == {"access", "procedure", "officers", "results"}  # none on feedback handling
    assert (ratings["access"].n, ratings["access"].satisfied, ratings["access"].mean.estimate) == (2, 1, 2.0)
    assert ratings["results"].mean.estimate == 2.5 and ratings["results"].scale_max == 3

    b = next(x for x in figures.agencies if x.agency_id == world.ward_b.pk)
    assert (b.invited, b.responded, b.index) == (1, 0, None)
    everyone = next(x for x in figures.agencies if x.agency_id == ALL_AGENCIES)
    assert (everyone.invited, everyone.responded, everyone.index) == (4, 3, 73.34)
