"""The machine rule outside the dossiers: endpoints that serve no machine refuse tokens, DOT-style
views (`required_scopes`) keep deciding their scopes, the audit and its retention, the admin, the
schema's security scheme."""

import hashlib
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from oauth2_provider.contrib.rest_framework import TokenHasScope
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from motcua.machines import audit
from motcua.machines.models import MachineClient, MachineRequest
from motcua.org.tests.factories import CommuneFactory

from .helpers import machine_api, register, token


@pytest.fixture
def commune(db):
    return CommuneFactory(code="000.00.31.H26")


@pytest.fixture
def portal(commune):
    return register(grants=[(commune, ["catalog:read", "events"])])


def test_the_catalogue_serves_a_token_with_catalog_read(portal):
    assert machine_api(portal, "catalog:read").get("/api/v1/procedures/").status_code == 200
    response = machine_api(portal, "events").get("/api/v1/procedures/")
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"


def test_an_endpoint_that_serves_no_machine_refuses_a_token(portal):
    response = machine_api(portal).get("/api/v1/agencies/")
    assert response.status_code == 403
    assert response.json()["code"] == "machine_not_allowed"
    assert MachineRequest.objects.get().status == 403


class EventsLikeView(APIView):
    """A view in the shape of the events API: django-oauth-toolkit's scope check only."""

    permission_classes = [TokenHasScope]
    required_scopes = ["events"]

    def get(self, request):
        return Response({"client": request.auth.application.client_id})


def test_a_view_that_only_names_scopes_keeps_working(portal):
    factory = APIRequestFactory()
    view = EventsLikeView.as_view()
    ok = view(factory.get("/x/", HTTP_AUTHORIZATION=f"Bearer {token(portal, 'events')}"))
    assert ok.status_code == 200 and ok.data["client"] == portal.client_id
    refused = view(factory.get("/x/", HTTP_AUTHORIZATION=f"Bearer {token(portal, 'catalog:read')}"))
    assert refused.status_code == 403


def test_every_machine_request_is_one_audit_row_and_old_rows_are_pruned(portal, settings):
    api = machine_api(portal, "catalog:read")
    api.get("/api/v1/procedures/")
    api.get("/api/v1/sectors/")
    rows = list(MachineRequest.objects.order_by("id").values_list("path", "status", "client"))
    assert rows == [
        ("/api/v1/procedures/", 200, portal.client.pk),
        ("/api/v1/sectors/", 200, portal.client.pk),
    ]
    settings.MOTCUA_MACHINE_AUDIT_DAYS = 30
    MachineRequest.objects.filter(path="/api/v1/sectors/").update(at=timezone.now() - timedelta(days=31))
    assert audit.prune() == 1
    assert list(MachineRequest.objects.values_list("path", flat=True)) == ["/api/v1/procedures/"]


def test_the_admin_registers_a_client_and_shows_the_secret_once(client, commune):
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "x")
    client.force_login(admin)
    response = client.post(
        "/admin/machines/machineclient/add/",
        {
            "name": "Hệ thống ngành Tư pháp",
            "note": "",
            "grants-TOTAL_FORMS": "1",
            "grants-INITIAL_FORMS": "0",
            "grants-MIN_NUM_FORMS": "0",
            "grants-MAX_NUM_FORMS": "1000",
            "grants-0-agency": str(commune.pk),
            "grants-0-scopes": ["dossiers:read"],
        },
        follow=True,
    )
    assert response.status_code == 200
    created = MachineClient.objects.get()
    assert created.registered_by == admin
    assert created.grants.get().scopes == ["dossiers:read"]
    shown = [str(m) for m in response.context["messages"]]
    assert any("client_secret = " in m and created.client_id in m for m in shown)
    # Shown once: the change page does not show it again.
    page = client.get(f"/admin/machines/machineclient/{created.pk}/change/")
    assert "client_secret = " not in page.content.decode()


def test_the_schema_documents_client_credentials_and_each_operations_scope(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    scheme = schema["components"]["securitySchemes"]["oauth2"]
    assert scheme["flows"]["clientCredentials"]["tokenUrl"] == "/o/token/"
    assert "dossiers:read" in scheme["flows"]["clientCredentials"]["scopes"]
    assert {"oauth2": ["dossiers:read"]} in schema["paths"]["/api/v1/dossiers/"]["get"]["security"]
    assert {"oauth2": ["dossiers:write"]} in schema["paths"]["/api/v1/dossiers/"]["post"]["security"]
    agencies = schema["paths"]["/api/v1/agencies/"]["get"].get("security", [])
    assert not any("oauth2" in s for s in agencies)


def test_a_machines_account_never_holds_a_session(client, portal):
    # Even logged in by force, the account is inactive: the session loads nobody.
    client.force_login(portal.client.user)
    assert client.get("/api/v1/dossiers/").status_code == 401


def test_the_nightly_task_deletes_expired_tokens_and_old_audit_rows(portal, settings):
    from oauth2_provider.models import AccessToken

    from motcua.machines.tasks import prune_requests

    machine_api(portal, "catalog:read").get("/api/v1/procedures/")
    live = token(portal)
    AccessToken.objects.exclude(token_checksum=hashlib.sha256(live.encode()).hexdigest()).update(
        expires=timezone.now() - timedelta(days=1)
    )
    MachineRequest.objects.update(at=timezone.now() - timedelta(days=400))
    settings.MOTCUA_MACHINE_AUDIT_DAYS = 365
    assert prune_requests() == 1
    assert list(AccessToken.objects.values_list("token_checksum", flat=True)) == [
        hashlib.sha256(live.encode()).hexdigest()
    ]
