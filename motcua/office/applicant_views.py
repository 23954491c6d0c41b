"""`/can-bo/ho-so/<code>/nguoi-nop/`: a desk officer corrects the shared record of a dossier's
applicant, with a reason (dossiers.applicants.correct_applicant records the before and after).

The dossier's own details (as given at its intake) are not changed: they are what its forms say.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from motcua.dossiers import applicants

from .access import forbidden, staff_required, visible_dossiers

FIELDS = ("full_name", "date_of_birth", "id_number", "organisation", "tax_code", "address", "phone", "email")


class CorrectionForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=128)
    date_of_birth = forms.DateField(
        label=gettext_lazy("Ngày sinh"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    id_number = forms.CharField(label=gettext_lazy("Số định danh cá nhân"), max_length=12, required=False)
    organisation = forms.CharField(label=gettext_lazy("Tên tổ chức"), max_length=255, required=False)
    tax_code = forms.CharField(label=gettext_lazy("Mã số thuế"), max_length=14, required=False)
    address = forms.CharField(label=gettext_lazy("Địa chỉ"), max_length=255, required=False)
    phone = forms.CharField(label=gettext_lazy("Điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=gettext_lazy("Thư điện tử"), required=False)
    reason = forms.CharField(
        label=gettext_lazy("Lý do sửa (bắt buộc)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Ví dụ: ghi sai họ tên so với căn cước công dân xuất trình."),
    )


@staff_required
@require_http_methods(["GET", "POST"])
def correct_applicant(request, code: str):
    dossier = get_object_or_404(visible_dossiers(request.user).select_related("applicant"), code=code)
    person = dossier.applicant
    if not applicants.may_correct(request.staff, person):
        return forbidden(
            request, PermissionDenied(_("Chỉ công chức Bộ phận Một cửa sửa thông tin người nộp."))
        )
    initial = {name: getattr(person, name) for name in FIELDS}
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {
            n: form.cleaned_data[n] for n in FIELDS if (form.cleaned_data[n] or "") != (initial[n] or "")
        }
        try:
            applicants.correct_applicant(
                applicant=person,
                officer=request.staff,
                changes=changes,
                reason=form.cleaned_data["reason"],
                now=timezone.now(),
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
        except PermissionDenied as error:
            return forbidden(request, error)
        else:
            return redirect("office:dossier", code=dossier.code)
    events = list(person.events.select_related("actor").order_by("-at", "-id")[:20])
    return render(
        request,
        "office/applicant_correction.html",
        {"dossier": dossier, "person": person, "form": form, "events": events},
    )
