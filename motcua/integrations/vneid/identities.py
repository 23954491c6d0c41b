"""The people the simulators know: the VNeID simulator's accounts and the population-data simulator's
records are the same people (issue 11). A few fixed identities, plus those the demo registers (the
`congdan` demo person, taken from the generated dossiers) in a JSON file under MOTCUA_SIMULATOR_DIR."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings

CITIZEN = "citizen"
ORGANISATION = "organisation"


@dataclass(frozen=True)
class Identity:
    id_number: str
    full_name: str
    #: None for the few generated demo people whose papers never gave it.
    date_of_birth: dt.date | None
    address: str
    phone: str
    #: VNeID's identification level: 2 is the level the public services require.
    level: int = 2
    account_type: str = CITIZEN
    organisation: str = ""
    tax_code: str = ""
    email: str = ""
    note: str = field(default="", compare=False)

    @property
    def gender(self) -> str:
        """From the ID number itself, so the two can never disagree: its 4th digit is even for men
        (Circular 59/2021, the values core.identity.Gender uses)."""
        return "male" if int(self.id_number[3]) % 2 == 0 else "female"

    def claims(self) -> dict:
        """The OIDC claims the simulator releases (standard names where OIDC has one)."""
        claims = {
            "sub": self.id_number,
            "id_number": self.id_number,
            "name": self.full_name,
            "birthdate": self.date_of_birth.isoformat() if self.date_of_birth else "",
            "gender": self.gender,
            "address": {"formatted": self.address},
            "phone_number": self.phone,
            "identification_level": self.level,
            "account_type": self.account_type,
        }
        if self.email:
            claims["email"] = self.email
        if self.account_type == ORGANISATION:
            claims["organisation"] = {"name": self.organisation, "tax_code": self.tax_code}
        return claims


FIXED = (
    Identity(
        "001085012345",
        "Nguyễn Văn An",
        dt.date(1985, 3, 14),
        "Số 12 phố Hàng Bông, phường Hoàn Kiếm, thành phố Hà Nội",
        "0912345678",
        note="Công dân, tài khoản mức 2",
    ),
    Identity(
        "001190023456",
        "Trần Thị Bình",
        dt.date(1990, 11, 2),
        "Số 5 ngõ 40 phố Tạ Quang Bửu, phường Bạch Mai, thành phố Hà Nội",
        "0987654321",
        note="Công dân, tài khoản mức 2",
    ),
    Identity(
        "001078045678",
        "Lê Minh Cường",
        dt.date(1978, 6, 30),
        "Số 88 đường Láng, phường Láng, thành phố Hà Nội",
        "0903111222",
        account_type=ORGANISATION,
        organisation="Công ty TNHH Thương mại Hoa Sen",
        tax_code="0101234567",
        note="Tài khoản tổ chức (người đại diện theo pháp luật)",
    ),
)


def _store() -> Path:
    return Path(settings.MOTCUA_SIMULATOR_DIR) / "vneid-identities.json"


def _decode(row: dict) -> Identity:
    row = dict(row)
    row["date_of_birth"] = dt.date.fromisoformat(row["date_of_birth"]) if row["date_of_birth"] else None
    return Identity(**row)


def registered() -> list[Identity]:
    path = _store()
    if not path.exists():
        return []
    return [_decode(row) for row in json.loads(path.read_text(encoding="utf-8"))]


def all_identities() -> list[Identity]:
    seen = {i.id_number: i for i in registered()}
    return [*seen.values(), *(i for i in FIXED if i.id_number not in seen)]


def find(id_number: str) -> Identity | None:
    return next((i for i in all_identities() if i.id_number == id_number), None)


def add_identity(identity: Identity) -> None:
    """Register a person with the simulators (the demo's citizens); replaces one with the same number."""
    rows = [i for i in registered() if i.id_number != identity.id_number] + [identity]
    path = _store()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = [
        {**asdict(i), "date_of_birth": i.date_of_birth.isoformat() if i.date_of_birth else None} for i in rows
    ]
    # Written whole then renamed: a reader never sees half a file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, indent=1)
    os.replace(tmp, path)
