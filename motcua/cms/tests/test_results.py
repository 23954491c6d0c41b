"""The results page's figures are the reports' own (the public statistics' on-time rate, the 766
index and its ranking), on hand-built dossiers: one ward half on time, the other fully."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.utils.formats import localize

from motcua.catalog.tests.factories import published_version
from motcua.cms import demo as cms_demo
from motcua.dossiers.states import State
from motcua.org.tests.factories import CommuneFactory, ProvinceFactory
from motcua.reports.index766.compute import evaluate
from motcua.reports.periods import Period
from motcua.reports.tests.builders import at, dossier

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def tree(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("motcua.cms.published.today", lambda: TODAY)
    cache.clear()
    province = ProvinceFactory()
    late = CommuneFactory(code="000.00.41.H26", name="Ủy ban nhân dân Phường Ba Đình", parent=province)
    punctual = CommuneFactory(code="000.00.43.H26", name="Ủy ban nhân dân Phường Hoàn Kiếm", parent=province)
    version = published_version(
        code="1.001193", name="Đăng ký khai sinh", implementing_agencies=[late, punctual]
    )
    dossier(version, late, State.RETURNED, received=at(3), due=at(6), finished=at(5))
    dossier(version, late, State.RETURNED, received=at(3), due=at(6), finished=at(9))
    dossier(
        version,
        punctual,
        State.RETURNED,
        received=at(2, month=10),
        due=at(6, month=10),
        finished=at(5, month=10),
    )
    cms_demo.load()
    yield province, late, punctual
    cache.clear()


def _cells(html: str, code: str) -> dict[str, str]:
    row = re.search(rf'<tr data-agency="{re.escape(code)}">(.*?)</tr>', html, re.S).group(1)
    return {name: value.strip() for name, value in re.findall(r'data-figure="([\w-]+)">([^<]*)<', row)}


def test_results_are_the_reports_figures(client, tree):
    province, late, punctual = tree
    html = client.get("/cai-cach/ket-qua/").content.decode()
    period = Period(dt.date(2026, 1, 1), TODAY)
    assert _cells(html, late.code)["on-time"] == "50,00%"
    assert _cells(html, punctual.code)["on-time"] == "100,00%"
    for agency in (late, punctual):
        total = evaluate(agency, period).total
        shown = _cells(html, agency.code)["index"]
        assert shown == ("—" if total is None else localize(total))
    assert 'data-figure="province-on-time">66,67%<' in html  # two of the three
    assert f'data-figure="province-index">{localize(evaluate(province, period).total) or "—"}<' in html
    assert 'href="/phan-anh/"' in html
