"""Signed notifications delivered per second by one worker (issue 13, integrations.webhooks).

    .venv/bin/python bench/webhooks_bench.py [--n 2000] [--dossiers 200]

A fresh test database (SQLite in memory, or DATABASE_URL's server with a test_ prefix); one
subscription whose callback is a local HTTP server (stdlib, another thread) that checks every
notification with the reference verifier (`webhooks/verify.py`) and answers 200; N events over D
dossiers published in one transaction, then `dispatch.send_due` in one process until none is left.
Counts what the subscriber accepted (all must be, once, in order per dossier) and prints the rate;
a second run sends to the in-process simulator (/mo-phong/nhan-thong-bao/) instead of the socket."""

import argparse
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.test")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--dossiers", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.test.utils import override_settings, setup_test_environment

    from motcua.integrations.dispatch import services as dispatch
    from motcua.integrations.dispatch.models import Delivery
    from motcua.integrations.webhooks import channels, services, verify
    from motcua.integrations.webhooks.simulator.models import SimulatedInbox

    setup_test_environment()
    old_name = settings.DATABASES["default"]["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    # The worker measured is send_due's loop: nothing is sent on commit (eager Celery would).
    dispatch._schedule = lambda delivery_id: None
    owner = services.Owner(user=User.objects.create(username="bench", is_staff=True))
    received: list[tuple[str, str]] = []
    secret_box: dict[str, str] = {}
    seen = verify.SeenIds()

    class Subscriber(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            try:
                note = verify.verify(secret_box["secret"], body, self.headers, seen=seen)
                received.append((note["data"]["code"], note["action"]))
                self.send_response(200)
            except verify.VerificationError:
                self.send_response(401)
            self.end_headers()

        def log_message(self, *a):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Subscriber)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def run(label: str, callback: str, inbox: bool) -> None:
        Delivery.objects.all().delete()
        services.Subscription.objects.all().delete()
        received.clear()
        _subscription, secret = services.create_subscription(
            owner=owner, callback_url=callback, channels=[{"channel": channels.DOSSIER_STATE_CHANGED}]
        )
        secret_box["secret"] = secret
        if inbox:
            SimulatedInbox.objects.update_or_create(slug="bench", defaults={"secret": secret})
        with transaction.atomic():
            for i in range(args.n):
                code = f"H26-{i % args.dossiers:05d}"
                services.publish(
                    channel=channels.DOSSIER_STATE_CHANGED,
                    resource="dossier",
                    event_type=f"e{i // args.dossiers}",
                    resource_key=code,
                    payload={"code": code, "status": 4},
                    event_key=f"{label}:{i}",
                    agency_code="000.00.41.H26",
                )
        started = time.perf_counter()
        while True:
            counts = dispatch.send_due(limit=500)
            if counts["sent"] == 0 and counts["failed"] == 0:
                break
        elapsed = time.perf_counter() - started
        acknowledged = Delivery.objects.filter(status=Delivery.Status.ACKNOWLEDGED).count()
        if inbox:
            taken = SimulatedInbox.objects.get(slug="bench").received.filter(accepted=True).count()
        else:
            taken = len(received)
            by_code: dict[str, list[str]] = {}
            for code, action in received:
                by_code.setdefault(code, []).append(action)
            in_order = all(a == sorted(a, key=lambda x: int(x[1:])) for a in by_code.values())
            assert in_order, "out of order"
        print(
            f"{label}: {args.n} notifications over {args.dossiers} dossiers in {elapsed:.2f} s = "
            f"{args.n / elapsed:,.0f}/s; acknowledged {acknowledged}, accepted by the subscriber {taken}"
        )
        assert acknowledged == taken == args.n

    with override_settings(MOTCUA_WEBHOOK_ALLOW_HTTP=True, MOTCUA_WEBHOOK_ALLOW_PRIVATE=True):
        run("http 127.0.0.1 (socket)", f"http://127.0.0.1:{server.server_port}/hook", inbox=False)
    run("in-process simulator", "http://testserver/mo-phong/nhan-thong-bao/bench/", inbox=True)
    server.shutdown()
    connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
