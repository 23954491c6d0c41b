"""Read-only representations of the catalogue for the REST API."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .completeness import missing_components
from .models import FeeItem, ProcedureVersion, ProcessDefinition, ProcessStep, Requirement, Sector


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
    class Meta:
        model = Requirement
        fields = ["group", "name", "kind", "quantity", "quantity_text", "template", "mandatory"]


class FeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeeItem
        fields = ["name", "amount_vnd", "text", "description", "channels", "collected_at"]


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


class ProcedureDetailSerializer(ProcedureListSerializer):
    implementing_agencies = AgencyRefSerializer(many=True)
    coordinating_agencies = AgencyRefSerializer(many=True)
    legal_basis = LegalBasisSerializer(many=True)
    applicant_types = serializers.ListField(child=serializers.CharField())
    channels = serializers.ListField(child=serializers.CharField())
    flags = serializers.ListField(child=serializers.CharField())
    requirements = RequirementSerializer(many=True)
    fees = FeeSerializer(many=True)
    processes = ProcessSerializer(many=True)
    missing_components = serializers.SerializerMethodField()

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
            "requirements",
            "fees",
            "processes",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_missing_components(self, obj) -> list[str]:
        return missing_components(obj)
