"""A dossier's whole life through the services, with its forms, signatures, notifications,
scoping and national sync record."""

import re
import subprocess
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from motcua.documents.formatting import format_vn_datetime
from motcua.documents.signing import get_signer, verify_pdf_signatures
from motcua.dossiers import effects, forms, notify, results, selectors, services, sync, transitions
from motcua.dossiers.models import DocumentKind, DossierDocument, ResultChannel
from motcua.dossiers.states import Action, State
from motcua.integrations.models import OutboxMessage
from motcua.org.tests.factories import AgencyFactory, StaffFactory, SubUnitFactory

from .conftest import MONDAY_9, make_intake

Actor = services.Actor.officer


def pdf_text(doc_or_bytes) -> str:
    if isinstance(doc_or_bytes, DossierDocument):
        with doc_or_bytes.file.open("rb") as handle:
            pdf = handle.read()
    else:
        pdf = doc_or_bytes
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return re.sub(r"\s+", " ", out.decode("utf-8"))


@pytest.fixture(autouse=True)
def _no_sending(monkeypatch):
    # The outbox row is what we check; sending is the integrations app's business.
    monkeypatch.setattr("motcua.integrations.services._schedule", lambda message_id: None)
    monkeypatch.setattr("motcua.integrations.services.send_message", lambda message_id, now=None: None)


@pytest.fixture
def tax(db):
    return AgencyFactory(code="000.00.43.H26", name="Thuế cơ sở 1 Hà Nội")


