"""The actions the dossier page offers: for each, the form that collects its input and the service
call that performs it. Which ones are offered comes from `transitions.allowed_actions` only."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from motcua.dossiers import services
from motcua.dossiers.states import Action
from motcua.org.models import Agency

from . import forms


@dataclass(frozen=True)
class Spec:
    form: type[django_forms.Form]
    service: str  # name of the function in motcua.dossiers.services
    call: Callable  # (service function, dossier, actor, cleaned data, now, staff) → dossier
    danger: bool = False
    help: str = ""


def _plain(fn, dossier, actor, data, now, staff):
    return fn(dossier=dossier, actor=actor, now=now)


def _reason(fn, dossier, actor, data, now, staff):
    return fn(dossier=dossier, actor=actor, reason=data["reason"], now=now)


def _supplement(fn, dossier, actor, data, now, staff):
    return fn(dossier=dossier, actor=actor, reasons=data["reason_list"], now=now)


def _extend(fn, dossier, actor, data, now, staff):
    return fn(dossier=dossier, actor=actor, reason=data["reason"], new_due=data["new_due"], now=now)


def _fees(fn, dossier, actor, data, now, staff):
    return fn(
        dossier=dossier, actor=actor, fees=[{"name": data["name"], "amount_vnd": data["amount"]}], now=now
    )


def _accepts(fn, name: str) -> bool:
    return name in inspect.signature(fn).parameters


def _optional(fn, **values) -> dict:
    """Only the keyword arguments the backend's function takes (it grows while we build on it)."""
    return {k: v for k, v in values.items() if _accepts(fn, k)}


def _complete_step(fn, dossier, actor, data, now, staff):
    files = [data["files"]] if data.get("files") else []
    return fn(dossier=dossier, actor=actor, now=now, **_optional(fn, note=data.get("note", ""), files=files))


def _return_step(fn, dossier, actor, data, now, staff):
    return fn(dossier=dossier, actor=actor, reason=data["reason"], now=now)


def _transfer(fn, dossier, actor, data, now, staff):
    agency = Agency.objects.get(pk=data["agency"])
    return fn(
        dossier=dossier, actor=actor, agency=agency, now=now, **_optional(fn, note=data.get("note", ""))
    )


def _resolve(fn, dossier, actor, data, now, staff):
    extra = _optional(fn, result=data.get("result"), sign=data.get("sign", False))
    return fn(dossier=dossier, actor=actor, now=now, **extra)


def _deliver(fn, dossier, actor, data, now, staff):
    return fn(dossier=dossier, actor=actor, received_by=data["received_by"], channel=data["channel"], now=now)


SPECS: dict[str, Spec] = {
    Action.RECEIVE: Spec(
        forms.EmptyForm, "accept_submission", _plain, help=_("Hồ sơ đầy đủ: tiếp nhận và hẹn trả.")
    ),
    Action.REQUEST_SUPPLEMENT: Spec(
        forms.SupplementRequestForm,
        "request_supplement",
        _supplement,
        help=_("Một lần, đầy đủ: ghi rõ từng giấy tờ cần bổ sung và lý do. Thời hạn giải quyết tạm dừng."),
    ),
    Action.SUPPLEMENT: Spec(forms.EmptyForm, "supplement", _plain, help=_("Người nộp đã bổ sung đủ.")),
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
    Action.RETURN_STEP: Spec(forms.ReasonForm, "return_step", _return_step),
    Action.TRANSFER: Spec(forms.TransferForm, "transfer", _transfer),
    Action.RESOLVE: Spec(forms.ResolveForm, "resolve", _resolve),
    Action.DELIVER: Spec(forms.DeliverForm, "deliver", _deliver),
}


def service_for(action: str):
    """The backend function for `action`, or None while it has not landed."""
    spec = SPECS.get(action)
    return getattr(services, spec.service, None) if spec else None


def make_form(action: str, dossier, *, data=None, files=None, transfer_agencies=()):
    spec = SPECS[action]
    kwargs = {"data": data, "files": files, "prefix": action}
    if spec.form is forms.SupplementRequestForm:
        kwargs["papers"] = list(dossier.papers.all())
    if spec.form is forms.TransferForm:
        kwargs["agencies"] = transfer_agencies
    return spec.form(**kwargs)
