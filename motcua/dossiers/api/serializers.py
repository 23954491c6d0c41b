"""Serializers of the dossier API: input ones check and shape what the services receive, output ones
render what the services wrote. None of them writes."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.catalog import selectors as catalog_selectors
from motcua.core.api import ChoiceLabelField
from motcua.core.choices import choice_label
from motcua.core.identity import validate_personal_id, validate_tax_code
from motcua.org import selectors as org_selectors
from motcua.org.models import Role

from .. import services
from ..models import (
    ApplicantKind,
    DocumentKind,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierPaper,
    DossierPause,
    DossierStep,
    PaperSource,
    PauseKind,
    ResultChannel,
    StepState,
)
from ..states import Action, Channel, State
from . import files

PHONE = re.compile(r"^\+?[0-9][0-9 .-]{7,18}[0-9]$")


def _django_errors(error: DjangoValidationError) -> list[str]:
    return list(error.messages)


# ---------------------------------------------------------------------------------------------
# Input: creating a dossier


PAPER_KINDS = [
    ("original", gettext_lazy("Bản chính")),
    ("copy", gettext_lazy("Bản sao")),
    ("electronic", gettext_lazy("Bản điện tử")),
]


class ApplicantInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=ApplicantKind.choices,
        default=ApplicantKind.CITIZEN,
        help_text=gettext_lazy("Loại đối tượng (LoaiDoiTuong): 0 công dân, 1 doanh nghiệp, 2 hộ kinh doanh."),
    )
    full_name = serializers.CharField(
        max_length=128,
        help_text=gettext_lazy("Họ và tên người nộp; với tổ chức: người đại diện."),
    )
    id_number = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Số định danh cá nhân, 12 chữ số (bắt buộc với công dân)."),
    )
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    organisation = serializers.CharField(max_length=255, required=False, allow_blank=True)
    tax_code = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Mã số thuế, 10 chữ số hoặc NNNNNNNNNN-NNN (bắt buộc với doanh nghiệp)."),
    )
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)

    def validate_phone(self, value):
        if value and not PHONE.match(value.strip()):
            raise serializers.ValidationError(_("Số điện thoại không hợp lệ."))
        return value.strip()

    def validate(self, attrs):
        errors: dict[str, list[str]] = {}
        kind = attrs.get("kind", ApplicantKind.CITIZEN)
        if kind == ApplicantKind.CITIZEN or attrs.get("id_number"):
            try:
                attrs["id_number"] = validate_personal_id(
                    attrs.get("id_number", ""), date_of_birth=attrs.get("date_of_birth")
                )
            except DjangoValidationError as error:
                errors["id_number"] = _django_errors(error)
        if kind != ApplicantKind.CITIZEN:
            if not (attrs.get("organisation") or "").strip():
                errors["organisation"] = [_("Nhập tên tổ chức, hộ kinh doanh.")]
            if kind == ApplicantKind.ENTERPRISE or attrs.get("tax_code"):
                try:
                    attrs["tax_code"] = validate_tax_code(attrs.get("tax_code", ""))
                except DjangoValidationError as error:
                    errors["tax_code"] = _django_errors(error)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class PaperInputSerializer(serializers.Serializer):
    requirement = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Mã số thành phần hồ sơ của thủ tục (GET /api/v1/procedures/{code}/)."),
    )
    name = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Tên giấy tờ; mặc định là tên thành phần hồ sơ."),
    )
    kind = serializers.ChoiceField(choices=PAPER_KINDS, help_text=gettext_lazy("Loại bản (LoaiBan)."))
    count = serializers.IntegerField(min_value=1, max_value=100, default=1)
    file_name = serializers.CharField(required=False, allow_blank=True, max_length=255)
    file_base64 = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text=gettext_lazy("Nội dung tệp (PDF, JPEG, PNG) mã hóa base64, khi gửi JSON."),
    )
    upload = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Khi gửi multipart/form-data: tên phần (part) chứa tệp của giấy tờ này."),
    )

    def validate(self, attrs):
        b64, part = attrs.get("file_base64"), attrs.get("upload")
        if b64 and part:
            raise serializers.ValidationError(
                {"upload": [_("Chỉ gửi tệp theo một cách: base64 hoặc multipart.")]}
            )
        name = attrs.get("file_name") or attrs.get("name") or "tep"
        try:
            if b64:
                attrs["file"] = files.from_base64(b64, name)
            elif part:
                upload = self.context.get("uploads", {}).get(part)
                if upload is None:
                    raise serializers.ValidationError(
                        {"upload": [_("Không có tệp nào gửi kèm với tên “%(part)s”.") % {"part": part}]}
                    )
                attrs["file"] = files.from_upload(upload, attrs.get("file_name") or upload.name)
        except serializers.ValidationError as error:
            detail = error.detail
            if isinstance(detail, dict):
                raise
            raise serializers.ValidationError({"file": detail}) from error
        attrs.pop("file_base64", None)
        return attrs


def check_papers(papers: list[dict], requirements: dict, *, online: bool) -> None:
    """Each paper names a requirement of the procedure (`requirements`, by id) or is named itself;
    online, each carries its file. Errors by index, like DRF's own errors of a list."""
    paper_errors: dict[int, dict] = {}
    for index, paper in enumerate(papers):
        errors: dict[str, list[str]] = {}
        requirement_id = paper.get("requirement")
        if requirement_id is not None and requirement_id not in requirements:
            errors["requirement"] = [
                _("Thành phần hồ sơ %(id)s không thuộc thủ tục này.") % {"id": requirement_id}
            ]
        elif requirement_id is not None and not paper.get("name"):
            paper["name"] = requirements[requirement_id].name
        if not paper.get("name"):
            errors.setdefault("name", []).append(_("Nhập tên giấy tờ."))
        if online and not paper.get("file"):
            errors.setdefault("file", []).append(_("Hồ sơ trực tuyến phải kèm tệp của từng giấy tờ."))
        if errors:
            paper_errors[index] = errors
    if paper_errors:
        raise serializers.ValidationError({"papers": paper_errors})