def test_full_life_desk_steps_transfer_resolve_sign_deliver(
    process_version, ward, desk, specialist, head, police_officer, tax, django_capture_on_commit_callbacks
):
    tax_officer = StaffFactory(agency=tax, roles=["specialist"], full_name="Vũ Thị Mai")
    outsider = StaffFactory(agency=AgencyFactory(code="000.00.45.H26"), roles=["agency_leader"])
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.receive_at_desk(
            officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9
        )
    # Mẫu 01, with the code, the promised time and the motto
    receipt = dossier.documents.get(kind=DocumentKind.RECEIPT)
    text = pdf_text(receipt)
    assert dossier.code in text
    assert format_vn_datetime(dossier.due_at) in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert receipt.event.action == Action.RECEIVE
    # notified once per channel, never twice
    event = dossier.events.get(action=Action.RECEIVE)
    keys = set(OutboxMessage.objects.values_list("idempotency_key", flat=True))
    assert keys == {f"{dossier.code}:{event.pk}:email", f"{dossier.code}:{event.pk}:sms"}
    notify.on_event(dossier, event)
    assert OutboxMessage.objects.count() == 2

    t = MONDAY_9
    dossier = services.start_processing(dossier=dossier, actor=Actor(desk), now=t + timedelta(minutes=10))
    first = dossier.steps.get(order=1)
    dossier = services.complete_step(
        dossier=dossier, actor=Actor(specialist), step=first, note="Hợp lệ", now=t + timedelta(hours=3)
    )
    # the ward's specialist also sends it to the tax office, in parallel with the stage
    ward_check = dossier.steps.get(work="Kiểm tra hiện trạng")
    dossier = services.transfer(
        dossier=dossier,
        actor=Actor(specialist),
        agency=tax,
        work="Xác định nghĩa vụ tài chính",
        budget=2,
        parallel=True,
        from_step=ward_check,
        now=t + timedelta(hours=4),
    )
    assert selectors.visible_dossiers(tax_officer.user).filter(pk=dossier.pk).exists()
    assert not selectors.visible_dossiers(outsider.user).exists()
    tax_step = dossier.steps.get(agency=tax)
    assert [i.step for i in selectors.my_work(tax_officer, t + timedelta(hours=5))] == [tax_step]
    later = t + timedelta(days=1)
    dossier = services.complete_step(dossier=dossier, actor=Actor(tax_officer), step=tax_step, now=later)
    dossier = services.complete_step(
        dossier=dossier,
        actor=Actor(police_officer),
        step=dossier.steps.get(work="Xác minh nhân thân"),
        now=later,
    )
    dossier = services.complete_step(dossier=dossier, actor=Actor(specialist), step=ward_check, now=later)
    approval = dossier.steps.get(work="Phê duyệt")
    # a result drafted by the specialist, signed by the approver when resolving
    doc = services.attach_result(dossier=dossier, actor=Actor(specialist), generate=True, now=later)
    assert not doc.signed_at
    dossier = services.complete_step(
        dossier=dossier, actor=Actor(head), step=approval, now=later + timedelta(hours=1)
    )
    assert [i.dossier for i in selectors.my_work(head, later)] == [dossier]
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.resolve(dossier=dossier, actor=Actor(head), now=later + timedelta(hours=2))
    assert dossier.state == State.RESOLVED
    doc.refresh_from_db()
    assert (doc.signed_by, doc.signed_at) == ("Lê Minh Đức", later + timedelta(hours=2))
    with doc.file.open("rb") as handle:
        signed = handle.read()
    checks = verify_pdf_signatures(signed, trust_roots=[get_signer().trust_root()])
    assert [(c.signer_name, c.ok) for c in checks] == [("Lê Minh Đức", True)]
    import hashlib

    assert hashlib.sha256(signed).hexdigest() == doc.sha256
    resolved_event = dossier.events.get(action=Action.RESOLVE)
    assert (
        OutboxMessage.objects.filter(
            idempotency_key__startswith=f"{dossier.code}:{resolved_event.pk}:"
        ).count()
        == 2
    )

    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.deliver(
            dossier=dossier,
            actor=Actor(desk),
            received_by="",
            channel=ResultChannel.ELECTRONIC,
            now=later + timedelta(hours=3),
        )
    assert (dossier.state, dossier.return_channel, dossier.returned_to) == (
        State.RETURNED,
        ResultChannel.ELECTRONIC,
        "Nguyễn Thị Hằng",
    )
    link = dossier.events.get(action=Action.DELIVER).data["download_url"]
    assert link.startswith("/ket-qua/")
    assert results.document_for_token(link.split("/")[2]) == doc
    # the link itself serves the signed PDF to anyone holding it; a tampered token gets nothing
    response = Client().get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert Client().get(link[:-4] + "xyz/").status_code == 404
    sms = OutboxMessage.objects.filter(channel="sms").order_by("id").last()
    assert link in sms.body

    # the control slip lists every hand-over, with the outcome of each
    slip = dossier.documents.filter(kind=DocumentKind.CONTROL_SLIP).order_by("-id").first()
    text = pdf_text(slip)
    for name in (
        "Trần Văn Bình",
        "Phạm Thu Hà",
        "Vũ Thị Mai",
        "Đỗ Quang Huy",
        "Lê Minh Đức",
        "Thuế cơ sở 1 Hà Nội",
    ):
        assert name in text
    overs = forms.hand_overs(dossier)
    actions = [e.action for e in dossier.events.order_by("at", "id") if e.action != Action.ATTACH_RESULT]
    assert len(overs) == len(actions) == 10  # every event but attaching the result is a hand-over
    assert sum(1 for h in overs if h.outcome is not None) == 6  # five steps completed, and the resolution

    record = sync.sync_record(dossier)
    assert record["MaHoSo"] == dossier.code
    assert record["TrangThaiHoSo"] == 10
    assert record["KenhThucHien"] == 1
    assert record["NgayTiepNhan"] == "20261116090000"
    assert re.fullmatch(r"\d{14}", record["NgayKetThucXuLy"])
    assert record["DonViTinh"] == "Ngày làm việc" and record["ThoiGianGiaiQuyet"] == 10
    assert record["DanhSachLePhi"][0]["Gia"] == 75000
    assert record["DuongDanTepTinKetQua"].startswith("/ket-qua/")
    assert record["TaiLieuNop"][0]["DuocSoHoa"] == 0 and record["TaiLieuNop"][0]["DuocLayTuKhoDMQG"] == 0
    assert record["HoSoCoThanhPhanSoHoa"] == 0 and record["TaiKhoanDuocXacThucVoiVNeID"] == 0
    assert record["MaCSDL"]


