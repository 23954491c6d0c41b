"""Dossier states, actions and channels, each mapped one-to-one onto the national portal's codes
(DOMAIN.md §2 `TrangThaiHoSo`, §5 `KenhThucHien`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.IntegerChoices):
    SUBMITTED = 1, _("Mới đăng ký")
    RECEIVED = 2, _("Được tiếp nhận")
    REFUSED = 3, _("Không được tiếp nhận")
    PROCESSING = 4, _("Đang xử lý")
    SUPPLEMENT_REQUESTED = 5, _("Yêu cầu bổ sung giấy tờ")
    AWAITING_FEES = 6, _("Yêu cầu thực hiện nghĩa vụ tài chính")
    WITHDRAWN = 7, _("Công dân yêu cầu rút hồ sơ")
    STOPPED = 8, _("Dừng xử lý")
    RESOLVED = 9, _("Đã xử lý xong")
    RETURNED = 10, _("Đã trả kết quả")


#: States in which the processing has ended: entering one stamps `finished_at` (the national
#: portal's NgayKetThucXuLy) and closes the dossier's open steps.
FINISHED_STATES = frozenset({State.REFUSED, State.WITHDRAWN, State.STOPPED, State.RESOLVED})
#: States after which nothing more happens to a dossier (a resolved one still waits for its return).
FINAL_STATES = (FINISHED_STATES - {State.RESOLVED}) | {State.RETURNED}
#: States during which the legal clock does not run.
PAUSED_STATES = frozenset({State.SUPPLEMENT_REQUESTED, State.AWAITING_FEES})
#: States in which the dossier is worked on and its clock runs.
OPEN_STATES = (State.RECEIVED, State.PROCESSING)


class Channel(models.IntegerChoices):
    DESK = 1, _("Trực tiếp")
    ONLINE = 2, _("Trực tuyến")
    POST = 3, _("Bưu chính công ích")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Nộp hồ sơ trực tuyến")
    RECEIVE = "receive", _("Tiếp nhận")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung")
    SUPPLEMENT = "supplement", _("Bổ sung hồ sơ")
    REFUSE = "refuse", _("Từ chối tiếp nhận")
    START_PROCESSING = "start_processing", _("Chuyển xử lý")
    AWAIT_FEES = "await_fees", _("Yêu cầu thực hiện nghĩa vụ tài chính")
    PAY_FEES = "pay_fees", _("Đã thực hiện nghĩa vụ tài chính")
    EXTEND = "extend", _("Gia hạn, xin lỗi")
    STOP = "stop", _("Dừng giải quyết")
    WITHDRAW = "withdraw", _("Rút hồ sơ")
    COMPLETE_STEP = "complete_step", _("Hoàn thành bước")
    RETURN_STEP = "return_step", _("Trả lại bước trước")
    TRANSFER = "transfer", _("Chuyển liên thông")
    ASSIGN_STEP = "assign_step", _("Phân công xử lý")
    ATTACH_RESULT = "attach_result", _("Đính kèm kết quả")
    RESOLVE = "resolve", _("Phê duyệt, có kết quả")
    DELIVER = "deliver", _("Trả kết quả")
    RATE = "rate", _("Đánh giá mức độ hài lòng")
    # Hand-offs to a ministry's sector system (dossiers.sector): events, not transitions.
    SECTOR_HANDOFF = "sector_handoff", _("Chuyển hệ thống ngành")
    SECTOR_RECEIVED = "sector_received", _("Hệ thống ngành tiếp nhận")
    SECTOR_REFUSED = "sector_refused", _("Hệ thống ngành từ chối")
