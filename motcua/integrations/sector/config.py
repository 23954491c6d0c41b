"""The sector systems this installation knows: `MOTCUA_SECTOR_SYSTEMS` = {code: {NAME, URL, SECRET,
TRANSPORT}}. An empty URL is the simulator (in process), with a secret derived from SECRET_KEY
(demo and tests only). Which procedure goes to which system is catalog data (a process step's
`sector_system`), not a setting: it changes with the approved process of each agency."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings

PARTNER_PREFIX = "sector."
SIMULATOR_PATH = "/mo-phong/he-thong-nganh/{code}/api/ho-so/"


@dataclass(frozen=True)
class SectorSystem:
    code: str
    name: str
    url: str
    secret: str

    @property
    def partner(self) -> str:
        """This system's name in the outbox (Delivery.partner)."""
        return PARTNER_PREFIX + self.code

    @property
    def simulated(self) -> bool:
        return self.url.startswith("inprocess:")


def _raw() -> dict[str, dict]:
    return dict(getattr(settings, "MOTCUA_SECTOR_SYSTEMS", {}) or {})


def system(code: str) -> SectorSystem | None:
    entry = _raw().get(code)
    if entry is None:
        return None
    return SectorSystem(
        code=code,
        name=str(entry.get("NAME") or code),
        url=entry.get("URL") or "inprocess:" + SIMULATOR_PATH.format(code=code),
        secret=entry.get("SECRET")
        or hashlib.sha256(f"sector-simulator:{code}:".encode() + settings.SECRET_KEY.encode()).hexdigest(),
    )


def systems() -> list[SectorSystem]:
    return [s for s in (system(code) for code in _raw()) if s is not None]


def choices() -> list[tuple[str, str]]:
    return [(s.code, s.name) for s in systems()]


def system_of_partner(partner: str) -> SectorSystem | None:
    if not partner.startswith(PARTNER_PREFIX):
        return None
    return system(partner[len(PARTNER_PREFIX) :])
