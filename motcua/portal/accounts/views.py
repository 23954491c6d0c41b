"""The citizens' accounts: /dang-nhap/ (VNeID first; says so plainly when the provider is down),
the OIDC start and callback (mozilla-django-oidc's views, throttled), /dang-xuat/, /tai-khoan/."""

from __future__ import annotations

import logging

from django.contrib.auth import logout
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from motcua.core.throttles import ScopedThrottle, check_page
from motcua.integrations.vneid.plugins import get_provider

from . import identity

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
