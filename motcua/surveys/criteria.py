"""The five criteria of the satisfaction survey (SIPAS, Bộ Nội vụ), the standard questionnaire a new
campaign starts from, the answer scale, and how the portal's per-dossier ratings map onto the same
criteria (a separate source in the results).

The criteria and their order are SIPAS's: access to the service (information), the administrative
procedure, the officers who handle it, the result, and the handling of comments and feedback. The
questions below follow its published questionnaire's themes (worded here, not copied); a campaign
copies them into its own rows, so the control office may reword, add or drop questions per
campaign without touching earlier campaigns."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Criterion(models.TextChoices):
    ACCESS = "access", _("Tiếp cận thông tin, dịch vụ")
    PROCEDURE = "procedure", _("Thủ tục hành chính")
    OFFICERS = "officers", _("Công chức giải quyết công việc")
    RESULTS = "results", _("Kết quả giải quyết")
    FEEDBACK = "feedback", _("Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Thang điểm 1–5")
    TEXT = "text", _("Ý kiến tự do")


#: The five-level answer scale (SIPAS's labels). "Satisfied" is 4 or 5, as SIPAS counts it.
SCALE = (
    (1, _("Rất không hài lòng")),
    (2, _("Không hài lòng")),
    (3, _("Bình thường")),
    (4, _("Hài lòng")),
    (5, _("Rất hài lòng")),
)
SCALE_MAX = 5
SATISFIED_FROM = 4

#: (criterion, kind, text) of the questionnaire a new campaign starts from.
STANDARD_QUESTIONNAIRE: tuple[tuple[str, str, str], ...] = (
    (
        Criterion.ACCESS,
        QuestionKind.SCALE,
        _("Thông tin về thủ tục (giấy tờ, phí, thời hạn) dễ tìm và đầy đủ"),
    ),
    (
        Criterion.ACCESS,
        QuestionKind.SCALE,
        _("Nơi tiếp nhận hồ sơ thuận tiện, đủ chỗ ngồi và trang thiết bị"),
    ),
    (
        Criterion.PROCEDURE,
        QuestionKind.SCALE,
        _("Thành phần hồ sơ và các bước thực hiện hợp lý, đúng như công khai"),
    ),
    (Criterion.PROCEDURE, QuestionKind.SCALE, _("Phí, lệ phí phải nộp đúng như công khai")),
    (Criterion.OFFICERS, QuestionKind.SCALE, _("Công chức có thái độ lịch sự, tôn trọng")),
    (Criterion.OFFICERS, QuestionKind.SCALE, _("Công chức hướng dẫn đầy đủ, dễ hiểu, chỉ một lần")),
    (Criterion.RESULTS, QuestionKind.SCALE, _("Kết quả đúng quy định, thông tin chính xác")),
    (Criterion.RESULTS, QuestionKind.SCALE, _("Nhận kết quả đúng hẹn")),
    (Criterion.FEEDBACK, QuestionKind.SCALE, _("Dễ dàng gửi góp ý, phản ánh, kiến nghị")),
    (
        Criterion.FEEDBACK,
        QuestionKind.SCALE,
        _("Góp ý, phản ánh, kiến nghị được trả lời kịp thời, thỏa đáng"),
    ),
    (Criterion.FEEDBACK, QuestionKind.TEXT, _("Ông/bà có đề xuất gì để cơ quan phục vụ tốt hơn?")),
)

#: The portal's per-dossier rating (dossiers.DossierRating, three levels) read as the same
#: criteria: which rating field speaks for which criterion. It has nothing on feedback handling.
RATING_FIELDS: dict[str, tuple[str, ...]] = {
    Criterion.ACCESS: ("access",),
    Criterion.PROCEDURE: ("procedure",),
    Criterion.OFFICERS: ("attitude",),
    Criterion.RESULTS: ("result", "timeliness"),
}
#: On the rating's 1–3 scale (not satisfied / acceptable / satisfied), "satisfied" is 3 only:
#: "acceptable" is SIPAS's neutral middle, not its "hài lòng".
RATING_SCALE_MAX = 3
RATING_SATISFIED_FROM = 3
