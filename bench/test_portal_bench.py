"""Smoke test of the portal benchmarks (bench/portal_submission.py, bench/portal_pages.py): their
steps run on a tiny count (SQLite is fine). No timing is asserted; the figures: bench/README.md."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import portal_pages
import portal_submission


@pytest.mark.django_db(transaction=True)
def test_the_submission_benchmark_runs_its_paths_once(settings, tmp_path):
    from django.test import Client

    from motcua.dossiers.models import Dossier

    settings.MEDIA_ROOT = str(tmp_path)
    commune, version, citizen, desk = portal_submission.setup_world()
    requirement = version.requirements.get()
    client = Client()
    client.force_login(citizen)
    paper = portal_submission.pdf_of(64 * 1024)
    portal_submission.portal_once(client, version, commune, requirement, paper)
    portal_submission.desk_once(desk, version, commune, requirement, paper)
    assert Dossier.objects.count() == 2
    upload = portal_submission.upload_peak(client, version, commune, requirement, 3)
    assert upload["status"] == 302 and upload["tracemalloc_peak_mb"] >= 0
    assert portal_submission.rss_anon_kb() > 0


@pytest.mark.django_db(transaction=True)
def test_the_pages_benchmark_measures_both_pages_with_concurrent_clients(live_server):
    procedures, codes = portal_pages.setup_world()
    urls = [f"/thu-tuc/{procedures[0]}/", f"/tra-cuu/{codes[0]}/"]
    figures = portal_pages.run_clients(live_server.url, urls, clients=2, seconds=0.5)
    assert set(figures) == set(urls)
    for row in figures.values():
        assert row["requests"] >= 1 and row["errors"] == 0
