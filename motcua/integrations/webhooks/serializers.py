"""The subscriptions API's shapes (`/api/v1/subscriptions/`): a screen's, parse and render only."""

from __future__ import annotations

from rest_framework import serializers

from . import channels as channel_names
from .models import Subscription


class FiltersSerializer(serializers.Serializer):
    agency = serializers.ListField(
        child=serializers.CharField(max_length=64),
        required=False,
        min_length=1,
        max_length=50,
        help_text="Mã định danh cơ quan",
    )
    procedure = serializers.ListField(
        child=serializers.CharField(max_length=64),
        required=False,
        min_length=1,
        max_length=50,
        help_text="Mã thủ tục hành chính",
    )


class ChannelSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=channel_names.choices())
    filters = FiltersSerializer(required=False)


class SubscriptionSerializer(serializers.ModelSerializer):
    channels = ChannelSerializer(many=True, min_length=1, max_length=10)
    callback_url = serializers.CharField(max_length=500)
    label = serializers.CharField(max_length=120, required=False, allow_blank=True)

    class Meta:
        model = Subscription
        fields = ["id", "label", "callback_url", "channels", "active", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


class CreatedSubscriptionSerializer(SubscriptionSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text="Khóa ký thông báo (HMAC-SHA256): chỉ trả về một lần, khi tạo hoặc đổi khóa.",
    )

    class Meta(SubscriptionSerializer.Meta):
        fields = [*SubscriptionSerializer.Meta.fields, "secret"]


class SecretSerializer(serializers.Serializer):
    secret = serializers.CharField(read_only=True)


class DeliveryLogSerializer(serializers.Serializer):
    """One notification to this subscription and how its sending went (the dispatch row)."""

    id = serializers.IntegerField()
    notification_id = serializers.SerializerMethodField()
    channel = serializers.CharField(source="topic")
    resource_key = serializers.SerializerMethodField(help_text="Mã hồ sơ (thứ tự gửi giữ theo từng hồ sơ)")
    sequence = serializers.IntegerField()
    status = serializers.CharField()
    attempts = serializers.IntegerField()
    next_attempt_at = serializers.DateTimeField(allow_null=True)
    last_error = serializers.CharField()
    subscriber_answer = serializers.CharField(source="partner_message")
    created_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField(allow_null=True)
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    notification = serializers.SerializerMethodField()

    def get_notification_id(self, delivery) -> str:
        return str((delivery.payload.get("notification") or {}).get("id", ""))

    def get_resource_key(self, delivery) -> str:
        return delivery.stream.partition(":")[2]

    def get_notification(self, delivery) -> dict:
        return delivery.payload.get("notification") or {}
