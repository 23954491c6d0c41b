import pytest


@pytest.mark.django_db
def test_home_page_declares_vietnamese(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()


@pytest.mark.django_db
def test_an_english_browser_still_gets_vietnamese_pages_by_default(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="vi">' in page


@pytest.mark.django_db
def test_the_language_selector_switches_pages_to_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Public service portal" in page
    assert "Cổng dịch vụ công" not in page


@pytest.mark.django_db
def test_the_api_answers_in_the_language_the_client_asks_for(client):
    response = client.get("/api/v1/procedures/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.headers["Content-Language"] == "en"
    response = client.get("/api/v1/procedures/")
    assert response.headers["Content-Language"] == "vi"


@pytest.mark.django_db
def test_openapi_schema_is_served(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_api_docs_load_their_assets_from_this_site(client):
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "cdn.jsdelivr.net" not in page
