"""VNeID unreachable, one endpoint at a time (discovery, JWKS, token): /dang-nhap/ says so plainly
and the public tracking of a real dossier still answers (DOMAIN.md §7.8)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import requests
from django.core.cache import cache

from motcua.catalog.tests.factories import published_version
from motcua.dossiers import services
from motcua.org.tests.factories import CommuneFactory, ServiceDeskFactory, StaffFactory

from .test_vneid_login import _consent, _start

pytestmark = pytest.mark.django_db

DOWN = "Hệ thống định danh điện tử VNeID hiện không phản hồi"


@pytest.fixture
def dossier(db):
    commune = CommuneFactory(code="000.00.31.H26", name="Ủy ban nhân dân Phường Thử nghiệm")
    ServiceDeskFactory(host_agency=commune, name="Bộ phận Một cửa Phường Thử nghiệm")
    version = published_version(code="1.001193", implementing_agencies=[commune])
    desk = StaffFactory(agency=commune, roles=["desk_officer"])
    papers = [
        services.PaperData(name=r.name, kind=r.kind, requirement_id=r.pk)
        for r in version.requirements.filter(mandatory=True)
    ]
    intake = services.Intake(
        version=version,
        agency=commune,
        applicant=services.ApplicantData(kind="0", full_name="Trần Thị Lan", id_number="001190012345"),
        papers=papers,
    )
    return services.receive_at_desk(
        officer=desk, intake=intake, now=datetime(2026, 11, 16, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    )


def failing(session, method: str, fragment: str, monkeypatch, *, status: int | None = None):
    """Make the server's own calls to URLs containing `fragment` fail (refused, or answer `status`)."""
    real = getattr(session, method)

    def call(url, *args, **kwargs):
        if fragment in url:
            if status is None:
                raise requests.ConnectionError("connection refused")
            response = requests.Response()
            response.status_code, response._content, response.url = status, b"<html>busy</html>", url
            return response
        return real(url, *args, **kwargs)

    monkeypatch.setattr(requests, method, call)
    cache.clear()


def assert_says_down_and_tracking_works(client, dossier):
    page = client.get("/dang-nhap/").content.decode()
    assert DOWN in page and 'href="/tra-cuu/"' in page
    assert 'href="/dang-nhap/vneid/"' not in page
    tracking = client.get(f"/tra-cuu/{dossier.code}/")
    assert tracking.status_code == 200 and dossier.code in tracking.content.decode()


@pytest.mark.parametrize(
    ("fragment", "status"),
    [
        ("/.well-known/openid-configuration", None),  # discovery refused
        ("/.well-known/openid-configuration", 503),  # discovery busy
        ("/jwks", None),  # keys refused, discovery fine
        ("/jwks", 502),  # keys answer an error page
    ],
)
def test_discovery_or_keys_unreachable_the_login_page_says_so(
    client, provider, monkeypatch, dossier, fragment, status
):
    failing(provider, "get", fragment, monkeypatch, status=status)
    assert_says_down_and_tracking_works(client, dossier)


def test_the_provider_answering_again_brings_the_button_back(client, provider, monkeypatch, dossier):
    failing(provider, "get", "/jwks", monkeypatch)
    assert DOWN in client.get("/dang-nhap/").content.decode()
    monkeypatch.setattr(requests, "get", provider.get)
    cache.clear()  # the status is cached briefly; a probe after it sees the provider back
    assert 'href="/dang-nhap/vneid/"' in client.get("/dang-nhap/").content.decode()


def test_the_token_endpoint_down_mid_login_says_so_and_logs_no_one_in(client, provider, monkeypatch, dossier):
    params = _start(client)
    back = _consent(client, params, "001085012345")
    failing(provider, "post", "/token", monkeypatch)
    answer = client.get("/dang-nhap/vneid/callback/", back)
    assert answer.status_code == 302 and answer["Location"] == "/dang-nhap/?loi=vneid"
    page = client.get(answer["Location"]).content.decode()
    assert "Đăng nhập bằng VNeID không thành công" in page
    assert "_auth_user_id" not in client.session
    tracking = client.get(f"/tra-cuu/{dossier.code}/")
    assert tracking.status_code == 200
