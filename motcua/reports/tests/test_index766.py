"""The national index (Decision 766): every formula pinned on hand-built dossiers, procedures,
payments and ratings; the N/A rule, threshold scoring, the commune rescaling, the group sums, the
methodology's effective date (issue 12)."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import (
    Applicant,
    DocumentKind,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierPaper,
    DossierPause,
    DossierRating,
    PaperSource,
    PauseKind,
    PaymentIntent,
    StoredDocument,
)
from motcua.dossiers.states import Channel, State
from motcua.org.tests.factories import AgencyFactory, CommuneFactory, ProvinceFactory
from motcua.reports.index766 import methodology, total_for
from motcua.reports.index766.compute import evaluate, how_to_gain, ranking, score_of
from motcua.reports.index766.models import IndexIndicator, IndexMethodology
from motcua.reports.periods import Period
from motcua.reports.tests import builders
from motcua.reports.tests.builders import at

NOVEMBER = Period.month(2026, 11)
D = Decimal


# --- The methodology as data ------------------------------------------------------------------


def test_the_data_file_sums_to_the_groups_and_100():
    (entry,) = methodology.read()
    methodology.check(entry)  # raises on any mismatch
    groups = {g["code"]: g["points"] for g in entry["groups"]}
    assert groups == {"CKMB": 18, "TDGQ": 20, "CLGQ": 12, "TTTT": 10, "MDHL": 18, "MDSH": 22}
    per_group = {code: sum(i["points"] for i in entry["indicators"] if i["group"] == code) for code in groups}
    assert per_group == groups
    assert [i["code"] for i in entry["indicators"] if "commune" not in i["levels"]] == [
        "1.1",
        "1.2",
        "1.3",
        "3.1",
        "3.5",
    ]


def test_a_methodology_that_does_not_add_up_is_refused():
    (entry,) = methodology.read()
    broken = json.loads(json.dumps(entry))
    broken["indicators"][0]["points"] = 5
    with pytest.raises(methodology.MethodologyError):
        methodology.check(broken)
    broken = json.loads(json.dumps(entry))
    broken["groups"][0]["points"] = 19
    with pytest.raises(methodology.MethodologyError):
        methodology.check(broken)


@pytest.mark.django_db
def test_the_migration_loaded_it_and_the_commune_level_rescales():
    loaded = methodology.in_force(dt.date(2026, 11, 30))
    assert loaded.code == "766-2022"
    province = methodology.plan(loaded, "province")
    assert sum(i.max_score for i in province.indicators) == 100
    assert {g.code: g.max_score for g in province.groups}["CKMB"] == 18
    commune = methodology.plan(loaded, "commune")
    assert commune.dropped == ("1.1", "1.2", "1.3", "3.1", "3.5")
    assert sum(i.max_score for i in commune.indicators) == 100
    # 80 points remain: each × 100/80
    assert {i.code: i.max_score for i in commune.indicators}["2.1"] == D("17.5")
    assert {g.code: g.max_score for g in commune.groups}["CKMB"] == D("7.5")


@pytest.mark.django_db
def test_the_methodology_switches_on_its_effective_date():
    (entry,) = methodology.read()
    later = json.loads(json.dumps(entry))
    later.update(code="766-2027", effective_from="2027-01-01")
    on_time = next(i for i in later["indicators"] if i["code"] == "2.1")
    resolution = next(i for i in later["indicators"] if i["code"] == "2.2")
    on_time["points"], resolution["points"] = 10, 10
    methodology.install(later, IndexMethodology, IndexIndicator)
    assert methodology.in_force(dt.date(2026, 12, 31)).code == "766-2022"
    assert methodology.in_force(dt.date(2027, 1, 1)).code == "766-2027"
    ward = CommuneFactory()
    december = evaluate(ward, Period.month(2026, 12)).metric("2.1")
    january = evaluate(ward, Period.month(2027, 1)).metric("2.1")
    assert (december.max_score, january.max_score) == (D("17.5"), D("12.5"))


def test_threshold_scoring_and_no_denominator():
    assert score_of(D("85.00"), D(4), D(80)) == D("4.00")  # at or above: full marks
    assert score_of(D("80.00"), D(4), D(80)) == D("4.00")
    assert score_of(D("40.00"), D(4), D(80)) == D("2.00")  # 40 × 4 ÷ 80
    assert score_of(D("66.67"), D(6), None) == D("4.00")  # no threshold: ratio × max ÷ 100
    assert score_of(None, D(4), D(80)) is None


# --- The formulas on hand-built data ----------------------------------------------------------


@pytest.fixture
def province(db):
    return ProvinceFactory()


@pytest.fixture
def ward(province):
    return CommuneFactory(parent=province, code="000.00.41.H26", name="Ủy ban nhân dân Phường Ba Đình")


@pytest.fixture
def versions(ward):
    birth = published_version(
        code="1.001193",
        name="Đăng ký khai sinh",
        implementing_agencies=[ward],
        channels=["desk", "online_full"],
        result_paper=True,
        effective_from=dt.date(2026, 1, 1),
    )
    copy = published_version(
        code="2.000815",
        name="Chứng thực bản sao từ bản chính",
        implementing_agencies=[ward],
        channels=["desk"],
        fees=[
            {"name": "Phí chứng thực", "amount_vnd": 2000, "text": "2.000 đồng/trang", "collected_at": "1"}
        ],
        effective_from=dt.date(2026, 1, 1),
    )
    return birth, copy


@pytest.fixture
def make(ward, versions):
    birth, _copy = versions
    plain = Applicant.objects.create(kind="0", full_name="Trần Thị Lan", id_number="001190012345")

    def make(
        state,
        received=None,
        due=None,
        finished=None,
        supplements=0,
        channel=Channel.DESK,
        version=None,
        applicant=None,
        agency=None,
    ):
        return builders.dossier(
            version or birth, agency or ward, state, received=received, due=due, finished=finished,
            supplements=supplements, channel=channel, applicant=applicant or plain,
        )  # fmt: skip

    return make


def paper(dossier, source=PaperSource.PAPER, **kw):
    return DossierPaper.objects.create(dossier=dossier, name="Tờ khai", kind="original", source=source, **kw)


def signed_result(dossier):
    return DossierDocument.objects.create(
        dossier=dossier, kind=DocumentKind.RESULT, file="kq.pdf", created_at=at(5), signed_at=at(5)
    )


def test_on_time_by_the_index_rule(ward, make):
    make(State.RETURNED, received=at(3), due=at(6), finished=at(5))  # early
    make(State.RESOLVED, received=at(3), due=at(6, 16), finished=at(6, 10))  # on time
    make(State.RETURNED, received=at(3), due=at(6), finished=at(9))  # late
    make(State.RESOLVED, received=at(3), due=at(20), finished=at(10), supplements=2)  # two requests: late
    make(State.STOPPED, received=at(4), due=at(9), finished=at(6))  # stopped: its end counts, on time
    make(State.WITHDRAWN, received=at(4), due=at(9), finished=at(12))  # withdrawn once received: late
    make(State.WITHDRAWN, finished=at(2), channel=Channel.ONLINE)  # withdrawn before receipt: not counted
    make(State.REFUSED, finished=at(7), channel=Channel.ONLINE)  # refused at intake: on time (no due time)
    make(State.PROCESSING, received=at(20), due=at(4, month=12))  # open, within at the period's end
    make(State.PROCESSING, received=at(20, month=10), due=at(10))  # open, overdue at the end
    waiting = make(State.SUPPLEMENT_REQUESTED, received=at(2), due=at(25))
    DossierPause.objects.create(
        dossier=waiting, kind=PauseKind.SUPPLEMENT, started_at=at(8)
    )  # ends 8/11: on time
    old_wait = make(State.SUPPLEMENT_REQUESTED, received=at(2, month=10), due=at(25, month=10))
    DossierPause.objects.create(
        dossier=old_wait, kind=PauseKind.SUPPLEMENT, started_at=at(8, month=10)
    )  # ended before
    make(
        State.RETURNED, received=at(28), due=at(4, month=12), finished=at(1, month=12)
    )  # open at the end: on time
    make(State.RETURNED, received=at(1, month=10), due=at(3, month=10), finished=at(2, month=10))  # before
    make(State.SUBMITTED)  # never received

    metric = evaluate(ward, NOVEMBER).metric("2.1")

    assert (metric.numerator, metric.denominator) == (7, 11)
    assert metric.ratio == D("63.64")
    assert metric.max_score == D("17.5")  # commune: 14 × 100/80
    assert metric.score == D("11.14")  # 63.64 × 17.5 ÷ 100


def test_no_denominator_is_na_not_zero(ward, versions):
    evaluation = evaluate(ward, NOVEMBER)
    for code in ("2.1", "2.2", "3.3", "3.6", "4.1", "4.2", "4.3", "4.4", "4.5", "5.4"):
        metric = evaluation.metric(code)
        assert (metric.denominator, metric.ratio, metric.score) == (0, None, None), code
    assert evaluation.metric("3.2").denominator == 1  # the online birth registration, unused
    assert evaluation.metric("3.2").score == D("0.00")


def test_feedback_indicators_without_feedback_are_na(ward, versions):
    evaluation = evaluate(ward, NOVEMBER)
    for code in ("5.1", "5.2", "5.3"):
        metric = evaluate(ward, NOVEMBER).metric(code)
        assert (metric.denominator, metric.ratio, metric.score) == (0, None, None), code
        assert metric.kind == "feedback"
    assert evaluation.metric("5.1").note  # "no denominator: N/A"


def test_resolution_time_is_the_mean_share_of_the_time_allowed(ward, make):
    make(State.RETURNED, received=at(2), due=at(6), finished=at(4))  # within: 1
    make(State.RETURNED, received=at(2), due=at(6), finished=at(10))  # 4 days allowed, 8 taken: 0.5
    metric = evaluate(ward, NOVEMBER).metric("2.2")
    assert (metric.numerator, metric.denominator, metric.ratio) == (D("1.50"), 2, D("75.00"))
    assert metric.numerator_ids == {Dossier.objects.get(finished_at=at(4)).pk}


def test_online_dossiers_need_an_e_result_when_the_result_is_on_paper(ward, make, versions):
    _birth, copy = versions
    with_result = make(State.RETURNED, received=at(3), due=at(9), finished=at(5), channel=Channel.ONLINE)
    signed_result(with_result)
    make(
        State.RESOLVED, received=at(3), due=at(9), finished=at(5), channel=Channel.ONLINE
    )  # paper result, none e-
    make(
        State.RECEIVED, received=at(4), due=at(9), channel=Channel.ONLINE, version=copy
    )  # no paper result needed
    make(State.RECEIVED, received=at(4), due=at(9))  # at the desk
    evaluation = evaluate(ward, NOVEMBER)
    online = evaluation.metric("3.3")
    assert (online.numerator, online.denominator, online.ratio) == (2, 4, D("50.00"))
    assert online.score == online.max_score.quantize(D("0.01"))  # threshold 50%: full marks
    used = evaluation.metric("3.2")
    assert (used.numerator, used.denominator) == (1, 1)
    e_results = evaluation.metric("4.1")
    assert (e_results.numerator, e_results.denominator) == (1, 2)


def test_paid_online_over_the_fee_bearing_procedures(ward, make, versions):
    _birth, copy = versions
    paid = make(State.RECEIVED, received=at(3), due=at(9), version=copy)
    request = DossierEvent.objects.create(
        dossier=paid, at=at(3), actor_label="x", action="await_fees", to_state=6
    )
    PaymentIntent.objects.create(
        dossier=paid,
        fee_request=request,
        amount_vnd=2000,
        state=PaymentIntent.State.PAID,
        gateway="vnpay",
        created_at=at(3),
    )
    unpaid = make(State.RECEIVED, received=at(3), due=at(9), version=copy)
    request = DossierEvent.objects.create(
        dossier=unpaid, at=at(3), actor_label="x", action="await_fees", to_state=6
    )
    PaymentIntent.objects.create(
        dossier=unpaid, fee_request=request, amount_vnd=2000, gateway="vnpay", created_at=at(3)
    )
    make(State.RECEIVED, received=at(3), due=at(9))  # free procedure (Gia 0): not in the denominator
    metric = evaluate(ward, NOVEMBER).metric("3.6")
    assert (metric.numerator, metric.denominator, metric.ratio) == (1, 2, D("50.00"))
    assert metric.costing_ids == {unpaid.pk}


def test_digitisation_reuse_store_and_vneid(ward, make):
    account = get_user_model().objects.create(username="lan")
    verified = Applicant.objects.create(
        kind="0", full_name="Lê Văn Minh", id_number="001190099999", user=account
    )
    company = Applicant.objects.create(
        kind="1", full_name="", organisation="Công ty A", tax_code="0101234567"
    )
    full = make(State.RETURNED, received=at(3), due=at(9), finished=at(5), applicant=verified)
    paper(full, PaperSource.UPLOADED)
    paper(full, PaperSource.REGISTRY)
    result = signed_result(full)
    StoredDocument.objects.create(
        applicant=verified,
        name="Giấy khai sinh",
        kind_key="giay khai sinh",
        source=PaperSource.EARLIER_RESULT,
        file=result.file.name,
        sha256="",
        created_at=at(5),
        dossier=full,
    )
    half = make(State.RETURNED, received=at(3), due=at(9), finished=at(5))
    paper(half, PaperSource.SCANNED)
    paper(half, PaperSource.PAPER)  # one paper left on paper
    signed_result(half)
    make(State.RECEIVED, received=at(4), due=at(9), applicant=company)  # no paper digitised; not a citizen

    evaluation = evaluate(ward, NOVEMBER)
    assert (evaluation.metric("4.2").numerator, evaluation.metric("4.2").denominator) == (1, 2)
    assert evaluation.metric("4.2").score == D("4.69")  # 50 × 7.5 ÷ 80
    assert (evaluation.metric("4.3").numerator, evaluation.metric("4.3").denominator) == (2, 3)
    assert (evaluation.metric("4.4").numerator, evaluation.metric("4.4").denominator) == (1, 3)
    assert (evaluation.metric("4.5").numerator, evaluation.metric("4.5").denominator) == (1, 2)


def test_satisfaction_takes_off_late_and_disliked_once(ward, make):
    make(State.RETURNED, received=at(3), due=at(9), finished=at(5))  # fine
    late = make(State.RETURNED, received=at(3), due=at(6), finished=at(9))
    disliked = make(State.RETURNED, received=at(3), due=at(9), finished=at(5))
    for dossier in (late, disliked):
        DossierRating.objects.create(
            dossier=dossier,
            agency=ward,
            overall=1,
            access=1,
            procedure=1,
            attitude=1,
            timeliness=1,
            result=1,
            channel="online",
            rated_at=at(10),
        )
    make(State.RETURNED, received=at(3), due=at(9), finished=at(6))  # fine
    metric = evaluate(ward, NOVEMBER).metric("5.4")
    assert (metric.numerator, metric.denominator, metric.ratio) == (2, 4, D("50.00"))
    assert metric.score == (D("50.00") * metric.max_score / 90).quantize(D("0.01"))


def test_satisfaction_takes_off_dossiers_with_a_complaint(ward, make):
    from motcua.feedback.models import Feedback

    fine = make(State.RETURNED, received=at(3), due=at(9), finished=at(5))
    complained = make(State.RETURNED, received=at(3), due=at(9), finished=at(5))
    refused_complaint = make(State.RETURNED, received=at(3), due=at(9), finished=at(5))
    for dossier, state in ((complained, "published"), (refused_complaint, "refused")):
        Feedback.objects.create(
            code=f"PAKN-T-{dossier.pk}", kind="phan_anh", subject="dossier", channel="portal", state=state,
            title="t", content="c", sender_name="Người gửi", addressed_agency=ward, dossier=dossier,
            received_at=at(6), decision_due_at=at(8), supplement_due_at=at(13), handle_due_at=at(27),
        )  # fmt: skip
    metric = evaluate(ward, NOVEMBER).metric("5.4")
    # A refused complaint (out of scope) does not count against the dossier.
    assert metric.numerator_ids == {fine.pk, refused_complaint.pk} and metric.denominator == 3


def test_procedure_indicators_at_the_province_level(province, ward, versions):
    _birth, _copy = versions
    department = AgencyFactory(parent=province)
    published_version(
        code="1.000001",
        name="Thủ tục không đầy đủ",
        implementing_agencies=[department],
        steps="",
        channels=["desk"],
        fees=[{"name": "Lệ phí", "amount_vnd": None, "text": "Theo quy định của tỉnh", "collected_at": "1"}],
        effective_from=dt.date(2026, 11, 10),
    )
    evaluation = evaluate(province, NOVEMBER)
    assert evaluation.plan.level == "province" and evaluation.plan.dropped == ()
    complete = evaluation.metric("1.3")
    assert (complete.numerator, complete.denominator) == (2, 3)
    online = evaluation.metric("3.1")
    assert (online.numerator, online.denominator, online.ratio) == (1, 3, D("33.33"))
    assert online.score == D("1.67")  # 33.33 × 4 ÷ 80
    payable = evaluation.metric("3.5")
    assert (payable.numerator, payable.denominator) == (1, 2)
    publicised = evaluation.metric("1.2")  # effective 10/11, published in the catalogue today: late
    assert (publicised.numerator, publicised.denominator) == (0, 1)
    assert evaluation.metric("1.1").numerator is None and evaluation.metric("1.1").denominator == 1


def test_total_ranking_and_how_to_gain(province, ward, make):
    other = CommuneFactory(parent=province, code="000.00.42.H26")
    make(State.RETURNED, received=at(3), due=at(9), finished=at(5))
    make(State.RETURNED, received=at(3), due=at(6), finished=at(9), agency=other)
    mine, theirs = evaluate(ward, NOVEMBER), evaluate(other, NOVEMBER)
    assert mine.total is not None and theirs.total is not None and mine.total > theirs.total
    expected = (
        D(100) * sum(m.score for m in mine.metrics if m.score is not None) / mine.scored_max
    ).quantize(D("0.01"))
    assert mine.total == expected
    assert total_for([ward.pk], NOVEMBER) == mine.total
    ranked = ranking(province, NOVEMBER)
    assert [(r.rank, r.unit.pk) for r in ranked] == [(1, ward.pk), (2, other.pk)]
    gains = how_to_gain(theirs)
    assert gains[0].missing >= gains[-1].missing
    late = next(m for m in gains if m.code == "2.1")
    assert late.costing_ids == set(Dossier.objects.filter(agency=other).values_list("pk", flat=True))


def test_the_queries_do_not_grow_with_the_dossiers(ward, make):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            evaluate(ward, NOVEMBER)
        return len(captured.captured_queries)

    make(State.RETURNED, received=at(3), due=at(9), finished=at(5))
    few = queries()
    for day in range(3, 13):
        dossier = make(State.RETURNED, received=at(day), due=at(day + 5), finished=at(day + 2))
        paper(dossier, PaperSource.UPLOADED)
    assert queries() == few


@pytest.mark.django_db
def test_the_load_command_reinstalls_the_file_idempotently():
    from io import StringIO

    from django.core.management import call_command

    IndexIndicator.objects.filter(code="2.1").update(points=1)
    call_command("load_index766", stdout=StringIO())
    call_command("load_index766", stdout=StringIO())
    assert IndexMethodology.objects.count() == 1
    assert IndexIndicator.objects.count() == 20
    assert IndexIndicator.objects.get(code="2.1").points == 14
