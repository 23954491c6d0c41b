"""The officers' feedback screens: the queue (control office: to classify, route and publish; the
competent agency: to answer), an item with the actions offered to this officer, and the entry of a
feedback received at the desk or by the hotline. Rules live in motcua.feedback."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from motcua.core.files import serve
from motcua.feedback import selectors, services
from motcua.feedback.access import Actor, offered_actions, visible_feedback
from motcua.feedback.models import Feedback
from motcua.feedback.states import Action, Category, Channel, Kind, Subject
from motcua.org.models import Agency

from .access import staff_required


class EntryForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("Kênh tiếp nhận"),
        choices=[(value, label) for value, label in Channel.choices if value != Channel.PORTAL],
    )
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=Kind.choices)
    subject = forms.ChoiceField(label=gettext_lazy("Về việc"), choices=Subject.choices)
    dossier_code = forms.CharField(label=gettext_lazy("Mã hồ sơ"), max_length=64, required=False)
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Gửi tới cơ quan"), queryset=Agency.objects.order_by("name"), required=False
    )
    title = forms.CharField(label=gettext_lazy("Tiêu đề"), max_length=200)
    content = forms.CharField(label=gettext_lazy("Nội dung"), max_length=10000, widget=forms.Textarea)
    name = forms.CharField(label=gettext_lazy("Họ tên người gửi"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("Thư điện tử"), required=False)
    phone = forms.RegexField(label=gettext_lazy("Số điện thoại"), regex=r"^\+?[0-9 .]{9,15}$", required=False)


class RouteForm(forms.Form):
    category = forms.ChoiceField(
        label=gettext_lazy("Phân loại"),
        choices=[(value, label) for value, label in Category.choices if value != Category.OUT_OF_SCOPE],
    )
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Cơ quan có thẩm quyền"), queryset=Agency.objects.order_by("name")
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Lý do"), max_length=2000, widget=forms.Textarea)


class LinkForm(forms.Form):
    original = forms.CharField(label=gettext_lazy("Mã phản ánh gốc"), max_length=20)


class TextForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Thông tin người gửi bổ sung"), max_length=5000, widget=forms.Textarea
    )


class AnswerForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Nội dung trả lời"), max_length=20000, widget=forms.Textarea)


class PublishForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Tiêu đề công khai"), max_length=200)
    content = forms.CharField(label=gettext_lazy("Nội dung công khai"), widget=forms.Textarea)
    answer = forms.CharField(label=gettext_lazy("Trả lời công khai"), widget=forms.Textarea)
    confirmed = forms.BooleanField(
        label=gettext_lazy(
            "Tôi đã kiểm tra: không còn họ tên, số giấy tờ, số điện thoại, địa chỉ của cá nhân."
        )
    )


ACTION_FORMS = {
    Action.ROUTE: RouteForm,
    Action.REFUSE: ReasonForm,
    Action.LINK: LinkForm,
    Action.REQUEST_SUPPLEMENT: ReasonForm,
    Action.SUPPLEMENT: TextForm,
    Action.ANSWER: AnswerForm,
    Action.PUBLISH: PublishForm,
}


@staff_required
@require_GET
def feedback_queue(request):
    now = timezone.now()
    rows = selectors.queue(request.staff, now)
    return render(request, "office/feedback_queue.html", {"rows": rows, "now": now, "section": "feedback"})


@staff_required
@require_http_methods(["GET", "POST"])
def feedback_new(request):
    form = EntryForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.submit_feedback(
                kind=data["kind"],
                subject=data["subject"],
                title=data["title"],
                content=data["content"],
                channel=data["channel"],
                sender=services.Sender(name=data["name"], email=data["email"], phone=data["phone"] or ""),
                actor=Actor.officer(request.staff),
                addressed_agency=data["agency"] or (None if data["dossier_code"] else request.staff.agency),
                dossier_code=data["dossier_code"],
                files=request.FILES.getlist("files"),
                now=timezone.now(),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            if visible_feedback(request.user).filter(pk=item.pk).exists():
                return redirect("office:feedback", code=item.code)
            return render(request, "office/feedback_entered.html", {"item": item, "section": "feedback"})
    return render(
        request, "office/feedback_new.html", {"form": form, "errors": errors, "section": "feedback"}
    )


def _run(action: str, item: Feedback, actor: Actor, data: dict, files, now):
    if action == Action.ROUTE:
        return services.route(
            feedback=item, actor=actor, category=data["category"], agency=data["agency"], now=now
        )
    if action == Action.REFUSE:
        return services.refuse(feedback=item, actor=actor, reason=data["reason"], now=now)
    if action == Action.LINK:
        original = visible_feedback(actor.user).filter(code=data["original"].strip()).first()
        if original is None:
            raise ValidationError(
                _("Không tìm thấy phản ánh gốc trong phạm vi của bạn."), code="original_unknown"
            )
        return services.link_repeat(feedback=item, actor=actor, original=original, now=now)
    if action == Action.REQUEST_SUPPLEMENT:
        return services.request_supplement(feedback=item, actor=actor, reason=data["reason"], now=now)
    if action == Action.SUPPLEMENT:
        return services.supplement(feedback=item, actor=actor, text=data["text"], files=files, now=now)
    if action == Action.ANSWER:
        return services.answer(feedback=item, actor=actor, text=data["text"], now=now)
    if action == Action.PUBLISH:
        return services.publish_answer(feedback=item, actor=actor, now=now, **data)
    raise PermissionDenied


@staff_required
@require_http_methods(["GET", "POST"])
def feedback_detail(request, code: str):
    item = get_object_or_404(
        visible_feedback(request.user).select_related("addressed_agency", "handler_agency", "dossier"),
        code=code,
    )
    actor = Actor.officer(request.staff)
    offered = [a for a in offered_actions(actor, item) if a in ACTION_FORMS]
    bound: dict[str, forms.Form] = {}
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in offered:
            raise PermissionDenied(_("Thao tác này không có cho phản ánh ở trạng thái hiện tại."))
        form = ACTION_FORMS[action](request.POST)
        bound[action] = form
        if form.is_valid():
            try:
                _run(action, item, actor, form.cleaned_data, request.FILES.getlist("files"), timezone.now())
            except ValidationError as error:
                errors = error.messages
            else:
                return (
                    redirect("office:feedback", code=item.code)
                    if visible_feedback(request.user).filter(pk=item.pk).exists()
                    else redirect("office:feedback_queue")
                )
    initial = {}
    if Action.PUBLISH in offered:
        initial[Action.PUBLISH] = selectors.masked_draft(item)  # the officer sees, corrects, confirms
    if Action.ROUTE in offered and item.dossier_id:
        initial[Action.ROUTE] = {"agency": item.dossier.agency_id}
    action_forms = [
        (action, Action(action).label, bound.get(action) or ACTION_FORMS[action](initial=initial.get(action)))
        for action in offered
    ]
    now = timezone.now()
    row = selectors.row_of(item, now)
    return render(
        request,
        "office/feedback_detail.html",
        {
            "item": item,
            "row": row,
            "forms": action_forms,
            "errors": errors,
            "events": item.events.select_related("actor"),
            "attachments": item.attachments.all(),
            "repeats": selectors.possible_repeats(item)[:10] if Action.LINK in offered else [],
            "section": "feedback",
        },
    )


@staff_required
@require_GET
def feedback_file(request, code: str, pk: int):
    item = get_object_or_404(visible_feedback(request.user), code=code)
    stored = get_object_or_404(item.attachments, pk=pk)
    return serve(stored.file, filename=stored.name, inline=stored.content_type.startswith("image/"))
