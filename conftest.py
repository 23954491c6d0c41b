"""Fixtures and settings for the whole suite."""

import os

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings

# Property tests: no per-example deadline (CI machines are shared and slow down at random); on CI,
# derandomised so that a run is reproducible from the commit alone, while developers' runs keep
# exploring new examples.
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _vietnamese():
    # LocaleMiddleware leaves the last request's language active in the thread; start each
    # test in the default language so messages are compared in Vietnamese.
    with translation.override(settings.LANGUAGE_CODE):
        yield
