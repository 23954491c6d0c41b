"""The whole OpenAPI schema fuzzed against the app (schemathesis, in-process through WSGI): 0 server
errors, and every answer as the schema says (status codes, content types, bodies, headers), for an
anonymous client and for a desk officer's session.

Bounded and deterministic: SECURITY_CHECK_EXAMPLES examples per operation (CI: the default below;
`make security-check`: more), hypothesis derandomised (the same examples on every run of a commit)."""

import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from motcua.catalog.tests.factories import published_version
from motcua.dossiers import services
from motcua.dossiers.tests.conftest import MONDAY_9, make_intake
from motcua.org.tests.factories import CommuneFactory, ServiceDeskFactory, StaffFactory

pytestmark = pytest.mark.security

EXAMPLES = int(os.environ.get("SECURITY_CHECK_EXAMPLES", "4"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def _schema():
    document = json.loads(
        OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True))
    )
    # The two clients authenticate themselves (none, or the officer's session): no generated credentials,
    # which would only be refused before reaching the operation.
    document.get("components", {}).pop("securitySchemes", None)
    for item in document["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict):
                operation.pop("security", None)
    return document


schema = schemathesis.openapi.from_dict(_schema())
schema.app = get_wsgi_application()
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def world(db):
    """A ward with its desk, a published procedure, its desk officer; the WSGI handler's connection
    closing turned off (as Django's test client does), so the requests share the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    commune = CommuneFactory(code="000.00.71.H26", name="Ủy ban nhân dân Phường Kiểm Thử")
    ServiceDeskFactory(host_agency=commune, name="Bộ phận Một cửa Phường Kiểm Thử")
    version = published_version(
        code="1.001193",
        name="Đăng ký khai sinh",
        implementing_agencies=[commune],
        requirements=[{"name": "Tờ khai", "kind": "original", "quantity": 1}],
    )
    desk = StaffFactory(agency=commune, roles=["desk_officer"])
    dossier = services.receive_at_desk(officer=desk, intake=make_intake(version, commune), now=MONDAY_9)
    yield {"desk": desk, "dossier": dossier}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def officer_session(world, client):
    client.force_login(world["desk"].user)
    csrf = _get_new_csrf_string()
    return {
        "headers": {"X-CSRFToken": csrf},
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf},
    }


@schema.parametrize()
@HYPOTHESIS
def test_anonymous(case, world):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@HYPOTHESIS
def test_desk_officer(case, world, officer_session):
    # Half of the examples act on the officer's real dossier (the rest on codes that do not exist), so
    # the actions' bodies are fuzzed against a dossier, not only against 404s.
    code = case.path_parameters.get("code") if case.path_parameters else None
    if code is not None and len(str(code)) % 2 == 0:
        case.path_parameters["code"] = world["dossier"].code
    case.call_and_validate(checks=CHECKS, **officer_session)