def test_a_document_result_is_required_and_must_be_a_pdf(ward, desk, head):
    from motcua.catalog.tests.factories import published_version

    version = published_version(
        code="2.000908", time_amount=1, implementing_agencies=[ward], result_electronic=True
    )
    dossier = services.receive_at_desk(officer=desk, intake=make_intake(version, ward), now=MONDAY_9)
    dossier = services.start_processing(dossier=dossier, actor=Actor(desk), now=MONDAY_9)
    dossier = services.complete_step(
        dossier=dossier, actor=Actor(head), step=dossier.steps.get(), now=MONDAY_9
    )
    with pytest.raises(ValidationError):
        services.resolve(dossier=dossier, actor=Actor(head), now=MONDAY_9)
    with pytest.raises(ValidationError):
        services.attach_result(
            dossier=dossier, actor=Actor(head), file=("ket-qua.pdf", b"MZ\x90 not a pdf"), now=MONDAY_9
        )
    pdf = forms.result_pdf(dossier)
    doc = services.attach_result(dossier=dossier, actor=Actor(head), file=("giay.pdf", pdf), now=MONDAY_9)
    assert doc.signed_by == "Lê Minh Đức"  # an approver's upload is signed at once
    dossier = services.resolve(dossier=dossier, actor=Actor(head), now=MONDAY_9)
    assert dossier.state == State.RESOLVED


