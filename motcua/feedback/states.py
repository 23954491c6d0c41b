"""The states and actions of a feedback item (phản ánh, kiến nghị) and the vocabularies it is filed under."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    RECEIVED = "received", _("Mới tiếp nhận")  # waiting for the procedure-control office
    ROUTED = "routed", _("Đang xử lý")  # at the competent agency
    SUPPLEMENT_REQUESTED = "supplement", _("Chờ bổ sung thông tin")
    ANSWERED = "answered", _("Đã trả lời, chờ công khai")
    PUBLISHED = "published", _("Đã công khai trả lời")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    LINKED = "linked", _("Trùng nội dung đã gửi")


class Action(models.TextChoices):
    SUBMIT = "submit", _("Gửi phản ánh, kiến nghị")
    REFUSE = "refuse", _("Từ chối")
    ROUTE = "route", _("Phân loại, chuyển cơ quan có thẩm quyền")
    LINK = "link", _("Gắn với phản ánh trùng")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung thông tin")
    SUPPLEMENT = "supplement", _("Bổ sung thông tin")
    ANSWER = "answer", _("Trả lời")
    PUBLISH = "publish", _("Công khai trả lời")
    RATE = "rate", _("Đánh giá trả lời")
    REOPEN = "reopen", _("Đề nghị xem xét lại")


OPEN_STATES = frozenset({State.RECEIVED, State.ROUTED, State.SUPPLEMENT_REQUESTED, State.ANSWERED})
CLOSED_STATES = frozenset({State.PUBLISHED, State.REFUSED, State.LINKED})


class Kind(models.TextChoices):
    PHAN_ANH = "phan_anh", _("Phản ánh")
    KIEN_NGHI = "kien_nghi", _("Kiến nghị")


class Subject(models.TextChoices):
    """What it is about (the sender's choice; the office may correct it when classifying)."""

    REGULATION = "regulation", _("Quy định hành chính")
    PROCEDURE = "procedure", _("Thủ tục hành chính")
    DOSSIER = "dossier", _("Hồ sơ đã nộp")
    CONDUCT = "conduct", _("Hành vi, thái độ của cán bộ")


class Category(models.TextChoices):
    """The classification the national index counts (5.1): set by the procedure-control office."""

    REGULATION_CONTENT = "regulation_content", _("Nội dung quy định hành chính")
    PROCEDURE_IMPLEMENTATION = "procedure_implementation", _("Việc thực hiện thủ tục hành chính")
    DOSSIER_HANDLING = "dossier_handling", _("Việc giải quyết hồ sơ")
    OFFICER_CONDUCT = "officer_conduct", _("Hành vi hành chính, thái độ của cán bộ")
    OUT_OF_SCOPE = "out_of_scope", _("Không thuộc phạm vi xử lý")


class Channel(models.TextChoices):
    PORTAL = "portal", _("Cổng dịch vụ công")
    DESK = "desk", _("Tại Bộ phận Một cửa")
    HOTLINE = "hotline", _("Đường dây nóng")


class Rating(models.IntegerChoices):
    SATISFIED = 3, _("Hài lòng")
    ACCEPTABLE = 2, _("Chấp nhận được")
    NOT_SATISFIED = 1, _("Không hài lòng")


class Step(models.TextChoices):
    """The legal periods (index 5.2), each a dated rule (models.PeriodRule)."""

    REFUSE = "refuse", _("Từ chối tiếp nhận")
    SUPPLEMENT = "supplement", _("Yêu cầu bổ sung thông tin")
    HANDLE = "handle", _("Xử lý, trả lời")
    PUBLISH = "publish", _("Công khai kết quả")
