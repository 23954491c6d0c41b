"""The dossier page's rendering of `commands.COMMANDS`: for each action the form that collects
its input. Which actions are offered, what they do and what they confirm are the table's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms as django_forms
from django.utils.translation import gettext as _

from motcua.catalog import fees as catalog_fees
from motcua.dossiers import commands
from motcua.dossiers.audit import Actor
from motcua.dossiers.intake import PaperData
from motcua.dossiers.models import DossierStep, PaperSource
from motcua.dossiers.selectors import supplement_request_items
from motcua.dossiers.states import Action
from motcua.org.models import Agency, Staff

from . import forms


@dataclass(frozen=True)
class Spec:
    """The office's rendering of one command (`commands.COMMANDS`): the form that collects its
    input and how the cleaned data fill the command's typed input. Label, help, confirmation, the
    offer and the service are the command's."""

    form: type[django_forms.Form]
    to_input: Callable  # (cleaned data, dossier) → the command's input dataclass

    def command(self, action) -> commands.Command:
        return commands.COMMANDS[Action(action)]


def desk_paper(requirement, name: str, count: int, kind: str, upload) -> PaperData:
    """A paper handed over at the desk (intake or supplement): scanned when a file is attached."""
    return PaperData(
        name=name,
        kind=kind,
        count=count,
        requirement_id=requirement.pk if requirement is not None else None,
        source=PaperSource.SCANNED if upload else PaperSource.PAPER,
        file=upload,
    )


C = commands

SPECS: dict[str, Spec] = {
    Action.RECEIVE: Spec(forms.EmptyForm, lambda d, dossier: C.NoInput()),
    Action.REQUEST_SUPPLEMENT: Spec(
        forms.SupplementRequestForm, lambda d, dossier: C.SupplementRequestInput(reasons=d["reason_list"])
    ),
    Action.SUPPLEMENT: Spec(
        forms.SupplementForm,
        lambda d, dossier: C.SupplementInput(papers=[desk_paper(*paper) for paper in d["received"]]),
    ),
    Action.REFUSE: Spec(forms.ReasonForm, lambda d, dossier: C.ReasonInput(reason=d["reason"])),
    Action.START_PROCESSING: Spec(forms.EmptyForm, lambda d, dossier: C.NoInput()),
    Action.AWAIT_FEES: Spec(
        forms.FeesForm,
        lambda d, dossier: C.FeesInput(fees=[{"name": d["name"], "amount_vnd": d["amount"]}]),
    ),
    Action.PAY_FEES: Spec(forms.EmptyForm, lambda d, dossier: C.NoInput()),
    Action.EXTEND: Spec(
        forms.ExtendForm, lambda d, dossier: C.ExtendInput(reason=d["reason"], new_due=d["new_due"])
    ),
    Action.STOP: Spec(forms.ReasonForm, lambda d, dossier: C.ReasonInput(reason=d["reason"])),
    Action.WITHDRAW: Spec(forms.ReasonForm, lambda d, dossier: C.ReasonInput(reason=d["reason"])),
    Action.COMPLETE_STEP: Spec(
        forms.CompleteStepForm,
        lambda d, dossier: C.CompleteStepInput(
            step=d["step"], note=d.get("note", ""), files=[d["files"]] if d.get("files") else []
        ),
    ),
    Action.RETURN_STEP: Spec(
        forms.ReturnStepForm, lambda d, dossier: C.ReturnStepInput(to_step=d["to_step"], reason=d["reason"])
    ),
    Action.TRANSFER: Spec(
        forms.TransferForm,
        lambda d, dossier: C.TransferInput(
            agency=Agency.objects.get(pk=d["agency"]),
            work=d["work"],
            budget=d["budget"],
            parallel=d.get("parallel", False),
            note=d.get("note", ""),
        ),
    ),
    Action.ASSIGN_STEP: Spec(
        forms.AssignForm,
        lambda d, dossier: C.AssignStepInput(step=d["step"], assignee=Staff.objects.get(pk=d["assignee"])),
    ),
    Action.ATTACH_RESULT: Spec(
        forms.AttachResultForm,
        lambda d, dossier: C.AttachResultInput(
            file=d.get("file"), generate=bool(d.get("generate")), sign=bool(d.get("sign"))
        ),
    ),
    Action.RESOLVE: Spec(
        forms.ResolveForm,
        lambda d, dossier: C.ResolveInput(result=d.get("result") or None, generate=bool(d.get("generate"))),
    ),
    Action.DELIVER: Spec(
        forms.DeliverForm,
        lambda d, dossier: C.DeliverInput(
            received_by=d["received_by"],
            channel=d["channel"],
            postal_item_number=d.get("postal_item_number", ""),
        ),
    ),
}
assert set(SPECS) == set(commands.COMMANDS), "every command has its office rendering"


class Context:
    """What the forms need to know about the dossier and the officer (read once per page); the
    steps' rules are `commands.Situation`'s, the same the offers read."""

    def __init__(self, dossier, staff: Staff, roles: set[str], steps: list[DossierStep]):
        self.dossier, self.staff, self.roles, self.steps = dossier, staff, roles, steps
        self.actor = Actor.officer(staff)
        self.situation = commands.Situation.of(dossier, steps)

    def offered(self) -> list[Action]:
        return commands.offered(self.actor, self.dossier, situation=self.situation)

    def my_active_steps(self):
        return self.situation.held(self.actor)

    def done_steps(self):
        return self.situation.returnable(self.actor)

    def transfer_agencies(self):
        version = self.dossier.procedure_version
        ids = set(version.coordinating_agencies.values_list("pk", flat=True)) | set(
            version.implementing_agencies.values_list("pk", flat=True)
        )
        ids.discard(self.dossier.agency_id)
        return list(Agency.objects.filter(pk__in=ids).order_by("name"))

    def assignable(self):
        open_steps = [s for s in self.situation.assignable(self.actor) if s.agency_id == self.staff.agency_id]
        people = Staff.objects.filter(agency_id=self.staff.agency_id).order_by("full_name")
        return open_steps, list(people)


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
    suggested = None
    if spec.form is forms.FeesForm:
        # By version and channel: the catalogue keeps no fees per case yet (catalog.fees.fee_for).
        suggested = catalog_fees.suggested_request(ctx.dossier.procedure_version, channel=ctx.dossier.channel)
        if suggested is not None:  # prefilled from the catalogue; the officer may correct it
            kwargs["initial"] = {"name": suggested.name, "amount": suggested.amount}
    if spec.form is forms.DeliverForm and ctx.dossier.return_channel:
        # the way the applicant asked to receive the result (online: the electronic copy)
        kwargs["initial"] = {"channel": ctx.dossier.return_channel}
    form = spec.form(**kwargs)
    if suggested is not None:
        form.fields["amount"].help_text = _("Theo danh mục thủ tục (1 trang, 1 bản): %(lines)s") % {
            "lines": suggested.explanation
        }
    if isinstance(form, forms.CompleteStepForm):
        form.set_steps(ctx.my_active_steps())
    elif isinstance(form, forms.ReturnStepForm):
        form.fields["to_step"].choices = [(s.pk, f"{s.order}. {s.work[:90]}") for s in ctx.done_steps()]
    elif isinstance(form, forms.AssignForm):
        steps, people = ctx.assignable()
        form.set_steps(steps)
        form.fields["assignee"].choices = [(p.pk, p.full_name) for p in people]
    return form