def test_forms_of_the_exits_and_pauses(process_version, ward, desk, head, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        d = services.receive_at_desk(officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9)
        d = services.request_supplement(
            dossier=d,
            actor=Actor(desk),
            reasons=[("Bản vẽ mặt bằng", "Thiếu chữ ký của chủ đầu tư"), "Giấy chứng nhận quyền sử dụng đất"],
            now=MONDAY_9 + timedelta(hours=1),
        )
        d = services.supplement(
            dossier=d,
            actor=Actor(desk),
            papers=[
                services.PaperData(name="Bản vẽ mặt bằng", kind="original"),
                services.PaperData(name="Giấy chứng nhận quyền sử dụng đất", kind="copy"),
            ],
            now=MONDAY_9 + timedelta(hours=2),
        )
        new_due = d.due_at + timedelta(days=3)
        d = services.extend(
            dossier=d,
            actor=Actor(head),
            reason="Chờ ý kiến cơ quan phối hợp",
            new_due=new_due,
            now=MONDAY_9 + timedelta(hours=3),
        )
        d = services.stop(
            dossier=d,
            actor=Actor(head),
            reason="Người nộp không đủ điều kiện",
            now=MONDAY_9 + timedelta(hours=4),
        )
    texts = {doc.kind: pdf_text(doc) for doc in d.documents.all()}
    assert set(texts) == {"mau_01", "mau_02", "mau_04", "mau_05"}
    assert (
        "Thiếu chữ ký của chủ đầu tư" in texts["mau_02"]
        and "Giấy chứng nhận quyền sử dụng đất" in texts["mau_02"]
    )
    assert "Chờ ý kiến cơ quan phối hợp" in texts["mau_04"] and format_vn_datetime(new_due) in texts["mau_04"]
    assert "Người nộp không đủ điều kiện" in texts["mau_05"]
    kinds = [m.idempotency_key.split(":")[1] for m in OutboxMessage.objects.filter(channel="email")]
    assert len(kinds) == 4  # receipt, supplement request, extension, stop


def test_online_refusal_form_and_quiet_bulk_mode(
    process_version, ward, desk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        d = services.submit_online(intake=make_intake(process_version, ward), now=MONDAY_9)
        d = services.refuse(dossier=d, actor=Actor(desk), reason="Không thuộc thẩm quyền", now=MONDAY_9)
    assert "Không thuộc thẩm quyền" in pdf_text(d.documents.get(kind="mau_03"))
    OutboxMessage.objects.all().delete()
    with effects.suspended(), django_capture_on_commit_callbacks(execute=True):
        d2 = services.receive_at_desk(officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9)
    assert not d2.documents.exists() and not OutboxMessage.objects.exists()
    assert list(forms.missing_forms()) == [d2.events.get()]
    assert forms.ensure_form(d2, "mau_01").event == d2.events.get()
    assert not forms.missing_forms().exists()


def test_a_failed_render_keeps_the_state_change(
    process_version, ward, desk, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise OSError("fonts missing")

    monkeypatch.setattr(forms, "render_form", broken)
    with django_capture_on_commit_callbacks(execute=True):
        d = services.receive_at_desk(officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9)
    assert d.state == State.RECEIVED and not d.documents.exists()
    assert forms.missing_forms().count() == 1


def test_tracking_book(processing, ward):
    text = pdf_text(forms.tracking_book_pdf(ward, date(2026, 11, 1), date(2026, 11, 30)))
    prefix, day, number = processing.code.split("-")  # the narrow column wraps the code
    assert prefix in text and f"{day}-{number}" in text.replace(" ", "")
    assert "Nguyễn Thị Hằng" in text


def test_scoping(processing, ward, specialist, police_officer, desk):
    # the police hold a pending step: they see it too
    assert selectors.visible_dossiers(police_officer.user).filter(pk=processing.pk).exists()
    assert selectors.visible_dossiers(specialist.user).get() == processing
    stranger = StaffFactory(agency=AgencyFactory(code="000.00.46.H26"), roles=["specialist"])
    assert not selectors.visible_dossiers(stranger.user).exists()
    # a control officer of a parent agency sees the sub-unit's dossiers
    unit = SubUnitFactory(parent=ward)
    control = StaffFactory(agency=ward, roles=["control_officer"])
    assert unit.pk in selectors.subtree_ids(ward.pk)
    assert selectors.visible_dossiers(control.user).filter(pk=processing.pk).exists()
    # citizens: only once their account is linked to the applicant
    from motcua.org.tests.factories import UserFactory

    citizen = UserFactory()
    assert not selectors.visible_dossiers(citizen).exists()
    assert selectors.link_applicant_account(user=citizen, id_number="001185012345") == 1
    assert selectors.visible_dossiers(citizen).get() == processing
    other = UserFactory()
    assert not selectors.visible_dossiers(other).exists()


def test_scoping_matches_the_plain_rule(processing, ward, police, specialist, police_officer, desk):
    """`visible_dossiers` (written for indexes) = `agency IN own OR EXISTS(step at a holder)`,
    including an officer whose unit received a dossier itself and holds a step of it."""
    from django.db.models import Exists, OuterRef, Q

    from motcua.dossiers.models import Dossier, DossierStep

    unit = SubUnitFactory(parent=ward)
    unit_officer = StaffFactory(agency=ward, unit=unit, roles=["specialist"])
    # a dossier received by the unit with a step at the unit (not inter-agency), and one without
    own_step = DossierStep.objects.filter(dossier=processing).first()
    mine = Dossier.objects.create(
        **{
            f.attname: getattr(processing, f.attname)
            for f in Dossier._meta.concrete_fields
            if f.attname not in ("id", "code", "idempotency_key", "agency_id")
        },
        code="UNIT-1",
        agency=unit,
    )
    DossierStep.objects.create(
        dossier=mine, order=1, work="x", agency=unit, budget_amount=1, budget_unit=own_step.budget_unit
    )
    Dossier.objects.create(
        **{
            f.attname: getattr(processing, f.attname)
            for f in Dossier._meta.concrete_fields
            if f.attname not in ("id", "code", "idempotency_key", "agency_id")
        },
        code="UNIT-2",
        agency=unit,
    )
    for staff in (
        specialist,
        police_officer,
        desk,
        unit_officer,
        StaffFactory(agency=ward, roles=["control_officer"]),
    ):
        roles = {r.role for r in staff.roles.all()}
        own = selectors.subtree_ids(staff.agency_id) if roles & selectors.WIDE_ROLES else [staff.agency_id]
        holders = {staff.agency_id, *([staff.unit_id] if staff.unit_id else [])}
        holds = DossierStep.objects.filter(dossier=OuterRef("pk"), agency_id__in=holders)
        plain = set(
            Dossier.objects.filter(Q(agency_id__in=own) | Exists(holds)).values_list("code", flat=True)
        )
        assert set(selectors.visible_dossiers(staff.user).values_list("code", flat=True)) == plain
    assert "UNIT-1" in selectors.visible_dossiers(unit_officer.user).values_list("code", flat=True)
    assert "UNIT-2" not in selectors.visible_dossiers(unit_officer.user).values_list("code", flat=True)


def test_my_work_is_sorted_by_time_left_and_coloured(process_version, ward, desk, specialist):
    dossiers = [
        services.receive_at_desk(
            officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9 + timedelta(hours=h)
        )
        for h in (2, 0)
    ]
    for d in dossiers:
        services.start_processing(dossier=d, actor=Actor(desk), now=d.received_at)
    queue = selectors.my_work(specialist, MONDAY_9 + timedelta(days=1, hours=3))
    assert [i.dossier.pk for i in queue] == [dossiers[1].pk, dossiers[0].pk]
    assert {i.colour for i in queue} == {"due_within_a_day"}
    assert [i.colour for i in selectors.my_work(specialist, MONDAY_9 + timedelta(days=5))] == [
        "overdue",
        "overdue",
    ]
    assert selectors.my_work(specialist, MONDAY_9)[0].colour == "on_track"
    desk_queue = selectors.my_work(desk, MONDAY_9)
    assert desk_queue == []  # nothing waits at the desk


def test_the_queue_colours_every_line_but_loads_only_the_page_asked(
    process_version, ward, desk, specialist, django_assert_num_queries
):
    dossiers = [
        services.receive_at_desk(
            officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9 + timedelta(hours=h)
        )
        for h in (2, 0, 1)
    ]
    for d in dossiers:
        services.start_processing(dossier=d, actor=Actor(desk), now=d.received_at)
    specialist = type(specialist).objects.prefetch_related("roles").get(pk=specialist.pk)
    queue = selectors.work_queue(specialist, MONDAY_9 + timedelta(days=5))
    assert [e.dossier_id for e in queue.entries] == [dossiers[1].pk, dossiers[2].pk, dossiers[0].pk]
    assert {e.colour for e in queue.entries} == {"overdue"}
    with django_assert_num_queries(1):  # the page's steps with their dossiers, in one query
        page = queue.items(1, 2)
    assert [(i.dossier.pk, i.step.dossier_id, i.colour) for i in page] == [
        (dossiers[2].pk, dossiers[2].pk, "overdue")
    ]


def test_search(processing, received, ward, specialist):
    visible = selectors.visible_dossiers(specialist.user)
    assert list(selectors.search_dossiers(visible, q=processing.code[:20])) == [processing]
    assert list(selectors.search_dossiers(visible, q="001185012345")) == [processing]
    assert list(selectors.search_dossiers(visible, applicant="thị hằng")) == [processing]
    assert list(selectors.search_dossiers(visible, procedure="1.013225", state=State.PROCESSING)) == [
        processing
    ]
    assert not selectors.search_dossiers(visible, received_from=date(2026, 11, 17)).exists()
    assert (
        selectors.search_dossiers(
            visible, received_from=date(2026, 11, 16), received_to=date(2026, 11, 16)
        ).count()
        == 1
    )


def test_electronic_delivery_needs_a_signed_result(ward, desk, head):
    from motcua.catalog.tests.factories import published_version

    version = published_version(code="2.000884", time_amount=1, implementing_agencies=[ward])
    d = services.receive_at_desk(officer=desk, intake=make_intake(version, ward), now=MONDAY_9)
    d = services.start_processing(dossier=d, actor=Actor(desk), now=MONDAY_9)
    d = services.complete_step(dossier=d, actor=Actor(head), step=d.steps.get(), now=MONDAY_9)
    d = services.resolve(dossier=d, actor=Actor(head), now=MONDAY_9)
    with pytest.raises(ValidationError):
        services.deliver(
            dossier=d, actor=Actor(desk), received_by="", channel=ResultChannel.ELECTRONIC, now=MONDAY_9
        )
    with pytest.raises(transitions.RoleNotAllowed):
        services.deliver(dossier=d, actor=Actor(head), received_by="X", now=MONDAY_9)
    d = services.deliver(
        dossier=d,
        actor=Actor(desk),
        received_by="Bưu điện",
        channel=ResultChannel.POST,
        postal_item_number="RR123456789VN",
        now=MONDAY_9,
    )
    assert d.return_channel == ResultChannel.POST
