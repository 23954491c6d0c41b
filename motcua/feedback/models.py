"""A feedback item (phản ánh, kiến nghị), its files, its events and the dated legal periods."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.uploads import storage_name

from .states import Category, Channel, Kind, Rating, State, Step, Subject


class PeriodRule(models.Model):
    """A legal period in working days, from a date on (the law changes; a feedback item is judged by
    the rule in force on the day it was received)."""

    step = models.CharField(_("bước"), max_length=12, choices=Step.choices)
    working_days = models.PositiveSmallIntegerField(_("số ngày làm việc"))
    effective_from = models.DateField(_("áp dụng từ ngày"))
    basis = models.CharField(_("căn cứ"), max_length=255)

    class Meta:
        verbose_name = _("thời hạn xử lý phản ánh, kiến nghị")
        verbose_name_plural = _("thời hạn xử lý phản ánh, kiến nghị")
        ordering = ["step", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["step", "effective_from"], name="feedback_period_once")
        ]

    def __str__(self):
        return f"{self.get_step_display()}: {self.working_days} ({self.effective_from:%d/%m/%Y})"


class Feedback(models.Model):
    code = models.CharField(_("mã phản ánh"), max_length=20, unique=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    subject = models.CharField(_("về"), max_length=12, choices=Subject.choices)
    category = models.CharField(_("phân loại"), max_length=32, choices=Category.choices, blank=True)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=8, choices=Channel.choices)
    state = models.CharField(_("trạng thái"), max_length=12, choices=State.choices, default=State.RECEIVED)
    title = models.CharField(_("tiêu đề"), max_length=200)
    content = models.TextField(_("nội dung"))

    # The sender: from the verified account when logged in, else as given (anonymous, desk, hotline).
    sender_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="feedback"
    )
    sender_name = models.CharField(_("họ tên người gửi"), max_length=150)
    sender_is_organisation = models.BooleanField(_("là tổ chức"), default=False)
    sender_email = models.EmailField(_("thư điện tử"), blank=True)
    sender_phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    sender_verified = models.BooleanField(_("danh tính từ tài khoản"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    dossier = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="feedback"
    )
    procedure = models.ForeignKey(
        "catalog.Procedure", null=True, blank=True, on_delete=models.PROTECT, related_name="feedback"
    )
    addressed_agency = models.ForeignKey(
        "org.Agency", verbose_name=_("gửi tới"), on_delete=models.PROTECT, related_name="+"
    )
    handler_agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    repeat_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="repeats"
    )

    received_at = models.DateTimeField(_("tiếp nhận lúc"))
    decision_due_at = models.DateTimeField(_("hạn từ chối"))
    supplement_due_at = models.DateTimeField(_("hạn yêu cầu bổ sung"))
    handle_due_at = models.DateTimeField(_("hạn trả lời"))
    publish_due_at = models.DateTimeField(_("hạn công khai"), null=True, blank=True)
    routed_at = models.DateTimeField(null=True, blank=True)
    refused_at = models.DateTimeField(null=True, blank=True)
    supplement_requested_at = models.DateTimeField(null=True, blank=True)
    supplemented_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)  # refusal, supplement request
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.CharField(_("người trả lời"), max_length=150, blank=True)
    # What the portal shows: the texts with personal data masked, as the officer confirmed them.
    published_title = models.CharField(max_length=200, blank=True)
    published_content = models.TextField(blank=True)
    published_answer = models.TextField(blank=True)

    rating = models.PositiveSmallIntegerField(_("đánh giá"), choices=Rating.choices, null=True, blank=True)
    rating_comment = models.TextField(_("ý kiến"), blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    reopened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["addressed_agency", "received_at"], name="feedback_addressed_time"),
            models.Index(fields=["handler_agency", "state"], name="feedback_handler_state"),
            models.Index(fields=["state", "published_at"], name="feedback_published"),
        ]

    def __str__(self):
        return self.code

    @property
    def clock_agency_id(self) -> int:
        """Whose calendar the clock runs on: the competent agency once routed, else the addressee."""
        return self.handler_agency_id or self.addressed_agency_id


def attachment_upload_to(instance: object, filename: str) -> str:
    return storage_name("feedback", filename)


class FeedbackAttachment(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=attachment_upload_to)
    name = models.CharField(_("tên tệp"), max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    added_at = models.DateTimeField()

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self):
        return self.name


class FeedbackEvent(models.Model):
    """Who did what, when, from which state: the audit trail, written in the command's transaction."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("sự kiện phản ánh")
        verbose_name_plural = _("sự kiện phản ánh")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.feedback_id}: {self.action}"
