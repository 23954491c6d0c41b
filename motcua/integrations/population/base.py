"""The population-data plugin interface and its registry (the calls the portal makes: lookup.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PersonRecord:
    id_number: str
    full_name: str
    date_of_birth: dt.date | None
    gender: str
    permanent_address: str
    current_address: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Check:
    """The outcome of `verify`: found or not, which typed fields disagree, the record to fill from."""

    found: bool
    mismatches: tuple[str, ...] = ()
    record: PersonRecord | None = None
    checked: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.found and not self.mismatches

    @property
    def residence(self) -> str:
        return self.record.permanent_address if self.record else ""


class PopulationSource:
    key = ""

    def lookup(self, id_number: str) -> PersonRecord | None:
        raise NotImplementedError


_registry: dict[str, type[PopulationSource]] = {}


def register(cls: type[PopulationSource]) -> type[PopulationSource]:
    _registry[cls.key] = cls
    return cls
