"""A supplement brings the papers the request asked for: stored with the dossier, marked with the
request's number, listed in the SUPPLEMENT event, all in the one transaction."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from motcua.catalog.tests.factories import published_version
from motcua.dossiers import forms, services
from motcua.dossiers.models import Dossier, DossierEvent, DossierPaper, DossierPause
from motcua.dossiers.states import Action, State
from motcua.org.tests.factories import StaffFactory

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY_9 = datetime(2026, 11, 16, 9, 0, tzinfo=HANOI)
from motcua.core.tests.files import PDF  # noqa: E402


@pytest.fixture
def desk(commune):
    return StaffFactory(agency=commune, roles=["desk_officer"])


@pytest.fixture
def tokhai(version):
    return version.requirements.get(name="Tờ khai")


def _received(version, commune, desk, tokhai):
    intake = services.Intake(
        version=version,
        agency=commune,
        applicant=services.ApplicantData(kind="0", full_name="Trần Thị Lan", id_number="001190012345"),
        papers=[services.PaperData(name=tokhai.name, kind="original", requirement_id=tokhai.pk)],
    )
    return services.receive_at_desk(officer=desk, intake=intake, now=MONDAY_9)


@pytest.fixture
def asked(version, commune, desk, tokhai):
    """A dossier received at the desk, then asked (at 10:00) to complete its form."""
    dossier = _received(version, commune, desk, tokhai)
    return services.request_supplement(
        dossier=dossier,
        actor=services.Actor.officer(desk),
        reasons=[{"what": "Tờ khai", "reason": "thiếu chữ ký"}],
        now=MONDAY_9.replace(hour=10),
    )


def nothing_changed(dossier):
    """Still waiting: same state, the pause open, no SUPPLEMENT event, only the intake's paper."""
    fresh = Dossier.objects.get(pk=dossier.pk)
    return (
        fresh.state == State.SUPPLEMENT_REQUESTED
        and DossierPause.objects.get(dossier=dossier).ended_at is None
        and not DossierEvent.objects.filter(dossier=dossier, action=Action.SUPPLEMENT).exists()
        and list(DossierPaper.objects.filter(dossier=dossier).values_list("supplement_number", flat=True))
        == [None]
    )


def test_the_papers_are_stored_marked_and_listed_in_the_event(asked, desk, tokhai):
    scan = ContentFile(PDF, name="to-khai-ky.pdf")
    dossier = services.supplement(
        dossier=asked,
        actor=services.Actor.officer(desk),
        papers=[
            services.PaperData(name="", kind="original", requirement_id=tokhai.pk, file=scan),
            services.PaperData(name="  Bản sao giấy khai sinh  ", kind="copy", count=2),
        ],
        now=MONDAY_9.replace(hour=11),
    )
    assert dossier.state == State.RECEIVED
    assert DossierPause.objects.get(dossier=dossier).ended_at == MONDAY_9.replace(hour=11)
    brought = list(DossierPaper.objects.filter(dossier=dossier, supplement_number=1))
    assert [(p.requirement_id, p.name, p.kind, p.count, p.source) for p in brought] == [
        (tokhai.pk, "Tờ khai", "original", 1, "scanned"),  # named after its requirement; a scan
        (None, "Bản sao giấy khai sinh", "copy", 2, "paper"),
    ]
    assert brought[0].file.read() == PDF
    assert DossierPaper.objects.filter(dossier=dossier, supplement_number__isnull=True).count() == 1
    event = DossierEvent.objects.get(dossier=dossier, action=Action.SUPPLEMENT)
    assert event.data == {
        "number": 1,
        "papers": [
            {"id": brought[0].pk, "name": "Tờ khai", "kind": "original", "count": 1},
            {"id": brought[1].pk, "name": "Bản sao giấy khai sinh", "kind": "copy", "count": 2},
        ],
    }


def test_each_supplement_is_marked_with_its_requests_number(asked, desk):
    officer = services.Actor.officer(desk)
    dossier = services.supplement(
        dossier=asked,
        actor=officer,
        papers=[services.PaperData(name="Tờ khai (đã ký)", kind="original")],
        now=MONDAY_9.replace(hour=11),
    )
    dossier = services.request_supplement(
        dossier=dossier, actor=officer, reasons=["Ảnh 4x6"], now=MONDAY_9.replace(hour=14)
    )
    dossier = services.supplement(
        dossier=dossier,
        actor=officer,
        papers=[services.PaperData(name="Ảnh 4x6", kind="original", count=2)],
        now=MONDAY_9.replace(hour=15),
    )
    marks = list(DossierPaper.objects.filter(dossier=dossier).values_list("name", "supplement_number"))
    assert marks == [("Tờ khai", None), ("Tờ khai (đã ký)", 1), ("Ảnh 4x6", 2)]
    numbers = [e.data["number"] for e in dossier.events.filter(action=Action.SUPPLEMENT)]
    assert numbers == [1, 2]


