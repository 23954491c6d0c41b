"""The two legal form sets: Circular 01/2018 (Mẫu 01–06) and Circular 03/2025 (Mẫu 01–07)."""

import pytest

from motcua.documents import samples
from motcua.documents.rendering import FORM_SETS, forms_of_set, get_form, render_form_html


def test_2025_set_has_seven_forms_and_2018_set_six():
    assert [spec.number for spec in forms_of_set("2025")] == ["01", "02", "03", "04", "05", "06", "07"]
    assert [(spec.code, spec.number) for spec in forms_of_set("2018")] == [
        ("mau_01", "01"),
        ("mau_02", "02"),
        ("mau_03", "03"),
        ("mau_04", "04"),
        ("mau_06", "05"),  # the control slip was Mẫu 05 in 2018
        ("mau_07", "06"),  # the tracking book was Mẫu 06
    ]


def test_2018_apology_sets_a_new_date_instead_of_asking_for_an_extension():
    old = render_form_html("mau_04", samples.apology(), form_set="2018")
    new = render_form_html("mau_04", samples.apology(), form_set="2025")
    assert "Phiếu xin lỗi và hẹn lại ngày trả kết quả" in old and "gia hạn" not in old
    assert "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết" in new and "gia hạn" in new


def test_stop_notice_new_in_2025_keeps_its_only_shape_for_an_old_dossier():
    assert get_form("mau_05").in_set("2018").form_set == "2025"
    html = render_form_html("mau_05", samples.stop_notice(), form_set="2018")
    assert "Thông báo dừng giải quyết hồ sơ" in html


def test_forms_that_did_not_change_print_the_same_in_both_sets():
    context = samples.receipt()
    assert render_form_html("mau_01", context, form_set="2018") == render_form_html(
        "mau_01", context, form_set="2025"
    )


def test_unknown_set_is_refused():
    assert FORM_SETS == ("2018", "2025")
    with pytest.raises(ValueError, match="2019"):
        render_form_html("mau_01", samples.receipt(), form_set="2019")
