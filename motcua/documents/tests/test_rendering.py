"""Render every form as a person would receive it, and read it back with poppler-utils."""

import dataclasses
import re
import subprocess
import unicodedata

import pytest

from motcua.documents import contexts as c
from motcua.documents import samples
from motcua.documents.rendering import get_form, registered_forms, render_form, render_form_html

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    # Lines wrap where the layout wraps them; tests look for phrases, not for line ends.
    return re.sub(r"\s+", " ", out.decode("utf-8"))


def pdf_fonts(pdf: bytes) -> list[str]:
    out = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    rows = out.splitlines()[2:]
    return [row.split()[0] for row in rows if row.strip()]


def pdf_pages(pdf: bytes) -> int:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


@pytest.fixture(scope="module")
def rendered():
    return {code: render_form(code, build()) for code, build in samples.SAMPLES.items()}


def test_every_registered_form_has_a_sample_and_renders(rendered):
    assert sorted(rendered) == [spec.code for spec in registered_forms()]
    assert [spec.code for spec in registered_forms()] == [f"mau_0{i}" for i in range(1, 8)]
    for pdf in rendered.values():
        assert pdf.startswith(b"%PDF-")


@pytest.mark.parametrize("code", [f"mau_0{i}" for i in range(1, 8)])
def test_form_has_the_decree_30_header_and_its_title_with_diacritics(rendered, code):
    text = pdf_text(rendered[code])
    assert unicodedata.is_normalized("NFC", text)
    assert MOTTO in text
    assert MOTTO_2 in text
    assert get_form(code).title.upper() in text  # titles are printed in capitals
    assert "ỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM" in text
    assert "Hà Nội, ngày" in text


@pytest.mark.parametrize("code", [f"mau_0{i}" for i in range(1, 8)])
def test_only_liberation_serif_or_noto_is_embedded(rendered, code):
    fonts = pdf_fonts(rendered[code])
    assert fonts, "no font embedded"
    for font in fonts:
        name = font.split("+", 1)[-1]  # drop the subset prefix "ABCDEF+"
        assert name.startswith(("Liberation-Serif", "LiberationSerif", "Noto")), fonts


def test_receipt_content(rendered):
    text = pdf_text(rendered["mau_01"])
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "Mã hồ sơ: 000.00.12.H26-261123-0001" in text
    assert "Thời gian nhận hồ sơ: 10 giờ 30 phút, ngày 23/11/2026" in text
    assert "Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 30/11/2026" in text
    assert "Nguyễn Thị Hằng" in text
    assert "Bản sao cần chứng thực Bản sao 3" in text
    assert "5.000 đồng" in text
    assert "Quyển số: 01/2026" in text
    assert "https://motcua.example.vn/tra-cuu/000.00.12.H26-261123-0001" in text
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" in text and "Trần Văn Bình" in text
    assert pdf_pages(rendered["mau_01"]) == 1  # a receipt is one sheet


def test_receipt_carries_a_qr_code_of_the_tracking_url():
    html = render_form_html("mau_01", samples.receipt())
    assert 'src="data:image/svg+xml' in html
    other = dataclasses.replace(samples.receipt(), tracking_url="https://motcua.example.vn/tra-cuu/KHAC")
    assert render_form_html("mau_01", other) != html  # the QR follows the URL


def test_supplement_request_lists_every_item_with_its_reason(rendered):
    text = pdf_text(rendered["mau_02"])
    assert "Bản chính Giấy khai sinh" in text
    assert "Địa chỉ ghi chưa đầy đủ số nhà và tên phố." in text
    assert "000.00.12.H26-261123-0001" in text


def test_second_supplement_request_says_so():
    second = dataclasses.replace(samples.supplement_request(), request_number=2)
    assert "Yêu cầu bổ sung lần thứ 2" in pdf_text(render_form("mau_02", second))


def test_refusal_states_the_reason(rendered):
    text = pdf_text(rendered["mau_03"])
    assert "không thuộc thẩm quyền giải quyết" in text


def test_apology_has_old_and_new_dates_and_reason(rendered):
    text = pdf_text(rendered["mau_04"])
    assert "16 giờ 00 phút, ngày 30/11/2026" in text
    assert "16 giờ 00 phút, ngày 04/12/2026" in text
    assert "xin lỗi" in text
    assert "Nơi nhận:" in text and "Lưu: VT." in text


def test_stop_notice(rendered):
    text = pdf_text(rendered["mau_05"])
    assert "Thẩm định hồ sơ" in text
    assert "có dấu hiệu bị tẩy xóa" in text


def test_control_slip_lists_hand_overs_with_outcomes(rendered):
    text = pdf_text(rendered["mau_06"])
    assert "Giao: Bộ phận Một cửa (Trần Văn Bình)" in text
    for label in ("Trước hạn", "Đúng hạn", "Quá hạn"):
        assert label in text


def test_tracking_book_is_landscape_with_every_row(rendered):
    pdf = rendered["mau_07"]
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", out).groups())
    assert width > height
    text = pdf_text(pdf)
    for n in (1, 12):
        # The code wraps after its agency part in the narrow column.
        assert f"261123-{n:04d}" in text


def test_applicant_text_is_escaped_not_interpreted():
    nasty = dataclasses.replace(samples.receipt(), applicant=c.Applicant(name="<b>Lê</b> & Co"))
    html = render_form_html("mau_01", nasty)
    assert "&lt;b&gt;Lê&lt;/b&gt; &amp; Co" in html


def test_wrong_context_type_is_refused():
    with pytest.raises(TypeError, match="ReceiptContext"):
        render_form("mau_01", samples.refusal())


def test_unknown_form_is_refused():
    with pytest.raises(KeyError, match="mau_99"):
        render_form("mau_99", samples.receipt())


def test_timeliness_judgement():
    due = samples.PROMISED
    assert c.Timeliness.judge(due, due) == c.Timeliness.ON_TIME
    assert c.Timeliness.judge(due.replace(hour=9), due) == c.Timeliness.ON_TIME
    assert c.Timeliness.judge(due.replace(day=29), due) == c.Timeliness.EARLY
    assert c.Timeliness.judge(due.replace(minute=1), due) == c.Timeliness.LATE
    assert c.Timeliness.LATE.label == "Quá hạn"
