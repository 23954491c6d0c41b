"""The citizens' accounts: /dang-nhap/ (VNeID first; says so plainly when the provider is down),
the OIDC start and callback (mozilla-django-oidc's views, throttled), /dang-xuat/, /tai-khoan/."""

from __future__ import annotations

import logging

from django import forms
from django.contrib.auth import login, logout
from django.contrib.auth.views import LoginView
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from motcua.core.throttles import ScopedThrottle, check_page
from motcua.integrations.vneid.plugins import get_provider

from . import identity, local

logger = logging.getLogger(__name__)


class PortalLoginThrottle(ScopedThrottle):
    scope = "portal_login"


@require_GET
def login_page(request):
    refused = check_page(request, PortalLoginThrottle)
    if refused:
        return refused
    status = get_provider().status()
    return render(
        request,
        "portal/accounts/login.html",
        {
            "provider_up": status.up,
            "failed": request.GET.get("loi") == "vneid",
            "next": request.GET.get("next", ""),
        },
    )


class VNeIDStart(OIDCAuthenticationRequestView):
    def get(self, request):
        refused = check_page(request, PortalLoginThrottle)
        if refused:
            return refused
        if not get_provider().status().up:
            return redirect("portal:login")
        return super().get(request)


class VNeIDCallback(OIDCAuthenticationCallbackView):
    @property
    def success_url(self):
        next_url = self.request.session.get("oidc_login_next")
        return next_url or reverse("portal:account")

    @property
    def failure_url(self):
        return reverse("portal:login") + "?loi=vneid"

    def get(self, request):
        refused = check_page(request, PortalLoginThrottle)
        if refused:
            return refused
        try:
            return super().get(request)
        except SuspiciousOperation as exc:  # an unknown state: a forged or replayed callback
            logger.warning("VNeID callback refused: %s", exc)
            return self.login_failure()


@require_POST
def logout_view(request):
    logout(request)
    return redirect("home")


@require_GET
def account(request):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('portal:login')}?next={reverse('portal:account')}")
    attributes = identity.identity_of(request)
    context = {"identity": attributes, "eid_verified": attributes is not None}
    if attributes:
        context["masked_id"] = identity.masked(attributes["id_number"])
    return render(request, "portal/accounts/account.html", context)


class RegistrationForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Nhận mã xác nhận qua"), choices=[("email", _("E-mail")), ("sms", _("Tin nhắn SMS"))]
    )
    contact = forms.CharField(label=_("Địa chỉ e-mail hoặc số điện thoại"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên hoặc tên tổ chức"), max_length=150)
    password = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput, min_length=10)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Mã xác nhận"), max_length=6, min_length=6)


def register(request):
    """A local account (no VNeID): the form, then the code sent by e-mail or SMS."""
    refused = check_page(request, PortalLoginThrottle)
    if refused:
        return refused
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token = local.start_registration(**form.cleaned_data)
        except local.RegistrationError as exc:
            form.add_error(exc.field or None, exc.message)
        else:
            return redirect("portal:register-confirm", token=token)
    return render(request, "portal/accounts/register.html", {"form": form})


def register_confirm(request, token: str):
    refused = check_page(request, PortalLoginThrottle)
    if refused:
        return refused
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = local.confirm_registration(token=token, code=form.cleaned_data["code"])
        except local.RegistrationError as exc:
            form.add_error("code", exc.message)
        else:
            login(request, user, backend="motcua.org.auth.StaffBackend")
            return redirect("portal:account")
    return render(request, "portal/accounts/register_confirm.html", {"form": form})


class LocalLogin(LoginView):
    """Password login of local accounts; django-axes locks it after repeated failures."""

    template_name = "portal/accounts/password_login.html"

    def get_default_redirect_url(self):
        return reverse("portal:account")

    def dispatch(self, request, *args, **kwargs):
        refused = check_page(request, PortalLoginThrottle)
        if refused:
            return refused
        return super().dispatch(request, *args, **kwargs)
