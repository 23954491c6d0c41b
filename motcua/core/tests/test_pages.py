import pytest


@pytest.mark.django_db
def test_home_page_declares_vietnamese(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()


@pytest.mark.django_db
def test_home_page_in_english_when_asked(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_openapi_schema_is_served(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_home_page_is_translated_to_english(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Public service portal" in page
    assert "Cổng dịch vụ công" not in page


@pytest.mark.django_db
def test_api_docs_load_their_assets_from_this_site(client):
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "cdn.jsdelivr.net" not in page
