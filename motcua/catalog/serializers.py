"""Read-only representations of the catalogue for the REST API."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import fees as fee_rules
from .completeness import missing_components
from .models import (
    FeeItem,
    ProcedureCase,
    ProcedureVersion,
    ProcessDefinition,
    ProcessStep,
    Requirement,
    Sector,
)


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["id", "name", "code", "ministry"]


class AgencyRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()


class LegalBasisSerializer(serializers.Serializer):
    code = serializers.CharField(allow_null=True)
    title = serializers.CharField()


class TimeLimitSerializer(serializers.Serializer):
    # The answer is the Decimal rendered by DRF's JSON encoder: a number (5.0), not a decimal string.
    amount = serializers.FloatField(allow_null=True)
    unit = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)
    display = serializers.CharField()


class RequirementSerializer(serializers.ModelSerializer):
    """A component (thành phần hồ sơ). Cite its `id` as `papers[].requirement` at intake."""

    id = serializers.IntegerField(
        read_only=True, help_text="Mã số thành phần: papers[].requirement khi nộp hồ sơ."
    )
    case = serializers.IntegerField(
        source="case_id",
        allow_null=True,
        help_text="Mã số trường hợp (cases[].id); null: thuộc mọi trường hợp.",
    )
    presentation = serializers.ChoiceField(
        choices=["submit", "show"],
        help_text="submit: giấy tờ phải nộp; show: giấy tờ chỉ xuất trình (papers[].shown_only = true).",
    )
    alternative_group = serializers.CharField(
        allow_blank=True, help_text="Các thành phần cùng nhóm (khác rỗng) thay thế nhau: chỉ nộp một."
    )
    channels = serializers.ListField(
        child=serializers.CharField(),
        help_text="Kênh áp dụng (desk, post, online, online_partial, online_full); rỗng: mọi kênh.",
    )

    class Meta:
        model = Requirement
        fields = [
            "id",
            "case",
            "presentation",
            "alternative_group",
            "channels",
            "group",
            "name",
            "kind",
            "quantity",
            "quantity_text",
            "template",
            "mandatory",
        ]


class CaseSerializer(serializers.ModelSerializer):
    """A case (trường hợp) of the version. Cite its `id` as `case_id` at intake."""

    id = serializers.IntegerField(read_only=True, help_text="Mã số trường hợp: case_id khi nộp hồ sơ.")

    class Meta:
        model = ProcedureCase
        fields = ["id", "order", "name", "is_default"]


class FeeRuleSerializer(serializers.Serializer):
    amount = serializers.IntegerField(allow_null=True)
    per = serializers.CharField(help_text="page (mỗi trang), copy (mỗi bản) hoặc dossier (mỗi hồ sơ).")
    steps = serializers.ListField(child=serializers.DictField())
    cap_per_copy = serializers.IntegerField(allow_null=True)
    currency = serializers.CharField()
    free_on_time = serializers.BooleanField()
    set_by_province = serializers.BooleanField()
    exemptions = serializers.ListField(child=serializers.CharField())
    confidence = serializers.CharField(help_text="Độ tin cậy của quy tắc đọc từ văn bản: high, medium, low.")


class FeeSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True)
    rule = serializers.SerializerMethodField()

    class Meta:
        model = FeeItem
        fields = ["id", "name", "amount_vnd", "text", "description", "channels", "collected_at", "rule"]

    @extend_schema_field(FeeRuleSerializer)
    def get_rule(self, obj) -> dict:
        return fee_rules.rule_of(obj).as_dict()


class FeeLineSerializer(serializers.Serializer):
    fee_id = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    amount = serializers.IntegerField(
        allow_null=True, help_text="Số tiền; null: chưa rõ (ví dụ do HĐND tỉnh quyết định)."
    )
    currency = serializers.CharField()
    explanation = serializers.CharField()
    confidence = serializers.CharField()
    rule = FeeRuleSerializer()


class FeeQuoteSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()
    pages = serializers.IntegerField()
    copies = serializers.IntegerField()
    channel = serializers.IntegerField(allow_null=True)
    on_time = serializers.BooleanField()
    total = serializers.IntegerField(
        allow_null=True,
        help_text="Tổng số tiền (đồng) các khoản thu bằng VND; null khi có khoản chưa rõ mức thu.",
    )
    lines = FeeLineSerializer(many=True)


class FeeQuerySerializer(serializers.Serializer):
    pages = serializers.IntegerField(
        min_value=1, max_value=10000, default=1, help_text="Số trang của bản chính."
    )
    copies = serializers.IntegerField(min_value=1, max_value=1000, default=1, help_text="Số bản sao.")
    channel = serializers.ChoiceField(
        choices=[1, 2, 3],
        required=False,
        help_text="Kênh (KenhThucHien): 1 trực tiếp, 2 trực tuyến, 3 bưu chính.",
    )
    on_time = serializers.BooleanField(
        default=True, help_text="Đăng ký đúng hạn (miễn lệ phí khi luật cho phép)."
    )


class ProcessStepSerializer(serializers.ModelSerializer):
    responsible_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ProcessStep
        fields = [
            "order",
            "work",
            "responsible",
            "responsible_agency",
            "amount",
            "unit",
            "form",
            "parallel_group",
            "is_interagency",
            "sector_system",
        ]


class ProcessSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer()
    is_generated = serializers.BooleanField()
    steps = ProcessStepSerializer(many=True)

    class Meta:
        model = ProcessDefinition
        fields = ["agency", "origin", "is_generated", "decision", "note", "steps"]


class ProcedureListSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="procedure.code")
    version = serializers.IntegerField(source="number")
    sector = SectorSerializer()
    levels = serializers.SerializerMethodField()
    time_limit = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = ProcedureVersion
        fields = [
            "code",
            "name",
            "version",
            "state",
            "effective_from",
            "effective_to",
            "sector",
            "levels",
            "channels",
            "time_limit",
            "confidence",
            "url",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_levels(self, obj) -> list[str]:
        return obj.level_list

    @extend_schema_field(TimeLimitSerializer)
    def get_time_limit(self, obj) -> dict:
        return {
            "amount": obj.time_amount,
            "unit": obj.time_unit,
            "text": obj.time_text,
            "display": obj.time_limit_display(),
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj) -> str:
        request = self.context.get("request")
        path = f"/api/v1/procedures/{obj.procedure.code}/"
        return request.build_absolute_uri(path) if request else path


class NextVersionSerializer(serializers.Serializer):
    """A version already published that takes effect on a later day (announced, not yet in force)."""

    version = serializers.IntegerField()
    effective_from = serializers.DateField()
    name = serializers.CharField()


class ProcedureDetailSerializer(ProcedureListSerializer):
    implementing_agencies = AgencyRefSerializer(many=True)
    coordinating_agencies = AgencyRefSerializer(many=True)
    legal_basis = LegalBasisSerializer(many=True)
    applicant_types = serializers.ListField(child=serializers.CharField())
    channels = serializers.ListField(child=serializers.CharField())
    flags = serializers.ListField(child=serializers.CharField())
    cases = CaseSerializer(many=True)
    requirements = RequirementSerializer(many=True)
    fees = FeeSerializer(many=True)
    next_version = serializers.SerializerMethodField()
    processes = ProcessSerializer(many=True)
    missing_components = serializers.SerializerMethodField()
    eform_schema = serializers.JSONField(
        allow_null=True,
        help_text=(
            "Tờ khai điện tử (JSON Schema draft 2020-12, kiểu object); gửi dữ liệu đã khai ở "
            "`eform_data` khi tạo hồ sơ (POST /api/v1/dossiers/). null: thủ tục không có tờ khai điện tử."
        ),
    )
    eform_layout = serializers.JSONField(
        help_text='Bố cục tờ khai: các phần theo thứ tự, [{"title": …, "fields": ["child.full_name", …]}].'
    )

    class Meta(ProcedureListSerializer.Meta):
        fields = [
            *ProcedureListSerializer.Meta.fields,
            "levels_text",
            "implementing_agencies",
            "coordinating_agencies",
            "agency_text",
            "competent_authority",
            "issuing_ministry",
            "steps",
            "applicant_types",
            "applicants_text",
            "result_name",
            "result_paper",
            "result_electronic",
            "legal_basis",
            "conditions",
            "requirement_notes",
            "publication_decision",
            "source_url",
            "source_ref",
            "retrieved_version",
            "flags",
            "missing_components",
            "next_version",
            "cases",
            "requirements",
            "fees",
            "processes",
            "eform_schema",
            "eform_layout",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_missing_components(self, obj) -> list[str]:
        return missing_components(obj)

    @extend_schema_field(NextVersionSerializer(allow_null=True))
    def get_next_version(self, obj) -> dict | None:
        from .selectors import next_version

        upcoming = next_version(obj.procedure)
        if upcoming is None or upcoming.pk == obj.pk:
            return None
        return {"version": upcoming.number, "effective_from": upcoming.effective_from, "name": upcoming.name}
