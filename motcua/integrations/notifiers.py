"""Notification channels as plugins: one Notifier per channel, looked up by name.

A deployment swaps a channel's implementation with the setting MOTCUA_NOTIFIERS, e.g.
`{"sms": "myprovince.sms.ViettelNotifier"}`; the outbox only knows channel names.
"""

from __future__ import annotations

import abc

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

from .sms_gateway import SmsGatewayClient, SmsGatewayError, normalise_msisdn


class NotificationError(Exception):
    """A send failed. `retryable=False` means trying again cannot help (bad address)."""

    def __init__(self, message: str, *, retryable: bool = True):
        super().__init__(message)
        self.retryable = retryable


class Notifier(abc.ABC):
    channel: str = ""

    def validate_recipient(self, recipient: str) -> str:
        """The recipient in canonical form; raise NotificationError(retryable=False) if unusable."""
        return recipient

    @abc.abstractmethod
    def send(self, *, recipient: str, subject: str, body: str, idempotency_key: str) -> str:
        """Hand the message over; return the provider's message id. Providers that support it
        receive `idempotency_key`, so a send retried after a crash is not delivered twice."""


_REGISTRY: dict[str, type[Notifier]] = {}


def register_notifier(cls: type[Notifier]) -> type[Notifier]:
    _REGISTRY[cls.channel] = cls
    return cls


def channels() -> list[str]:
    return sorted(set(_REGISTRY) | set(getattr(settings, "MOTCUA_NOTIFIERS", {})))


def get_notifier(channel: str) -> Notifier:
    override = getattr(settings, "MOTCUA_NOTIFIERS", {}).get(channel)
    cls = import_string(override) if override else _REGISTRY.get(channel)
    if cls is None:
        raise NotificationError(f"no notifier for channel {channel!r}", retryable=False)
    return cls()


@register_notifier
class EmailNotifier(Notifier):
    """Through Django's e-mail backend (SMTP in production, locmem in tests, console in dev)."""

    channel = "email"

    def validate_recipient(self, recipient):
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_email

        try:
            validate_email(recipient)
        except ValidationError:
            raise NotificationError(f"invalid e-mail address {recipient!r}", retryable=False) from None
        return recipient.strip()

    def send(self, *, recipient, subject, body, idempotency_key):
        domain = getattr(settings, "MOTCUA_EMAIL_MESSAGE_ID_DOMAIN", "motcua.local")
        # A Message-ID derived from the key lets mail systems drop a duplicate after a retry.
        message_id = f"<{idempotency_key.replace(' ', '_')}@{domain}>"
        message = EmailMessage(
            subject=subject,
            body=body,
            to=[recipient],
            headers={"Message-ID": message_id, "X-MotCua-Key": idempotency_key},
        )
        try:
            message.send(fail_silently=False)
        except OSError as exc:  # smtplib errors are OSErrors: connection refused, timeouts, 4xx
            raise NotificationError(f"e-mail not sent: {exc}") from exc
        return message_id


@register_notifier
class SmsNotifier(Notifier):
    channel = "sms"

    def validate_recipient(self, recipient):
        msisdn = normalise_msisdn(recipient)
        if msisdn is None:
            raise NotificationError(f"not a Vietnamese mobile number: {recipient!r}", retryable=False)
        return msisdn

    def send(self, *, recipient, subject, body, idempotency_key):
        try:
            accepted = SmsGatewayClient().send(to=recipient, text=body, client_ref=idempotency_key)
        except SmsGatewayError as exc:
            raise NotificationError(str(exc), retryable=exc.retryable) from exc
        return accepted.message_id
