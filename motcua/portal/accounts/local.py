"""Local accounts for those without VNeID (foreigners, organisations): an account is created only
once its owner proves the e-mail address or phone they gave, by a one-time code sent through the
outbox (integrations.services). A local account is not e-ID verified: it links to no person record
and its dossiers do not carry TaiKhoanDuocXacThucVoiVNeID.

The pending registration waits in the cache (ten minutes, five tries at the code); only the code's
hash is kept."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.integrations.notifiers import NotificationError, get_notifier
from motcua.integrations.services import enqueue_notification

PENDING_SECONDS = 600
MAX_TRIES = 5


class RegistrationError(Exception):
    def __init__(self, code: str, message: str, field: str = ""):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _key(token: str) -> str:
    return f"portal-local-registration:{token}"


def start_registration(*, channel: str, contact: str, full_name: str, password: str) -> str:
    """Send a one-time code to `contact` and return the token of the pending registration."""
    try:
        contact = get_notifier(channel).validate_recipient(contact)
    except NotificationError:
        raise RegistrationError(
            "contact_invalid", _("Địa chỉ e-mail hoặc số điện thoại không hợp lệ."), "contact"
        ) from None
    if get_user_model().objects.filter(username=contact).exists():
        raise RegistrationError(
            "contact_taken", _("Đã có tài khoản với địa chỉ này; hãy đăng nhập."), "contact"
        )
    code = f"{secrets.randbelow(1_000_000):06d}"
    token = secrets.token_urlsafe(24)
    cache.set(
        _key(token),
        {
            "channel": channel,
            "contact": contact,
            "full_name": full_name,
            "password": make_password(password),
            "code": _hash(code),
            "tries": 0,
        },
        PENDING_SECONDS,
    )
    with transaction.atomic():
        enqueue_notification(
            channel=channel,
            recipient=contact,
            subject=_("Mã xác nhận tài khoản Cổng dịch vụ công"),
            body=_("Mã xác nhận MotCua: %(code)s (hiệu lực 10 phút). Không chia sẻ mã này.") % {"code": code},
            key=f"portal-registration:{token}",
        )
    return token


def confirm_registration(*, token: str, code: str):
    """The account, created when `code` is the one sent; the pending registration ends after
    MAX_TRIES wrong codes."""
    pending = cache.get(_key(token))
    if pending is None:
        raise RegistrationError(
            "registration_expired", _("Mã xác nhận đã hết hạn; vui lòng đăng ký lại."), "code"
        )
    if not hmac.compare_digest(_hash(code.strip()), pending["code"]):
        pending["tries"] += 1
        if pending["tries"] >= MAX_TRIES:
            cache.delete(_key(token))
            raise RegistrationError(
                "registration_expired", _("Nhập sai quá nhiều lần; vui lòng đăng ký lại."), "code"
            )
        cache.set(_key(token), pending, PENDING_SECONDS)
        raise RegistrationError("code_wrong", _("Mã xác nhận không đúng."), "code")
    cache.delete(_key(token))
    User = get_user_model()
    with transaction.atomic():
        if User.objects.filter(username=pending["contact"]).exists():
            raise RegistrationError(
                "contact_taken", _("Đã có tài khoản với địa chỉ này; hãy đăng nhập."), "contact"
            )
        user = User(
            username=pending["contact"], first_name=pending["full_name"][:150], password=pending["password"]
        )
        if pending["channel"] == "email":
            user.email = pending["contact"]
        user.save()
    return user
