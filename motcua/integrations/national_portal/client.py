"""The plugin interface to the national portal, and its production client (HTTP JSON).

The flow (reference national-sync.md, a ministry adapter): 1. get a token (client credentials);
2. create or update the dossier record (the portal keys it by MaHoSo); 3. update its status. The
status update's answer carries the portal's receipt (MaBienNhan) and says whether it is the
acknowledgement (`XacNhan` = 1) or one will follow by callback (`XacNhan` = 0, see callback.py).
Each step sends our idempotency key (header `Idempotency-Key`): a record sent twice (a crashed
worker, a lost answer) is held once.

Settings, all in `MOTCUA_NATIONAL_PORTAL`: `URL` (empty: the simulator at /mo-phong/cong-dvc/,
in process), `CLIENT_ID`, `CLIENT_SECRET`, `MA_DON_VI_TIEP_NHAN` (the receiving unit's code),
`TIMEOUT_SECONDS`, `PATHS` (token, dossier, status, list, counts: each the portal's path), and
`CLIENT` (the dotted path of the PortalClient to use). Answers: 2xx taken; 400/409/422 a refusal
(not retried: the record itself is wrong); 401 once more with a new token; anything else, a
timeout or no connection: retried with backoff.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from functools import cache

import requests
from django.conf import settings
from django.utils.module_loading import import_string

from ..dispatch.transports import DeliveryError, Receipt

SIMULATOR_PATH = "/mo-phong/cong-dvc/api"
DEFAULTS: dict = {
    "URL": "",
    "CLIENT_ID": "",
    "CLIENT_SECRET": "",
    "MA_DON_VI_TIEP_NHAN": "",
    "TIMEOUT_SECONDS": 10.0,
    "CLIENT": "motcua.integrations.national_portal.client.HttpPortalClient",
    # The portal's paths under URL (the ministry adapter's names; change them per the contract).
    "PATHS": {
        "token": "/token/",
        "dossier": "/ho-so/",
        "status": "/ho-so/trang-thai/",
        "list": "/ho-so/",
        "counts": "/thong-ke/",
    },
    # The bearer token the portal presents when it acknowledges by callback (callback.py); empty:
    # every callback is refused.
    "CALLBACK_TOKEN": "",
}
#: The simulator's test accounts (its control page lists them), used when no URL is set.
SIMULATOR_DEFAULTS = {
    "CLIENT_ID": "motcua-demo",
    "CLIENT_SECRET": "motcua-demo-secret",
    "MA_DON_VI_TIEP_NHAN": "000.00.00.H00",
    "CALLBACK_TOKEN": "motcua-demo-callback",
}
REFUSALS = (400, 409, 422)
#: The token is renewed this long before the portal says it expires.
TOKEN_MARGIN_SECONDS = 30
DATE = "%Y%m%d"


def config() -> dict:
    configured = dict(getattr(settings, "MOTCUA_NATIONAL_PORTAL", {}) or {})
    merged = {**DEFAULTS, **{k: v for k, v in configured.items() if v not in (None, "")}}
    merged["PATHS"] = {**DEFAULTS["PATHS"], **(configured.get("PATHS") or {})}
    if not merged["URL"]:
        merged["URL"] = "inprocess:" + SIMULATOR_PATH
        merged = {**merged, **{k: v for k, v in SIMULATOR_DEFAULTS.items() if not merged[k]}}
    return merged


class PortalError(DeliveryError):
    """The portal did not take a record, or did not answer (see DeliveryError)."""


class PortalClient:
    """What MotCua needs from the national portal. Implementations must be safe to call twice
    with the same key (the portal keeps one record per key)."""

    def push(self, record: dict, *, key: str) -> Receipt:  # pragma: no cover - the interface
        """Create or update the dossier's record, then its status; the portal's receipt."""
        raise NotImplementedError

    def held(self, *, unit: str, start: dt.date, end: dt.date) -> list[dict]:  # pragma: no cover
        """What the portal holds for a unit's dossiers received from `start` to `end` (inclusive):
        [{MaHoSo, TrangThaiHoSo, NgayTiepNhan, KhoaChongTrung}]."""
        raise NotImplementedError

    def counts(self, *, start: dt.date, end: dt.date) -> dict[str, int]:  # pragma: no cover
        """{MaCoQuan: dossiers held with NgayTiepNhan in the period} (the index's 1.4 compares)."""
        raise NotImplementedError


class HttpPortalClient(PortalClient):
    def __init__(self, conf: dict | None = None):
        self.conf = conf or config()
        self._token = ""
        self._token_until = 0.0

    # -- the wire

    def _send(self, method: str, path: str, *, body: dict | None, query: dict | None, headers: dict):
        raw = json.dumps(body, ensure_ascii=False).encode() if body is not None else b""
        base = self.conf["URL"]
        if base.startswith("inprocess:"):
            if not getattr(settings, "MOTCUA_SIMULATORS", False):
                raise PortalError("MOTCUA_NATIONAL_PORTAL['URL'] is not set and no simulator is mounted")
            from ..inprocess import call

            status, content = call(
                method, base[len("inprocess:") :] + path, query=query, body=raw, headers=headers
            )
        else:
            try:
                response = requests.request(
                    method,
                    base.rstrip("/") + path,
                    params=query,
                    data=raw or None,
                    headers={**headers, "Content-Type": "application/json"},
                    timeout=float(self.conf["TIMEOUT_SECONDS"]),
                )
            except requests.Timeout as exc:
                raise PortalError(f"timeout: {exc}") from exc
            except requests.RequestException as exc:
                raise PortalError(f"no connection: {exc}") from exc
            status, content = response.status_code, response.content
        try:
            answer = json.loads(content or b"{}")
        except ValueError:
            answer = {}
        return status, answer if isinstance(answer, dict) else {"items": answer}

    def token(self) -> str:
        if self._token and time.monotonic() < self._token_until:
            return self._token
        status, answer = self._send(
            "POST",
            self.conf["PATHS"]["token"],
            body={"client_id": self.conf["CLIENT_ID"], "client_secret": self.conf["CLIENT_SECRET"]},
            query=None,
            headers={},
        )
        if status != 200 or not answer.get("access_token"):
            raise PortalError(
                f"token refused: HTTP {status}", partner_message=str(answer.get("ThongBao", ""))
            )
        self._token = str(answer["access_token"])
        lifetime = float(answer.get("expires_in", 300))
        self._token_until = time.monotonic() + max(lifetime - TOKEN_MARGIN_SECONDS, 0)
        return self._token

    def _call(self, method: str, name: str, *, body=None, query=None, key: str = "") -> dict:
        for renewed in (False, True):
            headers = {"Authorization": f"Bearer {self.token()}"}
            if key:
                headers["Idempotency-Key"] = key
            status, answer = self._send(
                method, self.conf["PATHS"][name], body=body, query=query, headers=headers
            )
            if status == 401 and not renewed:
                self._token = ""  # expired or revoked: one new token, then the answer stands
                continue
            break
        message = str(answer.get("ThongBao", ""))
        if 200 <= status < 300:
            return answer
        if status in REFUSALS:
            raise PortalError(f"refused: HTTP {status}", retryable=False, partner_message=message)
        raise PortalError(f"HTTP {status}", partner_message=message)

    # -- the interface

    def push(self, record: dict, *, key: str) -> Receipt:
        unit = self.conf["MA_DON_VI_TIEP_NHAN"]
        self._call("POST", "dossier", body={**record, "MaDonViTiepNhan": unit}, key=key)
        status = {
            "MaHoSo": record["MaHoSo"],
            "TrangThaiHoSo": record["TrangThaiHoSo"],
            "MaDonViTiepNhan": unit,
        }
        answer = self._call("POST", "status", body=status, key=key)
        return Receipt(
            partner_ref=str(answer.get("MaBienNhan", "")),
            acknowledged=answer.get("XacNhan") == 1,
            message=str(answer.get("ThongBao", "")),
        )

    def held(self, *, unit: str, start: dt.date, end: dt.date) -> list[dict]:
        query = {"MaCoQuan": unit, "TuNgay": start.strftime(DATE), "DenNgay": end.strftime(DATE)}
        return list(self._call("GET", "list", query=query).get("items", []))

    def counts(self, *, start: dt.date, end: dt.date) -> dict[str, int]:
        query = {"TuNgay": start.strftime(DATE), "DenNgay": end.strftime(DATE)}
        rows = self._call("GET", "counts", query=query).get("items", [])
        return {str(r["MaCoQuan"]): int(r["SoHoSo"]) for r in rows}


@cache
def _client(path: str, frozen_conf: str) -> PortalClient:
    return import_string(path)(json.loads(frozen_conf))


def get_client() -> PortalClient:
    """The configured client (one per configuration, so its token is reused)."""
    conf = config()
    return _client(conf["CLIENT"], json.dumps(conf, sort_keys=True))


def reset() -> None:
    _client.cache_clear()
