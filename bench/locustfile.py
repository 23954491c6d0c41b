"""Locust load of the API intake: desk officers receiving dossiers at many agencies at once.

Run by `bench/dossiers_load.py run` (or by hand, always against 127.0.0.1, bounded):

    BENCH_ACCOUNTS=var/bench/accounts.json .venv/bin/locust -f bench/locustfile.py --headless \
        -H http://127.0.0.1:8765 -u 24 -r 24 --run-time 60s --only-summary --csv var/bench/intake

Locust runs in its own process and never imports Django (ARCHITECTURE.md: it breaks inside a
process that already runs Django). Each simulated officer uses a session prepared by
`dossiers_load.py prepare` (no password hashing during the run) and the CSRF double-submit cookie,
the way the officers' browser does; it posts complete desk intakes (channel 1) of its agency's
procedures, with every mandatory paper and a valid personal ID number. With BENCH_FLOOR=1 each
officer posts an empty body instead (400): the cost of the framework around an intake.
With BENCH_INTAKES=N the run stops after N intakes in all (a run bound by work, not by seconds:
the smoke test uses it, so a busy machine makes it slower, never emptier).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import secrets
from urllib.parse import urlparse

from locust import constant, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

with open(os.environ.get("BENCH_ACCOUNTS", "var/bench/accounts.json"), encoding="utf-8") as _file:
    ACCOUNTS = json.load(_file)
_next_officer = itertools.count()
FLOOR = os.environ.get("BENCH_FLOOR") == "1"
LIMIT = int(os.environ.get("BENCH_INTAKES") or 0)  # 0: bounded by --run-time only
_sent = itertools.count(1)
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Đặng", "Bùi", "Đỗ"]
GIVEN = ["Thị Lan", "Văn Nam", "Minh Anh", "Thu Hà", "Quang Huy", "Ngọc Mai"]


@events.init.add_listener
def _only_localhost(environment, **kwargs):
    host = urlparse(environment.host or "").hostname
    if host not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"bench/locustfile.py: load only against 127.0.0.1, not {host!r}")


def personal_id(rng: random.Random) -> tuple[str, str]:
    """A valid 12-digit personal ID number (Hà Nội, born 1950–2005) and the matching birth date."""
    year = rng.randint(1950, 2005)
    century_gender = (0 if year < 2000 else 2) + rng.randint(0, 1)
    number = f"001{century_gender}{year % 100:02d}{rng.randint(0, 999_999):06d}"
    # One person per number (birth date here, name in `intake`): a number met again is the same
    # person, as the desk refuses another name for a known number (identity_mismatch, issue 8).
    person = random.Random(number)
    return number, f"{year}-{person.randint(1, 12):02d}-{person.randint(1, 28):02d}"


class DeskOfficer(FastHttpUser):
    wait_time = constant(0)  # closed loop: each officer sends the next intake as soon as one returns

    def on_start(self):
        officers = ACCOUNTS["officers"]
        self.officer = officers[next(_next_officer) % len(officers)]
        self.rng = random.Random(secrets.randbits(32))
        csrf = secrets.token_hex(16)  # a 32-character secret: Django accepts it unmasked
        self.headers = {
            "Cookie": f"sessionid={self.officer['session']}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Content-Type": "application/json",
            "Accept-Language": "vi",
        }

    @task
    def intake(self):
        if LIMIT:
            number = next(_sent)
            if number > LIMIT:
                if number == LIMIT + 1:
                    self.environment.runner.quit()
                raise StopUser()
        if FLOOR:
            return self.floor()
        rng = self.rng
        procedure = rng.choice(self.officer["procedures"])
        number, born = personal_id(rng)
        body = {
            "procedure": procedure["code"],
            "agency": self.officer["agency"],
            "channel": 1,
            "case_id": procedure.get("case"),
            "applicant": {
                "kind": "0",
                "full_name": f"{random.Random(number).choice(FAMILY)} {random.Random(number[::-1]).choice(GIVEN)}",
                "id_number": number,
                "date_of_birth": born,
                "phone": f"09{rng.randint(0, 99_999_999):08d}",
                "address": "Hà Nội",
            },
            "papers": [
                {
                    "requirement": r["id"],
                    "kind": r["kind"],
                    "count": r["count"],
                    "shown_only": r.get("shown_only", False),
                }
                for r in procedure["papers"]
            ],
        }
        with self.client.post(
            "/api/v1/dossiers/",
            data=json.dumps(body),
            headers=self.headers,
            name="intake",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {(response.text or '')[:300]}")

    def floor(self):
        """The same authenticated POST with an empty body: session, user, staff, roles, CSRF, DRF
        parsing and a 400. What any intake costs before it does anything (BENCH_FLOOR=1)."""
        with self.client.post(
            "/api/v1/dossiers/", data="{}", headers=self.headers, name="intake", catch_response=True
        ) as response:
            if response.status_code == 400:
                response.success()
            else:
                response.failure(f"{response.status_code}: {(response.text or '')[:300]}")
