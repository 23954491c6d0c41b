"""The national population database through its data-sharing gateway: GET <MOTCUA_POPULATION_URL>/
cong-dan/<number> with the agency's key, answering the fields the simulator answers. The gateway's
address and key come from settings; without them the source refuses to guess."""

from __future__ import annotations

import datetime as dt

import requests
from django.conf import settings

from .base import PersonRecord, PopulationSource, register


class PopulationUnavailable(Exception):
    pass


@register
class NationalPopulation(PopulationSource):
    key = "national"
    timeout_seconds = 5.0

    def lookup(self, id_number: str) -> PersonRecord | None:
        base = settings.MOTCUA_POPULATION_URL.rstrip("/")
        if not base:
            raise PopulationUnavailable("MOTCUA_POPULATION_URL is not set")
        try:
            response = requests.get(
                f"{base}/cong-dan/{id_number}",
                headers={"Authorization": f"Bearer {settings.MOTCUA_POPULATION_KEY}"},
                timeout=self.timeout_seconds,
            )
        except requests.RequestException as exc:
            raise PopulationUnavailable(str(exc)) from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise PopulationUnavailable(f"HTTP {response.status_code}")
        row = response.json()
        return PersonRecord(
            id_number=row["so_dinh_danh"],
            full_name=row["ho_ten"],
            date_of_birth=dt.date.fromisoformat(row["ngay_sinh"]),
            gender=row.get("gioi_tinh", ""),
            permanent_address=row.get("noi_thuong_tru", ""),
            current_address=row.get("noi_o_hien_tai", ""),
        )
