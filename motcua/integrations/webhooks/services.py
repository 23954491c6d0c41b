"""The only writer of subscriptions, and `publish`: an event to every subscription that wants it.

    publish(channel=…, resource="dossier", event_type="resolve", resource_key="H26.41-261116-0001",
            payload={…}, agency_code="000.00.41.H26", procedure_code="1.013225", event_key="…")

Call `publish` inside the business transaction (the event's): one Delivery per matching active
subscription, written with it (nothing leaves if it rolls back), sent after commit in order per
stream. The stream is the subscription and the resource key, so one subscriber's notifications of
one dossier never overtake each other, and a slow subscriber holds up no one else.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..dispatch import services as dispatch
from . import channels as channel_names
from . import urlguard
from .models import PARTNER, Subscription

log = logging.getLogger(__name__)
MAX_CHANNELS = 10
MAX_FILTER_VALUES = 50


def new_secret() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Owner:
    """Who a subscription belongs to: a machine client's application, or a staff user."""

    application: object | None = None
    user: object | None = None

    def __post_init__(self):
        if (self.application is None) == (self.user is None):
            raise ValueError("a subscription has exactly one owner")

    def rows(self):
        if self.application is not None:
            return Subscription.objects.filter(application=self.application)
        return Subscription.objects.filter(user=self.user)


