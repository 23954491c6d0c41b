"""The procedure-control office's survey screens: campaigns (/can-bo/khao-sat/: list, create,
sample preview, send, close), the results with their intervals and the .xlsx
(/bao-cao/khao-sat/<id>/), and the quiz rounds' publication. They parse and render; the commands
(`services`, `quiz`) and the readers (`selectors`, `results`) do the rest."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.org.auth import subtree_ids
from motcua.org.models import Agency

from .. import quiz, results, selectors, services
from ..criteria import Criterion
from ..errors import SurveyError
from ..export import results_xlsx
from ..quiz_models import QuizRound
from .access import manager_required

PREVIEW_ROWS = 50


class CampaignForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Tên đợt khảo sát"), max_length=255)
    agencies = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Cơ quan được khảo sát"),
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    returned_from = forms.DateField(
        label=gettext_lazy("Hồ sơ trả kết quả từ ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )
    returned_to = forms.DateField(
        label=gettext_lazy("đến ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )
    sample_per_agency = forms.IntegerField(
        label=gettext_lazy("Cỡ mẫu mỗi cơ quan"), min_value=1, max_value=10_000, initial=100
    )
    opens_at = forms.DateField(
        label=gettext_lazy("Nhận trả lời từ ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_at = forms.DateField(
        label=gettext_lazy("Hạn trả lời (hết ngày)"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = Agency.objects.filter(
            pk__in=subtree_ids(staff.agency_id)
        ).order_by("name")


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=selectors.ZONE)


@manager_required
def campaign_list(request):
    campaigns = selectors.managed_campaigns(request.staff).prefetch_related("agencies")
    rounds = QuizRound.objects.filter(owner_agency_id__in=subtree_ids(request.staff.agency_id))
    return render(
        request,
        "surveys/office_list.html",
        {"campaigns": campaigns, "rounds": rounds, "now": timezone.now(), "section": "surveys"},
    )


@manager_required
def campaign_create(request):
    form = CampaignForm(request.POST or None, staff=request.staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.create_campaign(
                staff=request.staff,
                name=data["name"],
                agencies=list(data["agencies"]),
                returned_from=data["returned_from"],
                returned_to=data["returned_to"],
                sample_per_agency=data["sample_per_agency"],
                opens_at=_day_start(data["opens_at"]),
                closes_at=_day_start(data["closes_at"] + dt.timedelta(days=1)),
                now=timezone.now(),
            )
        except SurveyError as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.messages[0])
        else:
            return redirect("survey_office:detail", campaign.pk)
    return render(request, "surveys/office_create.html", {"form": form, "section": "surveys"})


@manager_required
def campaign_detail(request, pk: int):
    campaign = get_object_or_404(selectors.managed_campaigns(request.staff), pk=pk)
    sample = selectors.draw_sample(campaign) if campaign.state == campaign.State.DRAFT else []
    per_agency: dict[int, int] = {}
    for row in sample:
        per_agency[row.agency_id] = per_agency.get(row.agency_id, 0) + 1
    agencies = list(campaign.agencies.order_by("name"))
    return render(
        request,
        "surveys/office_detail.html",
        {
            "campaign": campaign,
            "agencies": [(a, per_agency.get(a.pk, 0)) for a in agencies],
            "names": {a.pk: a.name for a in agencies},
            "preview": sample[:PREVIEW_ROWS],
            "sample_size": len(sample),
            "questions": campaign.questions.all(),
            "invited": campaign.invitations.count(),
            "answered": campaign.responses.count(),
            "section": "surveys",
        },
    )


@manager_required
@require_POST
def campaign_send(request, pk: int):
    campaign = get_object_or_404(selectors.managed_campaigns(request.staff), pk=pk)
    try:
        sent = services.send_invitations(campaign=campaign, staff=request.staff, now=timezone.now())
    except SurveyError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, _("Đã gửi %(n)s lời mời qua hộp thư đi.") % {"n": sent})
    return redirect("survey_office:detail", campaign.pk)


@manager_required
@require_POST
def campaign_close(request, pk: int):
    campaign = get_object_or_404(selectors.managed_campaigns(request.staff), pk=pk)
    services.close_campaign(campaign=campaign, staff=request.staff, now=timezone.now())
    messages.success(request, _("Đã kết thúc đợt khảo sát."))
    return redirect("survey_office:detail", campaign.pk)


@manager_required
def campaign_results(request, pk: int):
    campaign = get_object_or_404(selectors.managed_campaigns(request.staff), pk=pk)
    figures = results.campaign_results(campaign)
    labels = dict(Criterion.choices)
    blocks = [
        {
            "agency": agency,
            "survey": figures.rows_for(agency.agency_id, results.SURVEY),
            "ratings": figures.rows_for(agency.agency_id, results.RATINGS),
        }
        for agency in figures.agencies
    ]
    return render(
        request,
        "surveys/results.html",
        {
            "campaign": campaign,
            "blocks": blocks,
            "labels": labels,
            "criteria": Criterion.choices,
            "section": "reports",
        },
    )


@manager_required
def campaign_results_xlsx(request, pk: int):
    campaign = get_object_or_404(selectors.managed_campaigns(request.staff), pk=pk)
    response = HttpResponse(
        results_xlsx(results.campaign_results(campaign)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="khao-sat-{campaign.pk}.xlsx"'
    return response


@manager_required
@require_POST
def round_publish(request, pk: int):
    quiz_round = get_object_or_404(
        QuizRound.objects.filter(owner_agency_id__in=subtree_ids(request.staff.agency_id)), pk=pk
    )
    try:
        quiz.publish_results(quiz_round=quiz_round, staff=request.staff, now=timezone.now())
    except SurveyError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, _("Đã công bố kết quả %(round)s.") % {"round": quiz_round.title})
    return redirect("survey_office:list")
