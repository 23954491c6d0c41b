"""The API's input serializers: they parse a request into the dossier commands' typed inputs
(`commands`, `intake.Intake`); the rules are the commands'."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from motcua.catalog import selectors as catalog_selectors
from motcua.org import selectors as org_selectors

from .. import intake, lifecycle, services
from ..models import (
    ApplicantKind,
    PaperSource,
    ResultChannel,
    ReturnPlace,
)
from ..states import Channel
from . import clock, files

PHONE = re.compile(r"^\+?[0-9][0-9 .-]{7,18}[0-9]$")


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

    def validate(self, attrs):
        """The intake command's applicant rule (`intake.check_applicant`), its errors nested under
        `applicant` as the API renders them."""
        data = services.ApplicantData(
            kind=attrs.get("kind", ApplicantKind.CITIZEN),
            full_name=attrs.get("full_name", ""),
            id_number=attrs.get("id_number", ""),
            date_of_birth=attrs.get("date_of_birth"),
            organisation=attrs.get("organisation", ""),
            tax_code=attrs.get("tax_code", ""),
            address=attrs.get("address", ""),
            phone=attrs.get("phone", ""),
            email=attrs.get("email", ""),
        )
        try:
            intake.check_applicant(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return {**attrs, "id_number": data.id_number, "tax_code": data.tax_code, "phone": data.phone}


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
    shown_only = serializers.BooleanField(
        default=False,
        help_text=gettext_lazy(
            "Giấy tờ chỉ xuất trình (presentation = show): ghi nhận đã xem, không kèm tệp, không lưu."
        ),
    )
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
        if online and not paper.get("file") and not paper.get("shown_only"):
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
        file=None if paper.get("shown_only") else paper.get("file"),
        shown_only=paper.get("shown_only", False),
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
    case_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "Mã số trường hợp của thủ tục (cases[].id, GET /api/v1/procedures/{code}/); trống: trường hợp mặc định."
        ),
    )
    applicant = ApplicantInputSerializer()
    papers = PaperInputSerializer(many=True, required=False)
    eform_data = serializers.JSONField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "Tờ khai điện tử đã khai: một đối tượng JSON theo eform_schema của thủ tục "
            "(GET /api/v1/procedures/{code}/); lỗi nêu đường dẫn trường, ví dụ eform_data.child.birth_date."
        ),
    )

    # Received at a centre for another agency (Decree 118/2025): where the result goes back, and
    # whether the paper originals follow. The intake command decides when they apply (ignored for
    # a dossier the officer's own agency is competent for) and checks the place once more.
    return_place = serializers.ChoiceField(
        choices=ReturnPlace.choices,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy(
            "Nơi trả kết quả của hồ sơ tiếp nhận không phụ thuộc địa giới hành chính; trống: tại trung "
            "tâm đã tiếp nhận. Bỏ qua với hồ sơ thuộc thẩm quyền của cơ quan tiếp nhận."
        ),
    )
    originals_to_send = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy(
            "Bản giấy gốc phải chuyển theo hồ sơ điện tử đến cơ quan có thẩm quyền (tiếp nhận không phụ "
            "thuộc địa giới hành chính)."
        ),
    )

    def validate_eform_data(self, value):
        if value is not None and not isinstance(value, dict):
            raise serializers.ValidationError(
                _("Tờ khai điện tử phải là một đối tượng JSON."), code="eform_type"
            )
        return value

    def validate_procedure(self, value):
        code = value.strip()
        version = catalog_selectors.published_version(code, at=clock.now())  # the version in force now
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
            channel=int(data["channel"]) if data.get("channel") else None,  # checked by the intake command
            postal_item_number=(data.get("postal_item_number") or "").strip(),
            case_id=data.get("case_id"),
            eform_data=data.get("eform_data"),
            return_place=data.get("return_place") or "",
            originals_to_send=bool(data.get("originals_to_send")),
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
    amount_vnd = serializers.IntegerField(min_value=0, max_value=lifecycle.MAX_FEE_VND)


class AwaitFeesSerializer(serializers.Serializer):
    fees = FeeDemandSerializer(many=True, allow_empty=False)


class ExtendSerializer(ReasonSerializer):
    new_due = serializers.DateTimeField(help_text=gettext_lazy("Thời hạn trả kết quả mới."))


class DeliverSerializer(serializers.Serializer):
    received_by = serializers.CharField(max_length=128, help_text=gettext_lazy("Người nhận kết quả."))
    channel = serializers.ChoiceField(choices=ResultChannel.choices, default=ResultChannel.DESK)
    postal_item_number = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text=gettext_lazy("Số hiệu bưu gửi, khi trả kết quả qua bưu chính (3)."),
    )


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
