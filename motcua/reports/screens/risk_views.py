"""The at-risk pages (/bao-cao/nguy-co-tre-han/): the officer's and the head's lists, the Mẫu 04
drafts to review and sign, the bottlenecks. They parse and render; the reports' readers and the
extension command (through `alerts.sign_apology`) do the rest."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.org.auth import staff_of

from .. import alerts
from ..bottlenecks import bottlenecks, slowest_paths
from ..periods import REPORTING_ZONE, parse_period
from ..risk import at_risk_for
from ..scope import require_unit, unit_by_code


@login_required
def at_risk(request):
    scope = "all" if request.GET.get("scope") == "all" else "mine"
    rows = at_risk_for(request.user, mine=scope == "mine")[:200]
    return render(
        request,
        "reports/at_risk.html",
        {"rows": rows, "scope": scope, "drafts": alerts.drafts_for(request.user)[:100]},
    )


def _local_input(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=REPORTING_ZONE)


@login_required
@require_POST
def sign(request, pk: int):
    draft = get_object_or_404(alerts.drafts_for(request.user), pk=pk)
    staff = staff_of(request.user)
    if staff is None:
        raise PermissionDenied
    try:
        new_due = _local_input(request.POST.get("new_due", ""))
        alerts.sign_apology(
            draft=draft,
            staff=staff,
            reason=request.POST.get("reason", "").strip(),
            new_due=new_due,
            now=timezone.now(),
        )
    except ValueError:
        messages.error(request, _("Ngày hẹn mới không hợp lệ."))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            _("Đã ký văn bản xin lỗi và gia hạn (Mẫu 04) của hồ sơ %(code)s.") % {"code": draft.dossier.code},
        )
    # Signed from the dossier's own page: back there (a path of this site only).
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("reports:at-risk")


@login_required
def bottleneck_page(request):
    context: dict = {"params": request.GET}
    if request.GET.get("unit"):
        try:
            unit = unit_by_code(request.GET.get("unit"))
            period = parse_period(request.GET)
            ids = require_unit(request.user, unit)
        except ValidationError as error:
            context["errors"] = error.messages
        else:
            context.update(
                unit=unit, period=period, result=bottlenecks(ids, period), paths=slowest_paths(ids, period)
            )
    return render(request, "reports/bottlenecks.html", context)
