"""A machine client reads the statistics of the units granted to it (reports:read), no other."""

from motcua.machines.models import MachineRequest
from motcua.machines.tests.helpers import machine_api, register

from .test_statistics import world  # noqa: F401 — the fixture

URL = "/api/v1/statistics/dossiers/"
NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}


def test_the_granted_unit_is_served_and_another_is_403(world):  # noqa: F811
    ward, other, _leader, _officer = world
    tool = register(
        name="Công cụ báo cáo của tỉnh", grants=[(ward, ["reports:read"]), (other, ["dossiers:read"])]
    )
    api = machine_api(tool)
    body = api.get(URL, {"unit": ward.code, **NOVEMBER}).json()
    assert body["total"]["received"] == 2
    refused = api.get(URL, {"unit": other.code, **NOVEMBER})
    assert (refused.status_code, refused.json()["code"]) == (403, "report_forbidden")
    assert list(MachineRequest.objects.order_by("id").values_list("status", "agency")) == [
        (200, ward.pk),
        (403, other.pk),
    ]


def test_a_token_without_reports_read_is_403(world):  # noqa: F811
    ward, *_ = world
    tool = register(grants=[(ward, ["reports:read", "dossiers:read"])])
    response = machine_api(tool, "dossiers:read").get(URL, {"unit": ward.code, **NOVEMBER})
    assert (response.status_code, response.json()["code"]) == (403, "insufficient_scope")