def paper_data(paper: dict, *, online: bool) -> services.PaperData:
    """A checked paper, as the services take it: uploaded online, scanned or on paper at the desk."""
    if online:
        source = PaperSource.UPLOADED
    else:
        source = PaperSource.SCANNED if paper.get("file") else PaperSource.PAPER
    return services.PaperData(
        name=paper["name"],
        kind=paper["kind"],
        count=paper.get("count", 1),
        source=source,
        requirement_id=paper.get("requirement"),
        file=paper.get("file"),
    )


class DossierCreateSerializer(serializers.Serializer):
    procedure = serializers.CharField(help_text=gettext_lazy("Mã thủ tục, ví dụ 1.001193."))
    agency = serializers.CharField(help_text=gettext_lazy("Mã định danh điện tử của cơ quan tiếp nhận."))
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        required=False,
        help_text=gettext_lazy(
            "Kênh (KenhThucHien): cán bộ tiếp nhận 1 trực tiếp hoặc 3 bưu chính; công dân luôn 2 trực tuyến."
        ),
    )
    postal_item_number = serializers.CharField(max_length=32, required=False, allow_blank=True)
    applicant = ApplicantInputSerializer()
    papers = PaperInputSerializer(many=True, required=False)

    def validate_procedure(self, value):
        code = value.strip()
        version = catalog_selectors.published_version(code)
        if version is None:
            raise serializers.ValidationError(
                _("Không có thủ tục đang công bố mang mã %(code)s.") % {"code": code}
            )
        return version

    def validate_agency(self, value):
        agency = org_selectors.current_agency(value.strip().upper())
        if agency is None:
            raise serializers.ValidationError(
                _("Không có cơ quan mang mã định danh %(code)s.") % {"code": value}
            )
        return agency

    def validate(self, attrs):
        version = attrs["procedure"]
        requirements = {r.pk: r for r in version.requirements.all()}
        check_papers(attrs.get("papers", []), requirements, online=self.context.get("online", False))
        return attrs

    def to_intake(self, *, online: bool) -> services.Intake:
        data = self.validated_data
        applicant = data["applicant"]
        papers = [paper_data(p, online=online) for p in data.get("papers", [])]
        return services.Intake(
            version=data["procedure"],
            agency=data["agency"],
            applicant=services.ApplicantData(
                kind=applicant.get("kind", ApplicantKind.CITIZEN),
                full_name=applicant["full_name"],
                id_number=applicant.get("id_number", ""),
                date_of_birth=applicant.get("date_of_birth"),
                organisation=applicant.get("organisation", ""),
                tax_code=applicant.get("tax_code", ""),
                address=applicant.get("address", ""),
                phone=applicant.get("phone", ""),
                email=applicant.get("email", ""),
            ),
            papers=papers,
            channel=Channel.ONLINE if online else int(data.get("channel") or Channel.DESK),
            postal_item_number=(data.get("postal_item_number") or "").strip(),
        )

    def fingerprint(self) -> tuple:
        """What makes two submissions "the same body" for the Idempotency-Key check."""
        data = self.validated_data
        a = data["applicant"]
        papers = sorted(
            (p.get("requirement") or 0, p["kind"], p.get("count", 1)) for p in data.get("papers", [])
        )
        channel = Channel.ONLINE if self.context.get("online") else int(data.get("channel") or Channel.DESK)
        return (
            data["procedure"].procedure.code,
            data["agency"].code,
            channel,
            (data.get("postal_item_number") or "").strip(),
            a.get("kind", ApplicantKind.CITIZEN),
            a.get("id_number", ""),
            a.get("tax_code", ""),
            a["full_name"].strip(),
            tuple(papers),
        )


