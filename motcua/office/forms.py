"""Forms of the workspace. They only parse and check input; the services decide and write."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.core import uploads
from motcua.dossiers.lifecycle import MAX_FEE_VND
from motcua.dossiers.models import ApplicantKind, ResultChannel, ReturnPlace
from motcua.dossiers.states import Channel, State

#: What the file inputs offer (the content is checked anyway: core.uploads.check_upload).
SCAN_TYPES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
PAPER_KINDS = [
    ("original", _("Bản chính")),
    ("copy", _("Bản sao")),
    ("electronic", _("Bản điện tử")),
]


class ScanField(forms.FileField):
    """A scan (PDF, JPEG, PNG) through the one upload check: the cleaned value is the checked file
    (safe name, extension from the content)."""

    def __init__(self, *args, kinds=uploads.ALL_KINDS, **kwargs):
        self.kinds = kinds
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        return uploads.check_upload(upload, kinds=self.kinds).file


class PaperRowsMixin:
    """One row of fields per paper of the procedure: received (tick), count, kind, scan. Shared by
    the intake and the supplement forms (template: office/partials/paper_rows.html)."""

    def add_paper_rows(self, requirements) -> None:
        self.requirements = list(requirements)
        for req in self.requirements:
            self.fields[f"paper_{req.pk}"] = forms.BooleanField(label=req.name, required=False)
            self.fields[f"count_{req.pk}"] = forms.IntegerField(
                label=_("Số lượng"), min_value=1, max_value=99, initial=req.quantity or 1, required=False
            )
            kind = req.kind if req.kind in dict(PAPER_KINDS) else "original"
            self.fields[f"kind_{req.pk}"] = forms.ChoiceField(
                label=_("Loại bản"), choices=PAPER_KINDS, initial=kind, required=False
            )
            self.fields[f"file_{req.pk}"] = ScanField(label=_("Bản quét"), required=False)

    def paper_rows(self):
        """(requirement, ticked field, count field, kind field, file field) for the template."""
        for req in self.requirements:
            yield {
                "requirement": req,
                "tick": self[f"paper_{req.pk}"],
                "count": self[f"count_{req.pk}"],
                "kind": self[f"kind_{req.pk}"],
                "file": self[f"file_{req.pk}"],
            }

    def ticked_papers(self):
        """(requirement, count, kind, file) for every paper the officer ticked."""
        data = self.cleaned_data
        for req in self.requirements:
            if data.get(f"paper_{req.pk}"):
                yield (
                    req,
                    data.get(f"count_{req.pk}") or 1,
                    data.get(f"kind_{req.pk}") or "original",
                    data.get(f"file_{req.pk}"),
                )


class IntakeForm(PaperRowsMixin, forms.Form):
    """The desk's intake: applicant, channel and one row of fields per required paper."""

    agency = forms.TypedChoiceField(label=_("Cơ quan giải quyết"), coerce=int)
    version = forms.IntegerField(widget=forms.HiddenInput)
    # One token per intake screen: a second click, or the browser resending the form, finds the
    # dossier the first one created instead of receiving it twice (the service's idempotency key).
    submission = forms.RegexField(regex=r"^[0-9a-f]{32}$", required=False, widget=forms.HiddenInput)
    channel = forms.TypedChoiceField(
        label=_("Hình thức tiếp nhận"),
        coerce=int,
        choices=[(Channel.DESK.value, Channel.DESK.label), (Channel.POST.value, Channel.POST.label)],
        initial=Channel.DESK.value,
        widget=forms.RadioSelect,
    )
    postal_item_number = forms.CharField(
        label=_("Số hiệu bưu gửi"),
        max_length=32,
        required=False,
        help_text=_("Bắt buộc khi nhận qua bưu chính."),
    )
    kind = forms.ChoiceField(
        label=_("Loại đối tượng"), choices=ApplicantKind.choices, initial=ApplicantKind.CITIZEN
    )
    id_number = forms.CharField(
        label=_("Số định danh cá nhân"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=128)
    date_of_birth = forms.DateField(
        label=_("Ngày sinh"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    organisation = forms.CharField(label=_("Tên tổ chức, hộ kinh doanh"), max_length=255, required=False)
    tax_code = forms.CharField(label=_("Mã số thuế"), max_length=14, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    phone = forms.CharField(
        label=_("Điện thoại"), max_length=20, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    return_channel = forms.TypedChoiceField(
        label=_("Hình thức nhận kết quả"),
        coerce=int,
        choices=ResultChannel.choices,
        initial=ResultChannel.DESK,
    )
    # Received at a centre for another agency (Decree 118/2025): where the result goes back, and
    # whether the paper originals must be sent on after the papers were digitised here.
    return_place = forms.ChoiceField(
        label=_("Nơi nhận kết quả"),
        choices=[("", _("Tại trung tâm đã tiếp nhận")), *ReturnPlace.choices[1:]],
        required=False,
    )
    originals_to_send = forms.BooleanField(
        label=_("Chuyển bản gốc hồ sơ giấy về cơ quan có thẩm quyền"), required=False
    )
    # The case (trường hợp) of the procedure the applicant is in: its components are the checklist.
    case = forms.TypedChoiceField(label=_("Trường hợp"), coerce=int, required=False, empty_value=None)
    # What the fee is computed on (catalog.fees): pages of the original, copies asked for.
    pages = forms.IntegerField(label=_("Số trang"), min_value=1, max_value=10000, initial=1, required=False)
    copies = forms.IntegerField(label=_("Số bản"), min_value=1, max_value=1000, initial=1, required=False)

    APPLICANT_FIELDS = (
        "kind",
        "full_name",
        "date_of_birth",
        "organisation",
        "tax_code",
        "address",
        "phone",
        "email",
    )

    def __init__(self, *args, agencies, requirements=(), cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [(c.pk, c.name) for c in cases]
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].pk
        self.add_paper_rows(requirements)


# ---------------------------------------------------------------------------------------------
# Action forms (one per action on the dossier page)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class EmptyForm(forms.Form):
    pass


class SupplementRequestForm(forms.Form):
    """One reason per paper: the supplement request must list everything at once."""

    reasons = forms.CharField(
        label=_("Giấy tờ cần bổ sung, hoàn thiện và lý do (mỗi dòng một giấy tờ)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )

    def __init__(self, *args, papers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.papers = list(papers)
        for paper in self.papers:
            self.fields[f"paper_{paper.pk}"] = forms.CharField(
                label=paper.name, required=False, max_length=500, widget=forms.TextInput()
            )
        if self.papers:
            self.fields["reasons"].required = False
            self.fields["reasons"].label = _("Giấy tờ khác cần bổ sung (mỗi dòng một giấy tờ)")

    def paper_fields(self):
        return [self[f"paper_{p.pk}"] for p in self.papers]

    def clean(self):
        data = super().clean()
        lines = []
        for paper in self.papers:
            why = (data.get(f"paper_{paper.pk}") or "").strip()
            if why:
                lines.append(f"{paper.name}: {why}")
        lines += [line.strip() for line in (data.get("reasons") or "").splitlines() if line.strip()]
        if not lines:
            raise ValidationError(_("Ghi rõ ít nhất một giấy tờ cần bổ sung và lý do."))
        data["reason_list"] = lines
        return data


class SupplementForm(PaperRowsMixin, forms.Form):
    """The papers the applicant brings to answer the supplement request: the procedure's papers to
    tick (as at intake) and one free row for a paper outside the list."""

    other_name = forms.CharField(label=_("Giấy tờ khác (tên)"), max_length=500, required=False)
    other_count = forms.IntegerField(
        label=_("Số lượng"), min_value=1, max_value=99, initial=1, required=False
    )
    other_kind = forms.ChoiceField(
        label=_("Loại bản"), choices=PAPER_KINDS, initial="original", required=False
    )
    other_file = ScanField(
        label=_("Bản quét"), required=False, widget=forms.FileInput(attrs={"accept": SCAN_TYPES})
    )

    def __init__(self, *args, requirements=(), requested=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_paper_rows(requirements)
        #: What the request asked for ({"what", "reason"} items of its event), shown above the rows.
        self.requested = list(requested)

    def clean(self):
        data = super().clean()
        if data.get("other_file") and not (data.get("other_name") or "").strip():
            self.add_error("other_name", _("Nhập tên của giấy tờ có bản quét đính kèm."))
        data["received"] = list(self.received_papers())
        return data

    def received_papers(self):
        """(requirement or None, name, count, kind, file) of every paper the officer entered."""
        for req, count, kind, upload in self.ticked_papers():
            yield req, req.name, count, kind, upload
        name = (self.cleaned_data.get("other_name") or "").strip()
        if name:
            data = self.cleaned_data
            yield (
                None,
                name,
                data.get("other_count") or 1,
                data.get("other_kind") or "original",
                data.get("other_file"),
            )


class ExtendForm(ReasonForm):
    new_due = forms.DateTimeField(
        label=_("Ngày hẹn trả mới"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class FeesForm(forms.Form):
    name = forms.CharField(label=_("Khoản phí, lệ phí, thuế"), max_length=128)
    amount = forms.IntegerField(label=_("Số tiền (đồng)"), min_value=0, max_value=MAX_FEE_VND)


class StepChoiceMixin:
    """A `step` field listing the steps this officer may act on (hidden when there is only one)."""

    def set_steps(self, steps, *, field="step"):
        self.fields[field].choices = [(s.pk, f"{s.order}. {s.work[:90]}") for s in steps]
        if len(steps) == 1:
            self.fields[field].initial = steps[0].pk
            self.fields[field].widget = forms.HiddenInput()


class CompleteStepForm(StepChoiceMixin, forms.Form):
    step = forms.TypedChoiceField(label=_("Bước"), coerce=int)
    note = forms.CharField(
        label=_("Ghi chú, ý kiến xử lý"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    files = ScanField(label=_("Tệp đính kèm"), required=False)


class ReturnStepForm(forms.Form):
    to_step = forms.TypedChoiceField(label=_("Trả lại bước"), coerce=int)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class TransferForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("Chuyển đến cơ quan"), coerce=int)
    work = forms.CharField(label=_("Nội dung công việc liên thông"), max_length=500)
    budget = forms.DecimalField(
        label=_("Thời gian (ngày làm việc)"), min_value=0.5, max_digits=5, decimal_places=1
    )
    parallel = forms.BooleanField(label=_("Xử lý song song với bước hiện tại"), required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]


class AssignForm(StepChoiceMixin, forms.Form):
    step = forms.TypedChoiceField(label=_("Bước"), coerce=int)
    assignee = forms.TypedChoiceField(label=_("Giao cho"), coerce=int)


class AttachResultForm(forms.Form):
    file = ScanField(label=_("Văn bản kết quả (PDF)"), required=False, kinds={"pdf"})
    generate = forms.BooleanField(label=_("Tạo văn bản kết quả theo mẫu của hệ thống"), required=False)
    sign = forms.BooleanField(label=_("Ký số ngay (lãnh đạo)"), required=False, initial=True)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("generate"):
            raise ValidationError(_("Chọn tệp kết quả hoặc đánh dấu “Tạo văn bản kết quả”."))
        return data


class ResolveForm(forms.Form):
    result = ScanField(label=_("Văn bản kết quả (PDF, nếu chưa đính kèm)"), required=False, kinds={"pdf"})
    generate = forms.BooleanField(
        label=_("Chưa đính kèm kết quả: phát hành theo mẫu kết quả của thủ tục"), required=False, initial=True
    )


class DeliverForm(forms.Form):
    received_by = forms.CharField(label=_("Người nhận kết quả"), max_length=128)
    channel = forms.TypedChoiceField(
        label=_("Hình thức trả"), coerce=int, choices=ResultChannel.choices, initial=ResultChannel.DESK
    )
    postal_item_number = forms.CharField(
        label=_("Số hiệu bưu gửi (khi trả qua bưu chính)"), max_length=32, required=False
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Mã hồ sơ, tên hoặc số định danh người nộp"), required=False, max_length=128)
    procedure = forms.CharField(label=_("Thủ tục (tên hoặc mã)"), required=False, max_length=200)
    state = forms.TypedChoiceField(
        label=_("Trạng thái"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("Tất cả")), *list(State.choices)],
    )
    received_from = forms.DateField(
        label=_("Tiếp nhận từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
