"""Every SMS the system sends fits one segment (issue 11: short Vietnamese texts, one SMS segment
where possible), for a realistic long dossier code and agency name and a long officer's reason."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from motcua.dossiers import notify
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.states import Action
from motcua.integrations import sms_text
from motcua.integrations.sms_gateway import segments_of
from motcua.org.models import Agency

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
#: A district-level code (the longest the code format gives) and a long agency name.
LONG_CODE = "000.00.18.H26-261231-1234"
LONG_AGENCY = "Ủy ban nhân dân Phường Thượng Đình, Quận Thanh Xuân, Thành phố Hà Nội"
LONG_REASON = (
    "Thiếu bản sao Giấy chứng nhận kết hôn của cha mẹ; tờ khai chưa ghi nơi cư trú của người được "
    "đăng ký khai sinh và chưa có chữ ký của người đi đăng ký theo quy định"
)
LONG_LINK = (
    "https://dichvucong.hanoi.gov.vn/ket-qua/eyJkIjoxMjM0NTY3LCJoIjoiYWJjZGVmMDEyMzQ1Njc4OSJ9:1tQxYz:abc/"
)

FEES = [
    {"name": "Lệ phí cấp bản sao trích lục hộ tịch", "amount_vnd": 8000},
    {"name": "Phí xác minh", "amount_vnd": 1250000},
]


def dossier() -> Dossier:
    return Dossier(
        code=LONG_CODE,
        agency=Agency(name=LONG_AGENCY),
        due_at=datetime(2026, 12, 31, 16, 30, tzinfo=HANOI),
    )


EVENTS = {
    Action.RECEIVE: {},
    Action.REQUEST_SUPPLEMENT: {"reason": LONG_REASON},
    Action.AWAIT_FEES: {"data": {"fees": FEES}},
    Action.EXTEND: {"reason": LONG_REASON},
    Action.RESOLVE: {},
    Action.DELIVER: {"data": {"download_url": LONG_LINK}},
    Action.STOP: {"reason": LONG_REASON},
    Action.REFUSE: {"reason": LONG_REASON},
}


def test_every_notified_event_has_a_case_here():
    assert set(EVENTS) == set(notify.NOTIFIED)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("action", list(EVENTS))
def test_every_sms_fits_one_segment_with_a_long_code_agency_and_reason(action, language):
    event = DossierEvent(
        action=action, reason=EVENTS[action].get("reason", ""), data=EVENTS[action].get("data")
    )
    with translation.override(language):
        text = notify.sms(dossier(), event)
    assert text and LONG_CODE in text
    assert segments_of(text) == 1, (len(text), text)


def test_a_short_sms_keeps_its_diacritics():
    with translation.override("vi"):
        text = notify.sms(dossier(), DossierEvent(action=Action.RESOLVE))
    assert text == f"Hồ sơ {LONG_CODE} đã có kết quả."  # 46 characters: one UCS-2 segment


def test_a_longer_sms_is_folded_to_gsm7_and_names_the_agency_and_time():
    with translation.override("vi"):
        text = notify.sms(dossier(), DossierEvent(action=Action.RECEIVE))
    assert text == (
        f"Ho so {LONG_CODE} da duoc UBND Phuong Thuong Dinh, Quan Thanh Xuan, Thanh pho Ha Noi tiep nhan. "
        "Hen tra ket qua: 16:30 31/12/2026."
    )


def test_the_reason_is_shortened_not_dropped_and_the_rest_kept():
    with translation.override("vi"):
        text = notify.sms(dossier(), DossierEvent(action=Action.REFUSE, reason=LONG_REASON))
    assert text.startswith(f"Ho so {LONG_CODE} khong duoc tiep nhan. Ly do: Thieu ban sao Giay chung nhan")
    assert text.endswith("....")  # the shortened reason's "..." and the template's full stop
    assert len(text) <= sms_text.GSM7_ONE_SEGMENT


def test_a_short_reason_is_sent_whole():
    with translation.override("vi"):
        text = notify.sms(dossier(), DossierEvent(action=Action.STOP, reason="Người nộp rút hồ sơ"))
    assert text == f"Ho so {LONG_CODE} bi dung giai quyet. Ly do: Nguoi nop rut ho so."


def test_a_link_too_long_for_one_segment_points_to_the_account_instead():
    event = DossierEvent(action=Action.DELIVER, data={"download_url": LONG_LINK + "x" * 120})
    with translation.override("vi"):
        text = notify.sms(dossier(), event)
    assert "x" * 10 not in text and segments_of(text) == 1
    assert "tai khoan" in text


def test_folding_keeps_case_and_gives_ascii():
    assert sms_text.fold("Đăng ký “khai sinh” – Ủy ban") == 'Dang ky "khai sinh" - Uy ban'
    assert all(ord(ch) < 128 for ch in sms_text.fold("Hồ sơ ✓ đã nhận…"))


def test_the_rule_keeps_what_fits_and_folds_what_does_not():
    assert sms_text.render("%(x)s", {"x": "ệ" * 70}) == "ệ" * 70  # one UCS-2 segment as it is
    assert sms_text.render("%(x)s", {"x": "ệ" * 71}) == "e" * 71  # folded: one GSM-7 segment
    long = sms_text.render("Lý do: %(x)s.", {"x": "ệ" * 300}, elastic="x")
    assert long.startswith("Ly do: eee") and long.endswith("....") and len(long) == 160
    # No free text to shorten: sent whole, in several segments, rather than cut.
    assert sms_text.render("%(x)s", {"x": "e" * 200}) == "e" * 200