def dossier_fingerprint(dossier: Dossier) -> tuple:
    a = dossier.contact  # what the request gave (issue 8)
    # The papers of the creation only (not those a supplement brought later).
    papers = sorted(
        (p.requirement_id or 0, p.kind, p.count) for p in dossier.papers.all() if p.supplement_number is None
    )
    return (
        dossier.procedure_version.procedure.code,
        dossier.agency.code,
        dossier.channel,
        dossier.postal_item_number,
        a.kind,
        a.id_number,
        a.tax_code,
        a.full_name.strip(),
        tuple(papers),
    )


class MultipartCreateSerializer(serializers.Serializer):
    """The multipart form of a request carrying files (a creation, a supplement): the JSON document
    in `data`, each file in its own part."""

    data = serializers.CharField(
        help_text=gettext_lazy(
            "Tài liệu JSON như khi gửi application/json; mỗi giấy tờ nêu `upload` là tên phần chứa tệp."
        )
    )
    file = serializers.FileField(
        required=False, help_text=gettext_lazy("Một tệp ví dụ; tên phần tùy ý, khớp với `upload`.")
    )


# ---------------------------------------------------------------------------------------------
# Input: actions


class EmptySerializer(serializers.Serializer):
    pass


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text=gettext_lazy("Lý do (ghi vào văn bản)."))


class SupplementItemSerializer(serializers.Serializer):
    what = serializers.CharField(max_length=1000, help_text=gettext_lazy("Giấy tờ cần bổ sung, hoàn thiện."))
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class SupplementRequestSerializer(serializers.Serializer):
    """Every missing or wrong paper at once (Mẫu 02): `items` with a reason each, or plain `reasons`."""

    items = SupplementItemSerializer(many=True, required=False)
    reasons = serializers.ListField(
        child=serializers.CharField(max_length=1000),
        required=False,
        help_text=gettext_lazy("Mỗi giấy tờ cần bổ sung, hoàn thiện và lý do: một dòng."),
    )

    def validate(self, attrs):
        if not attrs.get("items") and not attrs.get("reasons"):
            raise serializers.ValidationError(
                {"items": [_("Nêu ít nhất một giấy tờ cần bổ sung, hoàn thiện và lý do.")]}
            )
        return attrs


class SupplementSerializer(serializers.Serializer):
    """What the applicant hands over to answer the supplement request: papers shaped as at intake
    (a requirement of the dossier's procedure or a name; kind, count; a file in base64 or a
    multipart part). Online (the applicant themselves), each paper carries its file."""

    papers = PaperInputSerializer(
        many=True,
        required=False,
        help_text=gettext_lazy(
            "Giấy tờ bổ sung; bắt buộc ít nhất một khi yêu cầu bổ sung đã nêu giấy tờ cần bổ sung."
        ),
    )

    def validate(self, attrs):
        papers = attrs.get("papers", [])
        online = self.context.get("online", False)
        if papers:
            version = self.context["dossier"].procedure_version
            requirements = {r.pk: r for r in version.requirements.all()}
            check_papers(papers, requirements, online=online)
        attrs["paper_data"] = [paper_data(p, online=online) for p in papers]
        return attrs


class FeeDemandSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=128)
    amount_vnd = serializers.IntegerField(min_value=0)


class AwaitFeesSerializer(serializers.Serializer):
    fees = FeeDemandSerializer(many=True, allow_empty=False)


