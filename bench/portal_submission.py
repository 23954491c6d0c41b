"""Online submission through the portal vs the desk intake, with a 1 MB paper; the peak memory of a
20 MB upload in a worker (issue 11).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_<name> \\
        .venv/bin/python bench/portal_submission.py [--seconds 30] [--upload-mb 20]

In one process, on a dedicated database (migrated here; the benchmark's rows are added, never
deleted): for half of `--seconds` each,

- portal: the wizard's requests through Django's test client (session, CSRF off, middleware, views):
  start the draft, choose the agency, upload the 1 MB PDF, submit (4 requests per dossier);
- desk: `receive_at_desk` with the same 1 MB PDF (the intake command the office form calls);

(tasks an event queues, its form and notifications, go to an in-memory broker and are not run: a
worker's job in production), then one 20 MB upload to the component page, measured with tracemalloc
(Python allocations, peak), the rise of the worker's anonymous resident memory (RssAnon, sampled
every 2 ms while the view runs) and the RSS high-water mark (`ru_maxrss`) before and after. Prints
a JSON summary with the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import threading
import time
import tracemalloc
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.test")


def pdf_of(size: int) -> bytes:
    from motcua.core.tests.files import pdf_bytes

    # Incompressible bytes, deflated: the PDF weighs `size` and inflates to about as much.
    return pdf_bytes(streams=[zlib.compress(os.urandom(size), 1)])


def rss_anon_kb() -> int:
    """RssAnon of this process (kB, Linux): resident anonymous memory, not file-backed pages."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1])
    return 0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def setup_world():
    from django.utils.crypto import get_random_string

    from motcua.catalog.tests.factories import published_version
    from motcua.dossiers.tests.factories import citizen_account
    from motcua.org.tests.factories import CommuneFactory, ServiceDeskFactory, StaffFactory

    tag = get_random_string(6, "0123456789")
    commune = CommuneFactory(code=f"000.00.{tag[:2]}.B{tag[2:]}", name=f"Phường Đo tải {tag}")
    ServiceDeskFactory(host_agency=commune, name=f"Bộ phận Một cửa {tag}")
    version = published_version(
        code=f"9.{tag}",
        time_amount=3,
        time_unit="working_day",
        channels=["desk", "online_partial"],
        implementing_agencies=[commune],
        requirements=[{"name": "Tờ khai", "kind": "original", "quantity": 1}],
    )
    citizen = citizen_account(f"bench-{tag}", full_name="Trần Thị Lan", id_number=f"0011900{tag[:5]}")
    from django.contrib.auth import get_user_model

    desk_user = get_user_model().objects.create_user(f"bench-desk-{tag}")
    desk = StaffFactory(agency=commune, user=desk_user, roles=["desk_officer"])
    return commune, version, citizen, desk


def portal_once(client, version, commune, requirement, paper: bytes) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from motcua.dossiers.models import OnlineDraft

    client.post(reverse("portal:submission-start", args=[version.procedure.code]))
    draft = OnlineDraft.objects.filter(procedure_version=version).latest("id")
    kw = {"token": draft.token}
    client.post(reverse("portal:submission-agency", kwargs=kw), {"agency": commune.pk})
    client.post(
        reverse("portal:submission-component", kwargs={**kw, "requirement_id": requirement.pk}),
        {"file": SimpleUploadedFile("to-khai.pdf", paper, content_type="application/pdf")},
    )
    response = client.post(reverse("portal:submission-review", kwargs=kw))
    assert response.status_code == 302, response.content[:500]


def desk_once(desk, version, commune, requirement, paper: bytes) -> None:
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from motcua.dossiers import services

    intake = services.Intake(
        version=version,
        agency=commune,
        applicant=services.ApplicantData(kind="0", full_name="Trần Thị Lan", id_number="001190012345"),
        papers=[
            services.PaperData(
                name=requirement.name,
                kind="electronic",
                requirement_id=requirement.pk,
                source="scanned",
                file=ContentFile(paper, name="to-khai.pdf"),
            )
        ],
    )
    services.receive_at_desk(officer=desk, intake=intake, now=timezone.now())