def test_papers_brought_by_the_applicant_are_uploaded(asked, tokhai):
    dossier = services.supplement(
        dossier=asked,
        actor=services.Actor.applicant(),
        papers=[
            services.PaperData(
                name="", kind="electronic", requirement_id=tokhai.pk, file=ContentFile(PDF, name="a.pdf")
            )
        ],
        now=MONDAY_9.replace(hour=11),
    )
    assert dossier.papers.get(supplement_number=1).source == "uploaded"


def test_no_paper_when_the_request_named_papers_is_refused_and_nothing_is_written(asked, desk):
    with pytest.raises(ValidationError) as refused:
        services.supplement(dossier=asked, actor=services.Actor.officer(desk), now=MONDAY_9.replace(hour=11))
    assert refused.value.message_dict["papers"] == [
        "Yêu cầu bổ sung đã nêu: Tờ khai. Nhập ít nhất một giấy tờ người nộp mang đến bổ sung."
    ]
    assert nothing_changed(asked)


def test_a_request_recorded_without_items_needs_no_paper(version, commune, desk, tokhai):
    """A request written before requests kept their items (reasons only) does not ask for papers."""
    dossier = _received(version, commune, desk, tokhai)
    Dossier.objects.filter(pk=dossier.pk).update(
        state=State.SUPPLEMENT_REQUESTED, state_before_pause=State.RECEIVED, supplement_requests=1
    )
    DossierPause.objects.create(dossier=dossier, kind="supplement", started_at=MONDAY_9)
    DossierEvent.objects.create(
        dossier=dossier,
        at=MONDAY_9,
        actor_label="x",
        action=Action.REQUEST_SUPPLEMENT,
        from_state=State.RECEIVED,
        to_state=State.SUPPLEMENT_REQUESTED,
        data={"reasons": ["Tờ khai thiếu chữ ký"]},
    )
    dossier = services.supplement(dossier=dossier, actor=services.Actor.officer(desk), now=MONDAY_9)
    assert dossier.state == State.RECEIVED
    assert dossier.events.get(action=Action.SUPPLEMENT).data == {"number": 1, "papers": []}


def test_a_requirement_of_another_procedure_is_refused(asked, desk, commune):
    other = published_version(
        code="9.000001", implementing_agencies=[commune], requirements=[{"name": "Đơn", "kind": "original"}]
    )
    foreign = other.requirements.get()
    with pytest.raises(ValidationError) as refused:
        services.supplement(
            dossier=asked,
            actor=services.Actor.officer(desk),
            papers=[
                services.PaperData(name="Tờ khai", kind="original"),  # good, but not alone enough
                services.PaperData(name="Đơn", kind="original", requirement_id=foreign.pk),
            ],
            now=MONDAY_9.replace(hour=11),
        )
    assert refused.value.message_dict["papers"] == [
        f"Thành phần hồ sơ {foreign.pk} không thuộc thủ tục của hồ sơ này."
    ]
    assert nothing_changed(asked)


@pytest.mark.parametrize(
    ("paper", "message"),
    [
        (services.PaperData(name="", kind="original"), "Nhập tên giấy tờ bổ sung."),
        (
            services.PaperData(name="Tờ khai", kind="original", count=0),
            "Số lượng “Tờ khai” phải từ 1 trở lên.",
        ),
        (services.PaperData(name="Tờ khai", kind="either"), "Loại bản của “Tờ khai” không hợp lệ."),
    ],
)
def test_a_paper_without_name_count_or_kind_is_refused(asked, desk, paper, message):
    with pytest.raises(ValidationError) as refused:
        services.supplement(
            dossier=asked, actor=services.Actor.officer(desk), papers=[paper], now=MONDAY_9.replace(hour=11)
        )
    assert refused.value.message_dict["papers"] == [message]
    assert nothing_changed(asked)


def test_the_forms_tell_which_papers_came_when(asked, desk):
    dossier = services.supplement(
        dossier=asked,
        actor=services.Actor.officer(desk),
        papers=[services.PaperData(name="Tờ khai (đã ký)", kind="original")],
        now=MONDAY_9 + timedelta(hours=2),
    )
    # The receipt (Mẫu 01), even rendered late, lists what was handed over at intake only.
    receipt = forms.receipt_context(dossier, dossier.events.get(action=Action.RECEIVE))
    assert [p.name for p in receipt.papers] == ["Tờ khai"]
    # The control slip (Mẫu 06) names the papers of the supplement's hand-over.
    notes = [h.note for h in forms.hand_overs(dossier)]
    assert "Bổ sung hồ sơ: Tờ khai (đã ký)" in notes