class ExtendSerializer(ReasonSerializer):
    new_due = serializers.DateTimeField(help_text=gettext_lazy("Thời hạn trả kết quả mới."))


class DeliverSerializer(serializers.Serializer):
    received_by = serializers.CharField(max_length=128, help_text=gettext_lazy("Người nhận kết quả."))
    channel = serializers.ChoiceField(choices=ResultChannel.choices, default=ResultChannel.DESK)


class FileInputSerializer(serializers.Serializer):
    file_name = serializers.CharField(max_length=255)
    file_base64 = serializers.CharField(trim_whitespace=False)

    def validate(self, attrs):
        try:
            return {"file": files.from_base64(attrs["file_base64"], attrs["file_name"])}
        except serializers.ValidationError as error:
            raise serializers.ValidationError({"file": error.detail}) from error


class CompleteStepSerializer(serializers.Serializer):
    step = serializers.IntegerField(
        required=False, help_text=gettext_lazy("Mã số bước; mặc định là bước đang xử lý của người gửi.")
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    files = FileInputSerializer(many=True, required=False, help_text=gettext_lazy("Tệp kết quả của bước."))


class ReturnStepSerializer(serializers.Serializer):
    to_step = serializers.IntegerField(help_text=gettext_lazy("Trả về bước đã làm (mã số bước)."))
    from_step = serializers.IntegerField(
        required=False, help_text=gettext_lazy("Bước đang xử lý; mặc định là bước của người gửi.")
    )
    reason = serializers.CharField(max_length=2000)


class TransferSerializer(serializers.Serializer):
    agency = serializers.CharField(help_text=gettext_lazy("Mã định danh cơ quan nhận liên thông."))
    work = serializers.CharField(
        max_length=2000, help_text=gettext_lazy("Nội dung công việc của bước liên thông.")
    )
    budget = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=0, help_text=gettext_lazy("Thời gian dành cho bước.")
    )
    unit = serializers.ChoiceField(
        choices=[("working_hour", "working_hour"), ("working_day", "working_day"), ("day", "day")],
        default="working_day",
    )
    parallel = serializers.BooleanField(
        default=False, help_text=gettext_lazy("Song song với bước hiện tại (không chuyển bước hiện tại).")
    )
    from_step = serializers.IntegerField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)

    def validate_agency(self, value):
        agency = org_selectors.current_agency(value.strip().upper())
        if agency is None:
            raise serializers.ValidationError(
                _("Không có cơ quan mang mã định danh %(code)s.") % {"code": value}
            )
        return agency


class AssignStepSerializer(serializers.Serializer):
    step = serializers.IntegerField(help_text=gettext_lazy("Mã số bước."))
    assignee = serializers.IntegerField(help_text=gettext_lazy("Mã số cán bộ được giao."))

    def validate_assignee(self, value):
        from motcua.org.models import Staff

        staff = Staff.objects.select_related("agency").filter(pk=value).first()
        if staff is None:
            raise serializers.ValidationError(_("Không có cán bộ mang mã số %(id)s.") % {"id": value})
        return staff


class AttachResultSerializer(serializers.Serializer):
    file_name = serializers.CharField(required=False, max_length=255, default="ket-qua.pdf")
    file_base64 = serializers.CharField(required=False, trim_whitespace=False)
    generate = serializers.BooleanField(
        default=False, help_text=gettext_lazy("Tạo kết quả theo mẫu thay vì đính kèm tệp.")
    )
    sign = serializers.BooleanField(
        default=True, help_text=gettext_lazy("Ký số ngay nếu người gửi là lãnh đạo.")
    )

    def validate(self, attrs):
        if attrs.get("file_base64"):
            try:
                attrs["file"] = files.from_base64(attrs.pop("file_base64"), attrs["file_name"])
            except serializers.ValidationError as error:
                raise serializers.ValidationError({"file": error.detail}) from error
            if not attrs["file"].name.endswith(".pdf"):
                raise serializers.ValidationError({"file": [_("Kết quả phải là tệp PDF để ký số.")]})
        elif not attrs.get("generate"):
            raise serializers.ValidationError({"file": [_("Chọn tệp kết quả hoặc tạo kết quả.")]})
        return attrs


# ---------------------------------------------------------------------------------------------
# Output


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ProcedureBriefSerializer(serializers.Serializer):
    code = serializers.CharField(source="procedure.code")
    name = serializers.CharField()
    version = serializers.IntegerField(source="number")