def timed(seconds: float, once) -> dict:
    latencies: list[float] = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        start = time.perf_counter()
        once()
        latencies.append(time.perf_counter() - start)
    total = sum(latencies)
    return {
        "dossiers": len(latencies),
        "per_second": round(len(latencies) / total, 2) if total else 0,
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else 0,
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
    }


def upload_peak(client, version, commune, requirement, megabytes: int) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import RequestFactory
    from django.urls import resolve, reverse

    from motcua.dossiers.models import OnlineDraft

    client.post(reverse("portal:submission-start", args=[version.procedure.code]))
    draft = OnlineDraft.objects.filter(procedure_version=version).latest("id")
    path = reverse(
        "portal:submission-component", kwargs={"token": draft.token, "requirement_id": requirement.pk}
    )
    client.post(reverse("portal:submission-agency", kwargs={"token": draft.token}), {"agency": commune.pk})
    paper = pdf_of(megabytes * 1024 * 1024 - 64 * 1024)  # just under the 20 MB limit (deflate adds a little)
    # The multipart body is built before measuring: the worker receives it from the socket, in
    # chunks; what it holds while parsing, checking and storing is what is measured.
    request = RequestFactory().post(path, {"file": SimpleUploadedFile("big.pdf", paper)})
    request.user = draft.user
    request.session = client.session
    from django.contrib.messages.storage.fallback import FallbackStorage

    request._messages = FallbackStorage(request)
    request._dont_enforce_csrf_checks = True
    match = resolve(path)
    del paper
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # The worker's anonymous memory (heap, not the page cache of a mapped file), sampled every 2 ms
    # while the view runs: its rise is what the upload costs the worker beyond tracemalloc's view.
    anon_start = rss_anon_kb()
    samples = [anon_start]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append(rss_anon_kb())
            time.sleep(0.002)

    sampler = threading.Thread(target=sample)
    sampler.start()
    tracemalloc.start()
    response = match.func(request, *match.args, **match.kwargs)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    done.set()
    sampler.join()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "status": response.status_code,
        "upload_mb": megabytes,
        "tracemalloc_peak_mb": round(peak / 2**20, 1),
        "rss_anon_rise_peak_mb": round((max(samples) - anon_start) / 1024, 1),
        "rss_high_water_before_mb": round(rss_before / 1024, 1),
        "rss_high_water_after_mb": round(rss_after / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--upload-mb", type=int, default=20)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a dedicated PostgreSQL database.")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.MEDIA_ROOT = (
        Path(settings.BASE_DIR if hasattr(settings, "BASE_DIR") else ".") / "var" / "bench-media"
    )
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    # As in production, the forms (WeasyPrint) and notifications an event queues are a worker's
    # job, not the request's: tasks go to an in-process broker and are not run.
    from motcua.celery import app

    app.conf.task_always_eager = False
    app.conf.broker_url = "memory://"
    commune, version, citizen, desk = setup_world()
    requirement = version.requirements.get()
    client = Client()
    client.force_login(citizen)
    paper = pdf_of(1024 * 1024)
    # One of each first, not timed: first-use costs (templates, the signer's CA, calendars).
    portal_once(client, version, commune, requirement, paper)
    desk_once(desk, version, commune, requirement, paper)
    summary = {
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "paper_bytes": len(paper),
        "database": settings.DATABASES["default"]["ENGINE"],
        "portal": timed(args.seconds / 2, lambda: portal_once(client, version, commune, requirement, paper)),
        "desk": timed(args.seconds / 2, lambda: desk_once(desk, version, commune, requirement, paper)),
        "upload": upload_peak(client, version, commune, requirement, args.upload_mb),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
