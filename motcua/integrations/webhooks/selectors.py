"""Reads: a client's own subscriptions, a subscription's delivery log."""

from __future__ import annotations

from django.db.models import QuerySet

from ..dispatch.models import Delivery
from .models import PARTNER, Subscription


def owned_by_application(application) -> QuerySet[Subscription]:
    return Subscription.objects.filter(application=application).order_by("pk")


def deliveries_of(subscription: Subscription) -> QuerySet[Delivery]:
    """Its notifications, newest first (every stream of the subscription: one per dossier)."""
    return Delivery.objects.filter(partner=PARTNER, stream__startswith=subscription.stream_prefix).order_by(
        "-created_at", "-pk"
    )


def anyone_listening(channels: list[str]) -> bool:
    """Whether any active subscription may want an event on these channels (the cheap question a
    publisher asks first: one query, before it reads what the notification would say)."""
    for subscribed in Subscription.objects.filter(active=True).order_by().values_list("channels", flat=True):
        if any(c.get("channel") in channels for c in subscribed):
            return True
    return False