def _now(context) -> object:
    return context.get("now") or timezone.now()


STATE_HELP = gettext_lazy(
    "Mã trạng thái (TrangThaiHoSo): 1 mới đăng ký, 2 được tiếp nhận, 3 không được tiếp nhận, 4 đang xử lý, "
    "5 yêu cầu bổ sung, 6 chờ nghĩa vụ tài chính, 7 rút hồ sơ, 8 dừng xử lý, 9 đã xử lý xong, 10 đã trả kết quả."
)


def _model_label(name: str):
    return capfirst(Dossier._meta.get_field(name).verbose_name)


class DossierListSerializer(serializers.Serializer):
    """One dossier in a list. Every field is declared (no ModelSerializer): building fields from the
    model on each response cost more than rendering a page of dossiers."""

    code = serializers.CharField(label=_model_label("code"), help_text=gettext_lazy("MaHoSo."))
    # Plain integers (with their labels beside them): the national codes are the contract.
    state = serializers.IntegerField(help_text=STATE_HELP)
    state_label = ChoiceLabelField(State, source="state")
    channel = serializers.IntegerField(
        help_text=gettext_lazy("KenhThucHien: 1 trực tiếp, 2 trực tuyến, 3 bưu chính.")
    )
    channel_label = ChoiceLabelField(Channel, source="channel")
    procedure = ProcedureBriefSerializer(source="procedure_version")
    agency = CodeNameSerializer()
    applicant_name = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(label=_model_label("submitted_at"))
    received_at = serializers.DateTimeField(allow_null=True, label=_model_label("received_at"))
    due_at = serializers.DateTimeField(allow_null=True, label=_model_label("due_at"))
    finished_at = serializers.DateTimeField(allow_null=True, label=_model_label("finished_at"))
    returned_at = serializers.DateTimeField(allow_null=True, label=_model_label("returned_at"))
    overdue = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_applicant_name(self, dossier) -> str:
        return dossier.contact.name

    def get_overdue(self, dossier) -> bool:
        return bool(
            dossier.due_at
            and dossier.state in (State.RECEIVED, State.PROCESSING)
            and dossier.due_at < _now(self.context)
        )

    def get_url(self, dossier) -> str:
        return reverse("dossier-detail", kwargs={"code": dossier.code})


class ApplicantSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = ChoiceLabelField(ApplicantKind, source="kind")
    full_name = serializers.CharField()
    id_number = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    organisation = serializers.CharField()
    tax_code = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


class PaperSerializer(serializers.ModelSerializer):
    source = serializers.CharField(
        help_text=gettext_lazy("uploaded, scanned, paper, registry, earlier_result")
    )
    source_label = ChoiceLabelField(PaperSource, source="source")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DossierPaper
        fields = [
            "id",
            "requirement",
            "name",
            "kind",
            "count",
            "source",
            "source_label",
            "supplement_number",
            "download_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, paper) -> str | None:
        if not paper.file:
            return None
        return reverse("dossier-paper-file", kwargs={"code": paper.dossier.code, "pk": paper.pk})


class StepSerializer(serializers.ModelSerializer):
    state = serializers.CharField(help_text=gettext_lazy("pending, active, done, returned"))
    outcome = serializers.CharField(help_text=gettext_lazy("early, on_time, late hoặc rỗng"))
    agency = CodeNameSerializer()
    unit = CodeNameSerializer(allow_null=True)
    assignee = serializers.CharField(source="assignee.full_name", allow_null=True, default=None)
    state_label = ChoiceLabelField(StepState, source="state")
    role = serializers.CharField(
        help_text=gettext_lazy(
            "desk_officer, specialist, unit_head, agency_leader hoặc rỗng: vai trò nhận bước khi "
            "chưa giao cho người cụ thể (rỗng: mọi người có vai trò xử lý)"
        )
    )
    role_label = ChoiceLabelField(Role, source="role")

    class Meta:
        model = DossierStep
        fields = [
            "id",
            "order",
            "work",
            "agency",
            "unit",
            "position",
            "role",
            "role_label",
            "assignee",
            "budget_amount",
            "budget_unit",
            "parallel_group",
            "is_interagency",
            "state",
            "state_label",
            "started_at",
            "due_at",
            "completed_at",
            "outcome",
            "note",
        ]


class EventSerializer(serializers.ModelSerializer):
    from_state = serializers.IntegerField(allow_null=True, help_text=STATE_HELP)
    to_state = serializers.IntegerField(help_text=STATE_HELP)
    action_label = serializers.SerializerMethodField()
    from_state_label = serializers.SerializerMethodField()
    to_state_label = ChoiceLabelField(State, source="to_state")

    class Meta:
        model = DossierEvent
        fields = [
            "at",
            "action",
            "action_label",
            "actor_label",
            "from_state",
            "from_state_label",
            "to_state",
            "to_state_label",
            "reason",
            "data",
        ]

    def get_action_label(self, event) -> str:
        try:
            return str(Action(event.action).label)
        except ValueError:
            return event.action

    def get_from_state_label(self, event) -> str | None:
        return choice_label(State, event.from_state) if event.from_state else None


class DocumentSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text=gettext_lazy("mau_01 … mau_06, result, step_file"))
    kind_label = ChoiceLabelField(DocumentKind, source="kind")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DossierDocument
        fields = [
            "id",
            "kind",
            "kind_label",
            "created_at",
            "signed_by",
            "signed_at",
            "sha256",
            "download_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, document) -> str:
        return reverse("dossier-document-file", kwargs={"code": document.dossier.code, "pk": document.pk})


class PauseSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text=gettext_lazy("supplement, fees"))
    kind_label = ChoiceLabelField(PauseKind, source="kind")

    class Meta:
        model = DossierPause
        fields = ["kind", "kind_label", "started_at", "ended_at"]


class AllowedActionSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()
    url = serializers.CharField()


class ReceivedPaperSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    requirement = serializers.IntegerField(source="requirement_id", allow_null=True)
    name = serializers.CharField()
    kind = serializers.CharField()
    count = serializers.IntegerField()
    source = serializers.CharField()


class DossierCreatedSerializer(DossierListSerializer):
    """The answer to a creation: the code, the state, the promised time and the papers received,
    from the objects the service wrote (no read-back: intake is the busiest write). The whole
    record is at `url` (officers and the signed-in applicant)."""

    original_due_at = serializers.DateTimeField(allow_null=True, label=_model_label("original_due_at"))
    postal_item_number = serializers.CharField(label=_model_label("postal_item_number"))
    papers = serializers.SerializerMethodField()

    @extend_schema_field(ReceivedPaperSerializer(many=True))
    def get_papers(self, dossier) -> list[dict]:
        papers = getattr(dossier, "received_papers", None)  # services._create keeps what it wrote
        if papers is None:
            papers = dossier.papers.all()
        return ReceivedPaperSerializer(papers, many=True).data


class DossierDetailSerializer(DossierCreatedSerializer):
    """A whole dossier: applicant, papers, steps, pauses, events, documents and what the requester
    may do next."""

    supplement_requests = serializers.IntegerField(label=_model_label("supplement_requests"))
    return_channel = serializers.IntegerField(
        label=_model_label("return_channel"),
        help_text=gettext_lazy("1 tại Bộ phận Một cửa, 2 bản điện tử, 3 bưu chính."),
    )
    return_channel_label = ChoiceLabelField(ResultChannel, source="return_channel")
    returned_to = serializers.CharField(label=_model_label("returned_to"))
    # As given for this dossier (issue 8); older dossiers show the shared record.
    applicant = ApplicantSerializer(source="contact")
    papers = PaperSerializer(many=True)
    steps = StepSerializer(many=True)
    pauses = PauseSerializer(many=True)
    events = EventSerializer(many=True)
    documents = DocumentSerializer(many=True)
    allowed_actions = serializers.SerializerMethodField()

    @extend_schema_field(AllowedActionSerializer(many=True))
    def get_allowed_actions(self, dossier) -> list[dict]:
        from .views import ACTION_PATHS, allowed_for

        return [
            {
                "action": action.value,
                "label": str(action.label),
                "url": reverse(f"dossier-{ACTION_PATHS[action]}", kwargs={"code": dossier.code}),
            }
            for action in allowed_for(self.context["request"], dossier)
            if action in ACTION_PATHS
        ]


class ErrorSerializer(serializers.Serializer):
    """Every error body (core.api.exception_handler)."""

    code = serializers.CharField(
        help_text=gettext_lazy("Mã lỗi ổn định, ví dụ invalid, transition_not_allowed.")
    )
    detail = serializers.CharField()
    errors = serializers.DictField(required=False, help_text=gettext_lazy("Lỗi theo từng trường."))
