from rest_framework import serializers

from ..models import Agency, Hotline, ServiceDesk


class AgencyBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["code", "name", "short_name", "level"]


class AgencySerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", read_only=True, allow_null=True, default=None)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Agency
        fields = [
            "code",
            "name",
            "short_name",
            "level",
            "level_display",
            "parent_code",
            "valid_from",
            "valid_to",
            "address",
            "phones",
            "email",
            "website",
            "code_verified",
            "note",
        ]


class HotlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Hotline
        fields = ["label", "phone"]


class DeskSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    host_agency = AgencyBriefSerializer(read_only=True)
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    agencies = AgencyBriefSerializer(many=True, read_only=True)
    hotlines = HotlineSerializer(many=True, read_only=True)

    class Meta:
        model = ServiceDesk
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "parent",
            "host_agency",
            "address",
            "area_m2",
            "office_hours",
            "saturday_morning",
            "phone",
            "email",
            "hotlines",
            "agencies",
        ]
