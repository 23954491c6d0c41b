"""The surveys' reference data in the admin: a campaign's questions (reworded before sending), the
quiz's rounds, questions, choices and prizes. Responses and entries are read-only: they are
written by the commands only."""

from django.contrib import admin

from .models import Campaign, Question, Response, SurveyEvent
from .quiz_models import Prize, QuizChoice, QuizEntry, QuizQuestion, QuizRound


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "owner_agency", "returned_from", "returned_to", "state")
    list_filter = ("state",)
    inlines = [QuestionInline]
    readonly_fields = ("state", "sent_at", "created_by", "created_at", "seed")


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(ReadOnly):
    list_display = ("campaign", "agency", "channel", "submitted_at")


@admin.register(SurveyEvent)
class SurveyEventAdmin(ReadOnly):
    list_display = ("at", "action", "actor_label", "campaign", "quiz_round")


class QuizQuestionInline(admin.StackedInline):
    model = QuizQuestion
    extra = 0
    show_change_link = True


class PrizeInline(admin.TabularInline):
    model = Prize
    extra = 0


@admin.register(QuizRound)
class QuizRoundAdmin(admin.ModelAdmin):
    list_display = ("title", "opens_at", "closes_at", "duration_seconds", "results_published_at")
    inlines = [QuizQuestionInline, PrizeInline]
    readonly_fields = ("results_published_at",)


class QuizChoiceInline(admin.TabularInline):
    model = QuizChoice
    extra = 0


@admin.register(QuizQuestion)
class QuizQuestionAdmin(admin.ModelAdmin):
    list_display = ("round", "order", "text", "points")
    inlines = [QuizChoiceInline]


@admin.register(QuizEntry)
class QuizEntryAdmin(ReadOnly):
    list_display = ("round", "display_name", "started_at", "submitted_at", "score", "elapsed")