def _invalid(field: str, code: str, message: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def clean_callback_url(url: str) -> str:
    url = (url or "").strip()
    try:
        urlguard.check_syntax(url)
    except urlguard.UnsafeUrl as exc:
        raise _invalid("callback_url", "unsafe_callback_url", str(exc)) from None
    return url


def clean_channels(value: object) -> list[dict]:
    """[{"channel": name, "filters": {attribute: [values]}}], each channel once, each attribute
    one the channel carries; a single value may be given as a string."""
    if not isinstance(value, list) or not value:
        raise _invalid("channels", "channels_required", _("Chọn ít nhất một kênh."))
    if len(value) > MAX_CHANNELS:
        raise _invalid("channels", "too_many_channels", _("Quá nhiều kênh trong một đăng ký."))
    cleaned: list[dict] = []
    for item in value:
        if not isinstance(item, Mapping) or item.get("channel") not in channel_names.CHANNELS:
            raise _invalid("channels", "unknown_channel", _("Kênh không tồn tại."))
        name = str(item["channel"])
        if any(c["channel"] == name for c in cleaned):
            raise _invalid("channels", "duplicate_channel", _("Mỗi kênh chỉ được chọn một lần."))
        filters = item.get("filters") or {}
        if not isinstance(filters, Mapping):
            raise _invalid("channels", "invalid_filter", _("Bộ lọc phải là một đối tượng."))
        clean_filters: dict[str, list[str]] = {}
        for key, values in filters.items():
            if key not in channel_names.filter_keys(name):
                raise _invalid(
                    "channels",
                    "unknown_filter",
                    _("Kênh %(channel)s không lọc được theo %(key)s.")
                    % {"channel": name, "key": str(key)[:40]},
                )
            values = [values] if isinstance(values, str) else values
            if (
                not isinstance(values, list)
                or not values
                or len(values) > MAX_FILTER_VALUES
                or not all(isinstance(v, str) and 0 < len(v) <= 64 and "\x00" not in v for v in values)
            ):
                raise _invalid("channels", "invalid_filter", _("Giá trị lọc không hợp lệ."))
            clean_filters[key] = sorted(set(values))
        cleaned.append({"channel": name, "filters": clean_filters})
    return cleaned


def create_subscription(
    *, owner: Owner, callback_url: str, channels: object, label: str = ""
) -> tuple[Subscription, str]:
    """A new active subscription and its secret (the only time it is returned)."""
    secret = new_secret()
    subscription = Subscription.objects.create(
        application=owner.application,
        user=owner.user,
        label=(label or "").strip()[:120],
        callback_url=clean_callback_url(callback_url),
        channels=clean_channels(channels),
        secret=secret,
    )
    log.info("subscription %s created for %s", subscription.pk, subscription.callback_url)
    return subscription, secret


def update_subscription(
    *,
    subscription: Subscription,
    callback_url: str | None = None,
    channels: object = None,
    label: str | None = None,
    active: bool | None = None,
) -> Subscription:
    """Change what is given; a deactivated subscription is sent nothing more (its queued
    notifications die at their next try and can be replayed once it is active again)."""
    fields = ["updated_at"]
    if callback_url is not None:
        subscription.callback_url = clean_callback_url(callback_url)
        fields.append("callback_url")
    if channels is not None:
        subscription.channels = clean_channels(channels)
        fields.append("channels")
    if label is not None:
        subscription.label = label.strip()[:120]
        fields.append("label")
    if active is not None:
        subscription.active = bool(active)
        fields.append("active")
    subscription.save(update_fields=fields)
    return subscription


def renew_secret(*, subscription: Subscription) -> str:
    """A new secret (the old one stops working at once); returned this once."""
    subscription.secret = new_secret()
    subscription.save(update_fields=["secret", "updated_at"])
    return subscription.secret


def delete_subscription(*, subscription: Subscription) -> None:
    """Gone; its delivery log stays (the deliveries still queued die at their next try)."""
    subscription.delete()


# --- Publishing --------------------------------------------------------------------------------------


def _matches(filters: Mapping[str, list[str]], attributes: Mapping[str, str]) -> bool:
    return all(attributes.get(key) in values for key, values in filters.items())


def listening(event_channels: Iterable[str], attributes: Mapping[str, str]) -> list[tuple[Subscription, str]]:
    """The active subscriptions that want an event published on `event_channels` (most specific
    first), each with the first of those channels it listens to and whose filters match: one
    notification per subscription per event, however many of its channels the event is on."""
    event_channels = list(event_channels)
    found = []
    for subscription in Subscription.objects.filter(active=True).order_by("pk"):
        wanted = {c["channel"]: c.get("filters") or {} for c in subscription.channels}
        for name in event_channels:
            if name in wanted and _matches(wanted[name], attributes):
                found.append((subscription, name))
                break
    return found


def notification(
    *,
    channel: str,
    resource: str,
    event_type: str,
    resource_url: str,
    main_object_url: str,
    occurred_at: dt.datetime,
    attributes: Mapping[str, str],
    payload: Mapping,
) -> dict:
    """The body subscribers receive (docs/events.md), Open Zaak's notification with English names:
    kanaal → channel, hoofdObject → mainObject, resource, resourceUrl, actie → action,
    aanmaakdatum → createdAt, kenmerken → attributes; plus `id` and the event's `data`."""
    return {
        "id": str(uuid.uuid4()),
        "channel": channel,
        "mainObject": main_object_url,
        "resource": resource,
        "resourceUrl": resource_url,
        "action": event_type,
        "createdAt": timezone.localtime(occurred_at).isoformat(),
        "attributes": dict(attributes),
        "data": dict(payload),
    }


def publish(
    *,
    channel: str | Iterable[str],
    resource: str,
    event_type: str,
    resource_key: str,
    payload: Mapping,
    event_key: str,
    agency_code: str = "",
    procedure_code: str = "",
    resource_url: str = "",
    main_object_url: str = "",
    occurred_at: dt.datetime | None = None,
) -> int:
    """Queue the event for every active subscription that wants it; how many were queued.

    `channel`: one name, or several from the most specific (a result is also a change of state: a
    subscriber to both hears it once, on "dossier-result-ready"). `resource_key` orders the
    notifications (a dossier's code). `event_key` identifies the event (the same key twice queues
    nothing new). `payload` goes out as `data`: put in it only what every subscriber of the channel
    may know (no personal data). Must run inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("publish() runs inside the transaction of the event it tells")
    event_channels = [channel] if isinstance(channel, str) else list(channel)
    unknown = [name for name in event_channels if name not in channel_names.CHANNELS]
    if unknown:
        raise ValueError(f"unknown channel(s) {unknown}")
    attributes = {channel_names.AGENCY: agency_code, channel_names.PROCEDURE: procedure_code}
    attributes = {key: value for key, value in attributes.items() if value}
    occurred_at = occurred_at or timezone.now()
    queued = 0
    for subscription, name in listening(event_channels, attributes):
        body = notification(
            channel=name,
            resource=resource,
            event_type=event_type,
            resource_url=resource_url,
            main_object_url=main_object_url or resource_url,
            occurred_at=occurred_at,
            attributes=attributes,
            payload=payload,
        )
        dispatch.enqueue(
            partner=PARTNER,
            stream=f"{subscription.stream_prefix}{resource_key}"[:120],
            topic=name,
            payload={"subscription": subscription.pk, "notification": body},
            key=f"{PARTNER}:{subscription.pk}:{event_key}"[:200],
        )
        queued += 1
    return queued
