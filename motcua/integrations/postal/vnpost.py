"""The VNPost-style postal service: JSON over HTTP, each request and each status callback signed
with `X-Signature: hex(HMAC-SHA256(secret, body))`.

    POST <URL>  {"reference", "kind", "address", "recipient", "phone", "callback_url"}
        201 {"item_number": "EE12345678 5VN"-style S10 number}
    callback: POST <callback_url> {"item_number", "status", "at", "note"}

Settings (`MOTCUA_POSTAL`): `URL`, `SECRET`. Empty `URL`: the simulator (/mo-phong/buu-chinh/), with
a secret derived from SECRET_KEY (demo and tests only)."""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings

from .base import STATUSES, PostalError, PostalService, ShipmentOrder, StatusReport
from .s10 import is_valid

SIMULATOR_PATH = "/mo-phong/buu-chinh/api/buu-gui/"


def config() -> dict:
    c = dict(getattr(settings, "MOTCUA_POSTAL", {}) or {})
    return {
        "URL": c.get("URL") or "inprocess:" + SIMULATOR_PATH,
        "SECRET": c.get("SECRET")
        or hashlib.sha256(b"postal-simulator:" + settings.SECRET_KEY.encode()).hexdigest(),
    }


def signature(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class VNPostService(PostalService):
    name = "vnpost"

    def __init__(self, *, url: str, secret: str):
        self.url, self.secret = url, secret

    @classmethod
    def from_settings(cls) -> VNPostService:
        c = config()
        return cls(url=c["URL"], secret=c["SECRET"])

    def create_shipment(self, order: ShipmentOrder) -> str:
        body = json.dumps(order.__dict__, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json", "X-Signature": signature(body, self.secret)}
        if self.url.startswith("inprocess:"):
            from motcua.integrations.inprocess import call

            status, payload = call("POST", self.url[len("inprocess:") :], body=body, headers=headers)
        else:  # pragma: no cover - a real service
            import urllib.error
            import urllib.request

            try:
                with urllib.request.urlopen(
                    urllib.request.Request(self.url, data=body, headers=headers, method="POST"), timeout=15
                ) as response:
                    status, payload = response.status, response.read()
            except (urllib.error.URLError, OSError) as error:
                raise PostalError(str(error)) from error
        if status != 201:
            raise PostalError(f"HTTP {status}")
        number = json.loads(payload).get("item_number", "")
        if not is_valid(number):
            raise PostalError(f"not an S10 item number: {number!r}")
        return number

    def read_callback(self, body: bytes, signature_given: str) -> StatusReport | None:
        if not hmac.compare_digest(signature(body, self.secret), (signature_given or "").lower()):
            return None
        try:
            data = json.loads(body)
        except ValueError:
            return None
        if (
            not isinstance(data, dict)
            or data.get("status") not in STATUSES
            or not is_valid(data.get("item_number", ""))
        ):
            return None
        return StatusReport(
            item_number=data["item_number"],
            status=data["status"],
            at=str(data.get("at", "")),
            note=str(data.get("note", ""))[:255],
        )
