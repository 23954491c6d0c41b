"""The online quiz on public services (seed 002: "Cuộc thi tìm hiểu dịch vụ công trực tuyến"):
rounds of timed multiple-choice questions, one entry per account per round. Rules in `quiz`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class QuizRound(models.Model):
    title = models.CharField(_("tên vòng thi"), max_length=255)
    description = models.TextField(_("thể lệ"), blank=True)
    owner_agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan tổ chức"), on_delete=models.PROTECT, related_name="+"
    )
    opens_at = models.DateTimeField(_("mở lúc"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    duration_seconds = models.PositiveIntegerField(_("thời gian làm bài (giây)"))
    results_published_at = models.DateTimeField(_("công bố kết quả lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("vòng thi")
        verbose_name_plural = _("vòng thi")
        ordering = ["-opens_at", "-pk"]

    def __str__(self):
        return self.title


class QuizQuestion(models.Model):
    round = models.ForeignKey(QuizRound, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.TextField(_("câu hỏi"))
    points = models.PositiveSmallIntegerField(_("điểm"), default=1)

    class Meta:
        verbose_name = _("câu hỏi thi")
        verbose_name_plural = _("câu hỏi thi")
        ordering = ["round", "order"]
        constraints = [models.UniqueConstraint(fields=["round", "order"], name="quiz_question_order")]

    def __str__(self):
        return f"{self.order}. {self.text[:60]}"


class QuizChoice(models.Model):
    question = models.ForeignKey(QuizQuestion, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.CharField(_("phương án"), max_length=500)
    is_correct = models.BooleanField(_("đáp án đúng"), default=False)

    class Meta:
        verbose_name = _("phương án trả lời")
        verbose_name_plural = _("phương án trả lời")
        ordering = ["question", "order"]

    def __str__(self):
        return self.text[:60]


class Prize(models.Model):
    round = models.ForeignKey(QuizRound, on_delete=models.CASCADE, related_name="prizes")
    rank_from = models.PositiveSmallIntegerField(_("từ hạng"))
    rank_to = models.PositiveSmallIntegerField(_("đến hạng"))
    name = models.CharField(_("giải"), max_length=128)

    class Meta:
        verbose_name = _("giải thưởng")
        verbose_name_plural = _("giải thưởng")
        ordering = ["round", "rank_from"]

    def __str__(self):
        return self.name


class QuizEntry(models.Model):
    """One account's attempt at one round: the server records when it started; the deadline follows."""

    round = models.ForeignKey(QuizRound, on_delete=models.PROTECT, related_name="entries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    display_name = models.CharField(_("họ và tên"), max_length=128)
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    deadline = models.DateTimeField(_("hạn nộp bài"))
    submitted_at = models.DateTimeField(_("nộp bài lúc"), null=True, blank=True)
    score = models.PositiveIntegerField(_("điểm"), null=True, blank=True)
    elapsed = models.DurationField(_("thời gian làm bài"), null=True, blank=True)

    class Meta:
        verbose_name = _("bài thi")
        verbose_name_plural = _("bài thi")
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="quiz_one_entry_per_person")]
        indexes = [models.Index(fields=["round", "-score", "elapsed"], name="quiz_ranking")]

    def __str__(self):
        return f"{self.round_id}:{self.display_name}"


class QuizAnswer(models.Model):
    entry = models.ForeignKey(QuizEntry, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(QuizQuestion, on_delete=models.PROTECT, related_name="+")
    choice = models.ForeignKey(QuizChoice, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("câu trả lời bài thi")
        verbose_name_plural = _("các câu trả lời bài thi")
        constraints = [models.UniqueConstraint(fields=["entry", "question"], name="quiz_answer_once")]

    def __str__(self):
        return f"{self.entry_id}:{self.question_id}"
