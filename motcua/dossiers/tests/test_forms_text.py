"""The forms read as a real office's: what their PDFs say, read back with pdftotext."""

import subprocess
from datetime import timedelta

import pytest
from django.test import Client

from motcua.catalog.tests.factories import published_version
from motcua.dossiers import forms, services
from motcua.dossiers.models import DocumentKind, Dossier
from motcua.org.tests.factories import CommuneFactory, ProvinceFactory, StaffFactory

from .conftest import MONDAY_9, make_intake

Actor = services.Actor


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page, in layout order (a header that wraps shows as two lines)."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    return out.decode().split("\f")


def text(pdf: bytes) -> str:
    return "\n".join(pdf_pages(pdf))


@pytest.fixture
def hoan_kiem(db):
    city = ProvinceFactory()
    return CommuneFactory(code="000.00.51.H26", name="Ủy ban nhân dân Phường Hoàn Kiếm", parent=city)


@pytest.fixture
def guardianship(hoan_kiem):
    return published_version(
        code="1.000110",
        name="Thủ tục đăng ký giám hộ",
        result_name="Trích lục đăng ký giám hộ",
        implementing_agencies=[hoan_kiem],
        time_amount=3,
        fees=[{"name": "Phí, lệ phí", "amount_vnd": 8000, "text": "8.000 đồng", "collected_at": "1"}],
    )


@pytest.fixture
def staff(hoan_kiem):
    return {
        "desk": StaffFactory(agency=hoan_kiem, roles=["desk_officer"], full_name="Trần Văn Bình"),
        "leader": StaffFactory(
            agency=hoan_kiem,
            roles=["agency_leader"],
            full_name="Lê Minh Đức",
            position="Chủ tịch UBND phường",
        ),
    }


@pytest.fixture
def dossier(guardianship, hoan_kiem, staff):
    return services.receive_at_desk(
        officer=staff["desk"], intake=make_intake(guardianship, hoan_kiem), now=MONDAY_9
    )


def test_the_result_is_the_procedures_document_prefilled_and_signed_by_the_leader(dossier):
    Dossier.objects.filter(pk=dossier.pk).update(
        eform_data={"full_name": "Nguyễn Văn An", "nguoi_giam_ho": "Nguyễn Thị Hằng", "quan_he": "Mẹ"}
    )
    page = text(forms.result_pdf(dossier))
    assert "TRÍCH LỤC ĐĂNG KÝ GIÁM HỘ" in page
    assert "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" not in page
    assert "Nguyễn Thị Hằng" in page  # an e-form entry
    assert "Nguyễn Văn An" in page and "Mẹ" in page
    assert "TM. ỦY BAN NHÂN DÂN" in page and "CHỦ TỊCH" in page and "Lê Minh Đức" in page
    assert "THÀNH PHỐ HÀ NỘI" in page  # the header on one line, never "…THÀNH PHỐ HÀ / NỘI"


def test_the_certification_result_has_its_own_template():
    from motcua.documents.rendering import result_template

    assert result_template("Chứng thực") == "documents/results/chung_thuc.html"
    assert result_template("Hộ tịch") == "documents/results/ho_tich.html"
    assert (
        result_template("Đất đai", "Bản sao được chứng thực từ bản chính")
        == "documents/results/chung_thuc.html"
    )
    assert result_template("Đất đai", "Giấy phép") == "documents/results/base.html"


def test_the_receipt_keeps_its_signatures_with_the_last_lines_and_prints_an_absolute_link(
    dossier, settings, django_capture_on_commit_callbacks
):
    settings.MOTCUA_PUBLIC_BASE_URL = ""
    doc = forms.ensure_form(dossier, DocumentKind.RECEIPT)
    pages = pdf_pages(doc.file.read())
    whole = "\n".join(pages)
    assert "Phí, lệ phí: Phí, lệ phí" not in whole and "8.000 đồng" in whole
    assert f"http://127.0.0.1:8000/tra-cuu/{dossier.code}/" in whole
    signing = next(p for p in pages if "NGƯỜI TIẾP NHẬN HỒ SƠ" in p.upper())
    assert "Tra cứu tình trạng hồ sơ tại" in signing  # the signatures never stand alone on a page
    assert "THÀNH PHỐ HÀ\n" not in whole


def test_the_apology_is_the_late_agencys_signed_by_its_leader_without_doubled_words(
    dossier, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        d = services.start_processing(dossier=dossier, actor=Actor.officer(staff["desk"]), now=MONDAY_9)
        d = services.extend(
            dossier=d,
            actor=Actor.officer(staff["leader"]),
            reason="Cần xác minh thêm",
            new_due=d.due_at + timedelta(days=3),
            now=d.due_at - timedelta(hours=1),
        )
    page = text(forms.ensure_form(d, DocumentKind.APOLOGY).file.read())
    assert "thủ tục Thủ tục" not in page and "thủ tục Đăng ký giám hộ" in " ".join(page.split())
    assert "CÔNG CHỨC MỘT CỬA" not in page
    assert "TM. ỦY BAN NHÂN DÂN" in page and "Lê Minh Đức" in page


def test_the_forms_offered_are_those_that_apply(dossier, guardianship, hoan_kiem, staff):
    assert forms.printable_forms(dossier) == [DocumentKind.RECEIPT, DocumentKind.CONTROL_SLIP]
    refused = services.submit_online(intake=make_intake(guardianship, hoan_kiem, channel=2), now=MONDAY_9)
    refused = services.refuse(
        dossier=refused, actor=Actor.officer(staff["desk"]), reason="Không thuộc thẩm quyền", now=MONDAY_9
    )
    assert DocumentKind.RECEIPT not in forms.printable_forms(refused)


def test_the_desk_prints_the_tracking_book_and_only_the_desk(dossier, staff):
    client = Client()
    client.force_login(staff["desk"].user)
    response = client.get("/can-bo/so-theo-doi/?tu=2026-11-01&den=2026-11-30")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        dossier.code in " ".join(text(response.content).split()).replace(" ", "")
        or "SỔ THEO DÕI" in text(response.content).upper()
    )
    assert "/can-bo/so-theo-doi/" in client.get("/can-bo/").content.decode()
    client.force_login(staff["leader"].user)
    assert client.get("/can-bo/so-theo-doi/").status_code == 403
    assert "/can-bo/so-theo-doi/" not in client.get("/can-bo/").content.decode()
