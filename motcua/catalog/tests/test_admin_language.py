"""The catalogue's admin: entirely in Vietnamese (no English next to Vietnamese, checked on the
rendered HTML), dates typed and shown dd/mm/yyyy."""

import datetime
import html
import re

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.utils import translation

from motcua.catalog import services

from .cases import birth_with_cases

pytestmark = pytest.mark.django_db

# Words of Django's admin UI that show up when a string is left untranslated or hard-coded.
ENGLISH = re.compile(
    r"\b(Add|Change|Delete|Search|Select|Show|Hide|Toggle|View|Skip|Sidebar|Breadcrumbs|Filter|True|False|"
    r"Save|Model|link|action|objects?|Choose|Remove|Today|Now|Yesterday|Tomorrow|Cancel|entry|counts|theme|"
    r"commune|province|district|ministry|desk|online_partial)\b"
)


def visible_text(page: str) -> str:
    page = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page, flags=re.S)
    attributes = re.findall(r'(?:title|placeholder|aria-label|alt)="([^"]*)"', page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + "\n" + "\n".join(attributes))


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.vn", "pw"))
    return client


def test_the_catalogue_admin_shows_no_english(admin_client):
    version = birth_with_cases()
    draft = services.new_draft(version=version)
    urls = [
        "/admin/",
        "/admin/catalog/",
        "/admin/catalog/procedureversion/",
        f"/admin/catalog/procedureversion/{version.pk}/change/",
        f"/admin/catalog/procedureversion/{draft.pk}/change/",
        "/admin/catalog/procedureversion/add/",
        "/admin/catalog/procedure/",
        f"/admin/catalog/procedure/{version.procedure_id}/change/",
        "/admin/catalog/sector/",
        "/admin/catalog/processdefinition/",
    ]
    found = {}
    for url in urls:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        words = sorted(set(ENGLISH.findall(visible_text(response.content.decode()))))
        if words:
            found[url] = words
    assert found == {}


def test_the_admin_calendar_speaks_vietnamese(admin_client):
    script = admin_client.get("/admin/jsi18n/").content.decode()
    assert '"Monday": "Th\\u1ee9 hai"' in script or '"Monday": "Thứ hai"' in script


def test_dates_are_typed_and_shown_dd_mm_yyyy(admin_client):
    with translation.override("vi"):
        assert forms.DateField().clean("15/12/2026") == datetime.date(2026, 12, 15)
        assert forms.DateField().clean("2026-12-15") == datetime.date(2026, 12, 15)
    version = birth_with_cases()
    draft = services.new_draft(version=version)
    services.update_draft(version=draft, data={"effective_from": datetime.date(2026, 12, 15)})
    page = admin_client.get(f"/admin/catalog/procedureversion/{draft.pk}/change/").content.decode()
    assert 'name="effective_from" value="15/12/2026"' in page
