"""Submissions are throttled (issue 8, defect 4): per user, per address when anonymous."""

import pytest
from django.core.cache import cache

from .conftest import client_for, post_json

URL = "/api/v1/dossiers/"


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"public_lookup": "3/minute", "submission": "2/minute"},
    }
    cache.clear()
    yield
    cache.clear()


def test_submissions_past_the_rate_answer_429_in_the_api_format(db, low_rates, desk, specialist):
    client = client_for(desk.user)
    assert [post_json(client, URL, {}).status_code for _ in range(2)] == [400, 400]
    response = post_json(client, URL, {})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["code"] == "throttled"
    # Each user is counted apart, not by the shared address.
    assert post_json(client_for(specialist.user), URL, {}).status_code == 400


def test_reading_is_not_counted_as_submitting(db, low_rates, desk):
    client = client_for(desk.user)
    for _ in range(5):
        assert client.get(URL).status_code == 200
