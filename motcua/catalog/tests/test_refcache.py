"""The per-process memory of procedure versions and agencies read at intake (core.refcache)."""

import pytest

from motcua.catalog import selectors as catalog_selectors
from motcua.catalog import services as catalog_services
from motcua.catalog.models import Requirement
from motcua.catalog.tests.factories import published_version, version_data
from motcua.core.refcache import ReferenceCache
from motcua.org import selectors as org_selectors
from motcua.org.tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def remembering(settings):
    settings.MOTCUA_REFERENCE_CACHE_SECONDS = 60
    yield
    from motcua.core.refcache import _clear_now

    _clear_now()


def test_a_version_is_read_once_then_remembered(remembering, django_assert_num_queries):
    commune = CommuneFactory()
    published_version(implementing_agencies=[commune])
    with django_assert_num_queries(4):  # version + procedure, cases, requirements, implementing agencies
        version = catalog_selectors.published_version("1.001193")
    with django_assert_num_queries(0):
        again = catalog_selectors.published_version("1.001193")
        assert again is version
        assert [r.name for r in again.requirements.all()] == ["Tờ khai đăng ký khai sinh"]
        assert catalog_selectors.implemented_by(again, commune)
        assert not catalog_selectors.implemented_by(again, CommuneFactory.build(pk=commune.pk + 999))


def test_a_change_in_this_process_is_seen_at_once(remembering):
    version = published_version()
    assert catalog_selectors.published_version("1.001193").pk == version.pk
    Requirement.objects.create(version=version, order=2, name="Giấy chứng sinh", kind="copy")
    assert [r.name for r in catalog_selectors.published_version("1.001193").requirements.all()] == [
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
    ]
    newer = catalog_services.publish_version(
        version=catalog_services.create_draft(data=version_data(name="Đăng ký khai sinh (mới)"))
    )
    assert catalog_selectors.published_version("1.001193").pk == newer.pk


def test_what_is_not_found_is_asked_again(remembering):
    assert catalog_selectors.published_version("1.001193") is None
    version = published_version()
    assert catalog_selectors.published_version("1.001193").pk == version.pk


def test_entries_expire_after_the_period(settings):
    settings.MOTCUA_REFERENCE_CACHE_SECONDS = 60
    clock = [1000.0]
    cache = ReferenceCache("test", timer=lambda: clock[0])
    loads = []

    def load():
        loads.append(clock[0])
        return len(loads)

    assert cache.get("k", load) == 1
    clock[0] += 59
    assert cache.get("k", load) == 1
    clock[0] += 2
    assert cache.get("k", load) == 2
    settings.MOTCUA_REFERENCE_CACHE_SECONDS = 0  # off: every call loads
    assert cache.get("k", load) == 3


def test_agencies_by_code_are_remembered(remembering, django_assert_num_queries):
    commune = CommuneFactory()
    assert org_selectors.current_agency(commune.code).pk == commune.pk
    with django_assert_num_queries(0):
        assert org_selectors.current_agency(commune.code).pk == commune.pk
    commune.name = "Ủy ban nhân dân Phường Mới"
    commune.save()
    assert org_selectors.current_agency(commune.code).name == "Ủy ban nhân dân Phường Mới"
