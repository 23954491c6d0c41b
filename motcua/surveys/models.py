"""Satisfaction-survey campaigns (questionnaire, sample, invitations, responses) and their audit
trail; the quiz's models are in `quiz_models` (registered here). Rules: `services` (campaigns),
`quiz` (the quiz), reads in `selectors` and `results`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .criteria import Criterion, QuestionKind


class Campaign(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        SENT = "sent", _("Đã gửi lời mời")
        CLOSED = "closed", _("Đã kết thúc")

    name = models.CharField(_("tên đợt khảo sát"), max_length=255)
    #: The control office that runs it: who manages it and reads its results.
    owner_agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    agencies = models.ManyToManyField("org.Agency", verbose_name=_("cơ quan được khảo sát"), related_name="+")
    #: The sample: applicants whose dossiers were returned on these dates (inclusive).
    returned_from = models.DateField(_("trả kết quả từ ngày"))
    returned_to = models.DateField(_("trả kết quả đến ngày"))
    sample_per_agency = models.PositiveIntegerField(_("cỡ mẫu mỗi cơ quan"), default=100)
    #: The sample is drawn at random with this seed: the same campaign always draws the same people.
    seed = models.PositiveIntegerField(_("hạt giống chọn mẫu"), default=1)
    opens_at = models.DateTimeField(_("bắt đầu nhận trả lời"))
    closes_at = models.DateTimeField(_("hết hạn trả lời"))
    state = models.CharField(_("trạng thái"), max_length=8, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"))
    sent_at = models.DateTimeField(_("gửi lời mời lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đợt khảo sát sự hài lòng")
        verbose_name_plural = _("đợt khảo sát sự hài lòng")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name


class Question(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    criterion = models.CharField(_("tiêu chí"), max_length=10, choices=Criterion.choices)
    kind = models.CharField(_("loại câu hỏi"), max_length=5, choices=QuestionKind.choices)
    text = models.TextField(_("nội dung câu hỏi"))

    class Meta:
        verbose_name = _("câu hỏi khảo sát")
        verbose_name_plural = _("câu hỏi khảo sát")
        ordering = ["campaign", "order"]
        constraints = [models.UniqueConstraint(fields=["campaign", "order"], name="survey_question_order")]

    def __str__(self):
        return f"{self.order}. {self.text[:60]}"


class Invitation(models.Model):
    """One person invited to answer one campaign, for one returned dossier."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="invitations")
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="+")
    #: In the link sent (`/khao-sat/<token>/`): 256 random bits, unguessable.
    token = models.CharField(max_length=64, unique=True)
    #: Typed at the desk's kiosk: short, from an alphabet without look-alikes; throttled.
    short_code = models.CharField(_("mã ngắn"), max_length=12, unique=True)
    channels = models.CharField(_("kênh gửi"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lời mời khảo sát")
        verbose_name_plural = _("lời mời khảo sát")
        constraints = [models.UniqueConstraint(fields=["campaign", "dossier"], name="survey_invitation_once")]

    def __str__(self):
        return f"{self.campaign_id}:{self.short_code}"


class ResponseChannel(models.TextChoices):
    PORTAL = "portal", _("Cổng dịch vụ công")
    KIOSK = "kiosk", _("Ki-ốt tại Bộ phận Một cửa")


class Response(models.Model):
    #: One to one: the database itself refuses a second answer to an invitation.
    invitation = models.OneToOneField(Invitation, on_delete=models.PROTECT, related_name="response")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="responses")
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("hình thức"), max_length=8, choices=ResponseChannel.choices)
    submitted_at = models.DateTimeField(_("gửi lúc"))

    class Meta:
        verbose_name = _("phiếu trả lời")
        verbose_name_plural = _("phiếu trả lời")

    def __str__(self):
        return f"{self.campaign_id}:{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(_("điểm"), null=True, blank=True)
    text = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        verbose_name = _("câu trả lời")
        verbose_name_plural = _("câu trả lời")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once")]

    def __str__(self):
        return f"{self.response_id}:{self.question_id}"


class SurveyEvent(models.Model):
    """The audit trail of the campaigns and the quiz: who did what, when (no answer's content)."""

    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    quiz_round = models.ForeignKey(
        "surveys.QuizRound", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    actor_label = models.CharField(_("người thực hiện"), max_length=128, blank=True)
    action = models.CharField(_("thao tác"), max_length=32)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("nhật ký khảo sát, cuộc thi")
        verbose_name_plural = _("nhật ký khảo sát, cuộc thi")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


from .quiz_models import Prize, QuizAnswer, QuizChoice, QuizEntry, QuizQuestion, QuizRound  # noqa: E402, F401
