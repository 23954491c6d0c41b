"""The actions the dossier page offers: for each, the form that collects its input and the service
call that performs it. Which ones are offered comes from `transitions.allowed_actions` only (plus,
for step actions, whether this officer holds a step they apply to)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers import services
from motcua.dossiers.models import DossierStep, PaperSource, StepState
from motcua.dossiers.selectors import supplement_request_items
from motcua.dossiers.states import Action
from motcua.org.models import Agency, Staff

from . import forms


@dataclass(frozen=True)
class Spec:
    form: type[django_forms.Form]
    service: str  # name of the function in motcua.dossiers.services
    call: Callable  # (service function, dossier, actor, cleaned data, now) → dossier
    danger: bool = False
    help: str = ""


def _plain(fn, dossier, actor, data, now):
    return fn(dossier=dossier, actor=actor, now=now)


def _reason(fn, dossier, actor, data, now):
    return fn(dossier=dossier, actor=actor, reason=data["reason"], now=now)


def _request_supplement(fn, dossier, actor, data, now):
    return fn(dossier=dossier, actor=actor, reasons=data["reason_list"], now=now)


def desk_paper(requirement, name: str, count: int, kind: str, upload) -> services.PaperData:
    """A paper handed over at the desk (intake or supplement): scanned when a file is attached."""
    return services.PaperData(
        name=name,
        kind=kind,
        count=count,
        requirement_id=requirement.pk if requirement is not None else None,
        source=PaperSource.SCANNED if upload else PaperSource.PAPER,
        file=upload,
    )


def _supplement(fn, dossier, actor, data, now):
    papers = [desk_paper(*paper) for paper in data["received"]]
    return fn(dossier=dossier, actor=actor, papers=papers, now=now)


def _extend(fn, dossier, actor, data, now):
    return fn(dossier=dossier, actor=actor, reason=data["reason"], new_due=data["new_due"], now=now)


def _fees(fn, dossier, actor, data, now):
    return fn(
        dossier=dossier, actor=actor, fees=[{"name": data["name"], "amount_vnd": data["amount"]}], now=now
    )


def _complete_step(fn, dossier, actor, data, now):
    files = [data["files"]] if data.get("files") else []
    return fn(
        dossier=dossier, actor=actor, step=data["step"], note=data.get("note", ""), files=files, now=now
    )


def _return_step(fn, dossier, actor, data, now):
    return fn(dossier=dossier, actor=actor, to_step=data["to_step"], reason=data["reason"], now=now)


def _transfer(fn, dossier, actor, data, now):
    return fn(
        dossier=dossier,
        actor=actor,
        agency=Agency.objects.get(pk=data["agency"]),
        work=data["work"],
        budget=data["budget"],
        parallel=data.get("parallel", False),
        note=data.get("note", ""),
        now=now,
    )


def _assign(fn, dossier, actor, data, now):
    step = DossierStep.objects.select_related("dossier").get(pk=data["step"], dossier=dossier)
    return fn(step=step, assignee=Staff.objects.get(pk=data["assignee"]), actor=actor, now=now)


def _attach(fn, dossier, actor, data, now):
    return fn(
        dossier=dossier,
        actor=actor,
        file=data.get("file"),
        generate=bool(data.get("generate")),
        sign=bool(data.get("sign")),
        now=now,
    )


def _resolve(fn, dossier, actor, data, now):
    if data.get("result"):
        services.attach_result(dossier=dossier, actor=actor, file=data["result"], sign=True, now=now)
    return fn(dossier=dossier, actor=actor, now=now)


def _deliver(fn, dossier, actor, data, now):
    return fn(dossier=dossier, actor=actor, received_by=data["received_by"], channel=data["channel"], now=now)


SPECS: dict[str, Spec] = {
    Action.RECEIVE: Spec(
        forms.EmptyForm, "accept_submission", _plain, help=_("Hồ sơ đầy đủ: tiếp nhận và hẹn trả.")
    ),
    Action.REQUEST_SUPPLEMENT: Spec(
        forms.SupplementRequestForm,
        "request_supplement",
        _request_supplement,
        help=_("Một lần, đầy đủ: ghi rõ từng giấy tờ cần bổ sung và lý do. Thời hạn giải quyết tạm dừng."),
    ),
    Action.SUPPLEMENT: Spec(
        forms.SupplementForm,
        "supplement",
        _supplement,
        help=_(
            "Đánh dấu giấy tờ người nộp mang đến bổ sung; ghi số lượng, loại bản và đính kèm bản quét nếu có. "
            "Thời hạn giải quyết tiếp tục tính."
        ),
    ),
    Action.REFUSE: Spec(forms.ReasonForm, "refuse", _reason, danger=True),
    Action.START_PROCESSING: Spec(forms.EmptyForm, "start_processing", _plain),
    Action.AWAIT_FEES: Spec(forms.FeesForm, "await_fees", _fees),
    Action.PAY_FEES: Spec(forms.EmptyForm, "pay_fees", _plain),
    Action.EXTEND: Spec(
        forms.ExtendForm, "extend", _extend, help=_("Trước khi hết hạn: lý do và ngày hẹn mới (Mẫu 04).")
    ),
    Action.STOP: Spec(forms.ReasonForm, "stop", _reason, danger=True),
    Action.WITHDRAW: Spec(forms.ReasonForm, "withdraw", _reason, danger=True),
    Action.COMPLETE_STEP: Spec(forms.CompleteStepForm, "complete_step", _complete_step),
    Action.RETURN_STEP: Spec(forms.ReturnStepForm, "return_step", _return_step),
    Action.TRANSFER: Spec(forms.TransferForm, "transfer", _transfer),
    "assign_step": Spec(forms.AssignForm, "assign_step", _assign),
    "attach_result": Spec(
        forms.AttachResultForm,
        "attach_result",
        _attach,
        help=_("Lãnh đạo ký số ngay; nếu không, ký khi phê duyệt."),
    ),
    Action.RESOLVE: Spec(
        forms.ResolveForm, "resolve", _resolve, help=_("Phê duyệt và ký số văn bản kết quả.")
    ),
    Action.DELIVER: Spec(forms.DeliverForm, "deliver", _deliver),
}


def service_for(action: str):
    """The backend function for `action`, or None while it has not landed."""
    spec = SPECS.get(action)
    return getattr(services, spec.service, None) if spec else None


class Context:
    """What the forms need to know about the dossier and the officer (read once per page)."""

    def __init__(self, dossier, staff: Staff, roles: set[str], steps: list[DossierStep]):
        self.dossier, self.staff, self.roles, self.steps = dossier, staff, roles, steps

    def my_active_steps(self):
        try:
            from motcua.dossiers.steps import may_act_on_step
        except ImportError:
            return []
        return [
            s
            for s in self.steps
            if s.state == StepState.ACTIVE and may_act_on_step(self.staff, s, self.roles)
        ]

    def done_steps(self):
        active = [s.order for s in self.my_active_steps()]
        top = max(active) if active else 0
        return [s for s in self.steps if s.state == StepState.DONE and s.order < top]

    def transfer_agencies(self):
        version = self.dossier.procedure_version
        ids = set(version.coordinating_agencies.values_list("pk", flat=True)) | set(
            version.implementing_agencies.values_list("pk", flat=True)
        )
        ids.discard(self.dossier.agency_id)
        return list(Agency.objects.filter(pk__in=ids).order_by("name"))

    def assignable(self):
        from motcua.dossiers.steps import may_assign_step

        open_steps = [
            s
            for s in self.steps
            if s.state in (StepState.ACTIVE, StepState.PENDING)
            and s.agency_id == self.staff.agency_id
            and may_assign_step(self.staff, s, self.roles)
        ]
        people = Staff.objects.filter(agency_id=self.staff.agency_id).order_by("full_name")
        return open_steps, list(people)

    def applies(self, action: str) -> bool:
        """Step actions make sense only when this officer holds a step they apply to."""
        if action in (Action.COMPLETE_STEP, Action.TRANSFER):
            return bool(self.my_active_steps())
        if action == Action.RETURN_STEP:
            return bool(self.done_steps())
        if action == "assign_step":
            return bool(self.assignable()[0])
        return True


def make_form(action: str, ctx: Context, *, data=None, files=None):
    spec = SPECS[action]
    kwargs = {"data": data, "files": files, "prefix": action}
    if spec.form is forms.SupplementRequestForm:
        kwargs["papers"] = list(ctx.dossier.papers.all())
    if spec.form is forms.SupplementForm:
        kwargs["requirements"] = list(ctx.dossier.procedure_version.requirements.order_by("order", "id"))
        kwargs["requested"] = supplement_request_items(ctx.dossier)
    if spec.form is forms.TransferForm:
        kwargs["agencies"] = ctx.transfer_agencies()
    form = spec.form(**kwargs)
    if isinstance(form, forms.CompleteStepForm):
        form.set_steps(ctx.my_active_steps())
    elif isinstance(form, forms.ReturnStepForm):
        form.fields["to_step"].choices = [(s.pk, f"{s.order}. {s.work[:90]}") for s in ctx.done_steps()]
    elif isinstance(form, forms.AssignForm):
        steps, people = ctx.assignable()
        form.set_steps(steps)
        form.fields["assignee"].choices = [(p.pk, p.full_name) for p in people]
    return form
