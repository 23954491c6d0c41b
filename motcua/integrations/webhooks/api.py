"""`/api/v1/subscriptions/`: a machine client's own subscriptions and their delivery log.

OAuth2 bearer tokens only (django-oauth-toolkit), with the scope "events": a person's session never
serves a machine. No token: 401; a token without the scope: 403; another client's subscription: 404.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string
from drf_spectacular.utils import extend_schema, extend_schema_view
from oauth2_provider.contrib.rest_framework import TokenHasScope
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import selectors, services
from .models import Subscription
from .serializers import (
    CreatedSubscriptionSerializer,
    DeliveryLogSerializer,
    SecretSerializer,
    SubscriptionSerializer,
)

TAGS = ["events"]


@extend_schema_view(
    list=extend_schema(summary="Các đăng ký nhận thông báo sự kiện của ứng dụng", tags=TAGS),
    retrieve=extend_schema(summary="Một đăng ký nhận thông báo", tags=TAGS),
    create=extend_schema(
        summary="Đăng ký nhận thông báo sự kiện",
        description=(
            "Kênh: dossier-received, dossier-state-changed, dossier-result-ready, feedback-answered; bộ lọc "
            "theo mã cơ quan (agency) và mã thủ tục (procedure). Địa chỉ nhận phải dùng https. Khóa bí mật "
            "(`secret`) chỉ trả về một lần, trong câu trả lời này (xem docs/events.md)."
        ),
        responses={201: CreatedSubscriptionSerializer},
        tags=TAGS,
    ),
    update=extend_schema(summary="Thay đổi một đăng ký", tags=TAGS),
    partial_update=extend_schema(
        summary="Thay đổi một phần đăng ký (ví dụ tạm ngừng: active=false)", tags=TAGS
    ),
    destroy=extend_schema(summary="Xóa một đăng ký", tags=TAGS),
)
class SubscriptionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SubscriptionSerializer
    # Bearer tokens only (no session), through the machine clients' authentication, so each
    # request is in their audit; named in settings because this base package imports no app above it.
    authentication_classes = [import_string(settings.MOTCUA_MACHINE_AUTHENTICATION)]
    permission_classes = [TokenHasScope]
    required_scopes = ["events"]
    lookup_value_regex = r"[0-9]{1,18}"
    queryset = Subscription.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Subscription.objects.none()
        return selectors.owned_by_application(self.request.auth.application)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        subscription, secret = services.create_subscription(
            owner=services.Owner(application=request.auth.application),
            callback_url=data["callback_url"],
            channels=data["channels"],
            label=data.get("label", ""),
        )
        subscription.secret = secret
        return Response(CreatedSubscriptionSerializer(subscription).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        subscription = self.get_object()
        serializer = self.get_serializer(subscription, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.update_subscription(
            subscription=subscription,
            callback_url=data.get("callback_url"),
            channels=data.get("channels"),
            label=data.get("label"),
            active=data.get("active"),
        )
        return Response(SubscriptionSerializer(subscription).data)

    def perform_destroy(self, instance):
        services.delete_subscription(subscription=instance)

    @extend_schema(
        summary="Nhật ký gửi thông báo của một đăng ký",
        description="Mới nhất trước: trạng thái (pending, sending, acknowledged, failed, dead), số lần gửi, "
        "câu trả lời của hệ thống nhận, nội dung thông báo.",
        responses=DeliveryLogSerializer(many=True),
        tags=TAGS,
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        rows = selectors.deliveries_of(self.get_object())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(DeliveryLogSerializer(page, many=True).data)

    @extend_schema(
        summary="Đổi khóa bí mật",
        description="Khóa cũ hết hiệu lực ngay; khóa mới chỉ trả về một lần, trong câu trả lời này.",
        request=None,
        responses=SecretSerializer,
        tags=TAGS,
    )
    @action(detail=True, methods=["post"])
    def secret(self, request, pk=None):
        return Response({"secret": services.renew_secret(subscription=self.get_object())})
