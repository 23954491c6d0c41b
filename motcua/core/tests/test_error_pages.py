"""The site's own error pages, in Vietnamese, and a favicon (the demo runs without DEBUG)."""

import pytest
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import path


@pytest.mark.django_db
def test_an_unknown_address_shows_the_sites_404_page(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Không tìm thấy trang" in page and "Về trang chủ" in page
    assert "URLconf" not in page  # not Django's debug page with the URL list


def test_the_500_page_renders_without_a_request_or_the_database():
    page = render_to_string("500.html")
    assert "Hệ thống đang gặp sự cố" in page and "favicon.svg" in page


def _broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("hong/", _broken)]  # this module is the URL configuration of the next test


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_shows_the_500_page(client):
    client.raise_request_exception = False
    response = client.get("/hong/")
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


@pytest.mark.django_db
def test_the_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
    assert 'rel="icon"' in client.get("/").content.decode()


def test_the_demo_settings_run_without_debug(monkeypatch):
    import importlib

    monkeypatch.delenv("DEBUG", raising=False)
    import motcua.settings.dev as dev

    assert importlib.reload(dev).DEBUG is False
