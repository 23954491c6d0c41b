"""The citizen's feedback screens: sending one (one thing per page, GOV.UK style; the answers kept in
the session until sent), their own list in their account (answer, rating, reopening, supplement), and
the published answers (masked). Screens parse and render; motcua.feedback checks and writes."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from motcua.core.files import serve
from motcua.feedback import selectors, services
from motcua.feedback.access import Actor, offered_actions, visible_feedback
from motcua.feedback.states import Channel, Kind, Rating, State, Subject
from motcua.org.models import Agency
from motcua.portal.accounts import identity

SESSION_KEY = "feedback_draft"
STEPS = ("kind", "subject", "about", "content", "sender", "review")


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Bạn muốn gửi"), choices=Kind.choices, widget=forms.RadioSelect
    )


class SubjectForm(forms.Form):
    subject = forms.ChoiceField(
        label=gettext_lazy("Về việc"), choices=Subject.choices, widget=forms.RadioSelect
    )


class AboutForm(forms.Form):
    dossier_code = forms.CharField(label=gettext_lazy("Mã hồ sơ"), max_length=64, required=False)
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Cơ quan"), queryset=Agency.objects.order_by("name"), required=False
    )

    def __init__(self, *args, subject: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.subject = subject

    def clean(self):
        data = super().clean()
        if self.subject == Subject.DOSSIER and not (data.get("dossier_code") or "").strip():
            self.add_error("dossier_code", _("Hãy nhập mã hồ sơ bạn phản ánh."))
        if self.subject != Subject.DOSSIER and data.get("agency") is None:
            self.add_error("agency", _("Hãy chọn cơ quan nhận phản ánh."))
        return data


class ContentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Tiêu đề"), max_length=200)
    content = forms.CharField(label=gettext_lazy("Nội dung"), max_length=10000, widget=forms.Textarea)


class SenderForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Họ và tên hoặc tên tổ chức"), max_length=150)
    is_organisation = forms.BooleanField(label=gettext_lazy("Tôi gửi thay mặt một tổ chức"), required=False)
    email = forms.EmailField(label=gettext_lazy("Thư điện tử"), required=False)
    phone = forms.RegexField(
        label=gettext_lazy("Số điện thoại"), regex=r"^\+?[0-9 .]{9,15}$", max_length=20, required=False
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("email") or data.get("phone")):
            raise ValidationError(_("Hãy nhập thư điện tử hoặc số điện thoại để nhận trả lời."))
        return data


FORMS = {
    "kind": KindForm,
    "subject": SubjectForm,
    "about": AboutForm,
    "content": ContentForm,
    "sender": SenderForm,
}
TITLES = {
    "kind": gettext_lazy("Bạn muốn gửi phản ánh hay kiến nghị?"),
    "subject": gettext_lazy("Phản ánh, kiến nghị về việc gì?"),
    "about": gettext_lazy("Hồ sơ hoặc cơ quan liên quan"),
    "content": gettext_lazy("Nội dung phản ánh, kiến nghị"),
    "sender": gettext_lazy("Thông tin người gửi"),
}


def _steps(request) -> list[str]:
    """The pages in order; a logged-in citizen is not asked who they are (the account says it)."""
    return [s for s in STEPS if not (s == "sender" and request.user.is_authenticated)]


def _url(step: str) -> str:
    return (
        reverse("portal:feedback-send")
        if step == "kind"
        else reverse("portal:feedback-send-step", args=[step])
    )


def sender_of(request) -> services.Sender | None:
    """From the account when logged in (VNeID's verified attributes, else the local account's confirmed
    contact), never from the form."""
    if not request.user.is_authenticated:
        return None
    verified = identity.identity_of(request)
    if verified:
        return services.Sender(
            name=verified.get("organisation") or verified.get("full_name") or request.user.get_username(),
            email=verified.get("email", ""),
            phone=verified.get("phone", ""),
            is_organisation=bool(verified.get("organisation")),
            user=request.user,
            verified=True,
        )
    user = request.user
    return services.Sender(name=user.get_full_name() or user.get_username(), email=user.email, user=user)


def _summary(draft: dict) -> list[tuple[str, str]]:
    rows = [
        (_("Loại"), Kind(draft["kind"]).label if draft.get("kind") in Kind.values else ""),
        (_("Về việc"), Subject(draft["subject"]).label if draft.get("subject") in Subject.values else ""),
    ]
    if draft.get("dossier_code"):
        rows.append((_("Mã hồ sơ"), draft["dossier_code"]))
    if draft.get("agency"):
        agency = Agency.objects.filter(pk=draft["agency"]).first()
        rows.append((_("Cơ quan"), agency.name if agency else ""))
    rows += [(_("Tiêu đề"), draft.get("title", "")), (_("Nội dung"), draft.get("content", ""))]
    return rows


@require_http_methods(["GET", "POST"])
def send_step(request, step: str):
    steps = _steps(request)
    if step not in steps:
        raise Http404
    draft = request.session.get(SESSION_KEY, {})
    index = steps.index(step)
    for earlier in steps[:index]:  # a page skipped (a bookmark, the back button): answer it first
        if not any(key in draft for key in FORMS[earlier].base_fields):
            return redirect(_url(earlier))
    back = _url(steps[index - 1]) if index else reverse("portal:feedback")
    context = {"step": step, "back": back, "draft": draft, "number": index + 1, "total": len(steps)}
    if step == "review":
        return _review(request, draft, context)
    form_class = FORMS[step]
    kwargs = {"subject": draft.get("subject", "")} if step == "about" else {}
    initial = {k: draft.get(k) for k in form_class.base_fields}
    form = form_class(request.POST or None, initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        for key, value in form.cleaned_data.items():
            draft[key] = value.pk if isinstance(value, Agency) else value
        if step == "about":  # one of the two, as the subject asks
            if draft.get("subject") == Subject.DOSSIER:
                draft["agency"] = None
            else:
                draft["dossier_code"] = ""
        request.session[SESSION_KEY] = draft
        return redirect(_url(steps[index + 1]))
    context.update(form=form, title=TITLES[step])
    return render(request, "portal/feedback/step.html", context)


def _review(request, draft: dict, context: dict):
    sender = sender_of(request)
    if sender is None:
        sender = services.Sender(
            name=draft["name"],
            email=draft.get("email", ""),
            phone=draft.get("phone", ""),
            is_organisation=bool(draft.get("is_organisation")),
        )
    errors = []
    if request.method == "POST":
        try:
            feedback = services.submit_feedback(
                kind=draft["kind"],
                subject=draft["subject"],
                title=draft["title"],
                content=draft["content"],
                channel=Channel.PORTAL,
                sender=sender,
                actor=Actor.sender(request.user if request.user.is_authenticated else None, sender.name),
                addressed_agency=Agency.objects.filter(pk=draft.get("agency") or 0).first(),
                dossier_code=draft.get("dossier_code") or "",
                files=request.FILES.getlist("files"),
                now=timezone.now(),
            )
        except ValidationError as error:
            errors = error.messages
        else:
            request.session.pop(SESSION_KEY, None)
            request.session["feedback_sent"] = feedback.code
            return redirect("portal:feedback-sent", code=feedback.code)
    context.update(rows=_summary(draft), sender=sender, errors=errors, limit=services.MAX_FILES)
    return render(request, "portal/feedback/review.html", context)


@require_GET
def sent(request, code: str):
    # Only the browser that sent it sees this page (the code alone names nothing).
    if request.session.get("feedback_sent") != code:
        raise Http404
    return render(request, "portal/feedback/sent.html", {"code": code})


@require_GET
def published_list(request):
    query = request.GET.get("q", "")
    page = Paginator(selectors.published(query), 20).get_page(request.GET.get("page"))
    return render(request, "portal/feedback/published_list.html", {"page": page, "q": query[:100]})


@require_GET
def published_detail(request, code: str):
    item = get_object_or_404(selectors.published(), code=code)
    return render(request, "portal/feedback/published_detail.html", {"item": item})


@login_required
@require_GET
def my_feedback(request):
    return render(request, "portal/feedback/mine.html", {"items": selectors.own(request.user)})


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("Bạn đánh giá trả lời này"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Ý kiến (không bắt buộc)"), max_length=2000, required=False, widget=forms.Textarea
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do đề nghị xem xét lại"), max_length=2000, widget=forms.Textarea
    )


class SupplementForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Thông tin bổ sung"), max_length=5000, widget=forms.Textarea)


@login_required
@require_http_methods(["GET", "POST"])
def my_feedback_detail(request, code: str):
    item = get_object_or_404(selectors.own(request.user), code=code)
    actor = Actor.sender(request.user, item.sender_name)
    offered = offered_actions(actor, item)
    action = request.POST.get("action", "")
    forms_by_action = {"rate": RateForm, "reopen": ReasonForm, "supplement": SupplementForm}
    bound = {}
    errors: list[str] = []
    if request.method == "POST":
        if action not in offered or action not in forms_by_action:
            raise PermissionDenied
        form = forms_by_action[action](request.POST)
        bound[action] = form
        if form.is_valid():
            data, now = form.cleaned_data, timezone.now()
            try:
                if action == "rate":
                    services.rate(
                        feedback=item, actor=actor, rating=data["rating"], comment=data["comment"], now=now
                    )
                elif action == "reopen":
                    services.reopen(feedback=item, actor=actor, reason=data["reason"], now=now)
                else:
                    services.supplement(
                        feedback=item,
                        actor=actor,
                        text=data["text"],
                        files=request.FILES.getlist("files"),
                        now=now,
                    )
            except ValidationError as error:
                errors = error.messages
            else:
                return redirect("portal:my-feedback-detail", code=item.code)
    show = {
        "rate": item.state == State.PUBLISHED
        and (item.rated_at is None or item.rated_at < item.published_at),
        "reopen": item.state == State.PUBLISHED
        and item.rating == Rating.NOT_SATISFIED
        and not item.reopen_count,
        "supplement": item.state == State.SUPPLEMENT_REQUESTED,
    }
    action_forms = {
        name: bound.get(name) or forms_by_action[name]()
        for name in forms_by_action
        if name in offered and show[name]
    }
    return render(
        request,
        "portal/feedback/mine_detail.html",
        {"item": item, "forms": action_forms, "errors": errors, "attachments": item.attachments.all()},
    )


@login_required
@require_GET
def attachment(request, code: str, pk: int):
    """A file of the citizen's own feedback: through the access rule, never a public URL."""
    item = get_object_or_404(visible_feedback(request.user), code=code)
    stored = get_object_or_404(item.attachments, pk=pk)
    return serve(stored.file, filename=stored.name, inline=stored.content_type.startswith("image/"))
