"""Fixtures for the whole suite."""

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _vietnamese():
    # LocaleMiddleware leaves the last request's language active in the thread; start each
    # test in the default language so messages are compared in Vietnamese.
    with translation.override(settings.LANGUAGE_CODE):
        yield
