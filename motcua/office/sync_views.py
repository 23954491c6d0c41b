"""The control office's screen for the national portal sync (issue 13): the failed and dead
records of the dossiers the officer sees, and their replay (who and when kept on the record).
Procedure-control officers and administrators only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.dossiers import national_sync
from motcua.org.models import Role

from .access import forbidden, roles_of, staff_required, visible_dossiers

SYNC_ROLES = frozenset({Role.CONTROL_OFFICER, Role.ADMINISTRATOR})
PAGE = 50


def may_replay(staff) -> bool:
    return bool(roles_of(staff) & SYNC_ROLES)


def _refusal(request):
    return forbidden(
        request,
        PermissionDenied(
            _("Chỉ cán bộ kiểm soát thủ tục hành chính và quản trị hệ thống được gửi lại bản ghi đồng bộ.")
        ),
    )


@staff_required
@require_GET
def sync_problems(request):
    if not may_replay(request.staff):
        return _refusal(request)
    wanted = request.GET.get("trang-thai", "")
    statuses = [wanted] if wanted in national_sync.PROBLEMS else list(national_sync.PROBLEMS)
    rows = national_sync.problems(visible_dossiers(request.user), statuses).select_related("replayed_by")
    page = Paginator(rows, PAGE).get_page(request.GET.get("trang"))
    return render(
        request,
        "office/sync_problems.html",
        {
            "section": "sync",
            "page": page,
            "wanted": wanted if wanted in national_sync.PROBLEMS else "",
            "statuses": [(s, national_sync.Status(s).label) for s in national_sync.PROBLEMS],
        },
    )


@staff_required
@require_POST
def sync_replay(request, pk: int):
    if not may_replay(request.staff):
        return _refusal(request)
    # Only a record of a dossier this officer sees: another agency's record is not found.
    if not national_sync.problems(visible_dossiers(request.user)).filter(pk=pk).exists():
        messages.warning(request, _("Bản ghi không còn ở trạng thái lỗi (đã được gửi lại hoặc đã gửi được)."))
    elif national_sync.replay(pk, user=request.user):
        messages.success(request, _("Đã xếp bản ghi để gửi lại lên Cổng Dịch vụ công quốc gia."))
    return redirect("office:sync_problems")
