"""The public statistics page /thong-ke/: figures per month and per agency, nothing personal, cached."""

import pytest
from django.core.cache import cache

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.states import Channel, State
from motcua.org.tests.factories import CommuneFactory, ProvinceFactory
from motcua.reports.public import public_statistics

from .builders import at, dossier


@pytest.fixture
def tree(db):
    cache.clear()
    province = ProvinceFactory()
    ward = CommuneFactory(code="000.00.41.H26", name="Ủy ban nhân dân Phường Ba Đình", parent=province)
    other = CommuneFactory(code="000.00.43.H26", name="Ủy ban nhân dân Phường Hoàn Kiếm", parent=province)
    version = published_version(
        code="1.001193", name="Đăng ký khai sinh", implementing_agencies=[ward, other]
    )
    dossier(version, ward, State.RETURNED, received=at(3), due=at(6), finished=at(5))
    dossier(version, ward, State.RETURNED, received=at(3), due=at(6), finished=at(9), channel=Channel.ONLINE)
    dossier(
        version,
        other,
        State.RETURNED,
        received=at(2, month=10),
        due=at(6, month=10),
        finished=at(5, month=10),
    )
    yield province, ward, other
    cache.clear()


def test_figures_per_month_and_agency(tree):
    province, ward, other = tree
    figures = public_statistics(province, 2026, 11)
    november, october = figures["months"][10], figures["months"][9]
    assert (november.label, november.received, november.resolved) == ("11/2026", 2, 2)
    assert (str(november.on_time_rate), str(november.online_share)) == ("50.00", "50.00")
    assert (october.received, str(october.on_time_rate), str(october.online_share)) == (1, "100.00", "0.00")
    assert figures["months"][0].on_time_rate is None  # January: no denominator, "—"
    assert [(row.code, row.received) for row in figures["children"]] == [(ward.code, 2), (other.code, 1)]
    assert figures["year_row"].received == 3


def test_page_shows_no_personal_data_and_is_cached(client, tree):
    _province, ward, _other = tree
    page = client.get("/thong-ke/?year=2026")  # no login, the province by default
    assert page.status_code == 200
    html = page.content.decode()
    assert "Phường Ba Đình" in html and "50,00%" in html
    for personal in ("Trần Thị Lan", "001190012345", "RD-"):
        assert personal not in html
    version = published_version(code="1.000894", name="Đăng ký kết hôn", implementing_agencies=[ward])
    dossier(version, ward, State.RETURNED, received=at(4), due=at(6), finished=at(5))
    again = client.get("/thong-ke/?year=2026").content.decode()
    assert tables(again) == tables(html)  # served from the cache until it expires
    cache.clear()
    assert tables(client.get("/thong-ke/?year=2026").content.decode()) != tables(html)


def tables(html: str) -> str:
    return html[html.index("<table") : html.rindex("</table>")]


def test_unknown_unit_or_year(client, tree):
    assert client.get("/thong-ke/?unit=000.00.99.H26").status_code == 404
    assert client.get("/thong-ke/?year=abc").status_code == 404


def test_portal_footer_links_to_the_statistics(client, tree):
    assert 'href="/thong-ke/"' in client.get("/").content.decode()


def test_a_unit_code_that_names_no_agency_is_a_404_not_a_server_error(client, db):
    assert client.get("/thong-ke/", {"unit": "\x9e\x00"}).status_code == 404
