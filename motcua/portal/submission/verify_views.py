"""/xac-minh/: anyone uploads a PDF result and learns whether it carries a valid MotCua signature
(who signed, when). The file is checked (core.uploads) and verified in memory, never stored."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.core.uploads import check_upload
from motcua.dossiers import store


@require_http_methods(["GET", "POST"])
def verify(request):
    context: dict = {"errors": [], "checks": None}
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError("")
            checked = check_upload(upload, kinds={"pdf"})
            context["checks"] = store.signature_checks(checked.file.read())
            context["valid"] = bool(context["checks"]) and all(
                c["ok"] and c["whole"] for c in context["checks"]
            )
        except ValidationError as error:
            context["errors"] = [m for m in error.messages if m] or [_("Chọn tệp PDF kết quả cần xác minh.")]
    status = 400 if context["errors"] else 200
    return render(request, "portal/verify.html", context, status=status)
