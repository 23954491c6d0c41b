"""The applicant of one dossier as given for it (`Dossier.contact`): what its forms print and where
its notifications go. Apart from `applicants` (which writes the shared person record) so that the
model can read it without importing the writer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from motcua.catalog.models import ApplicantType as ApplicantKind

if TYPE_CHECKING:  # the model reads this module
    from .models import Dossier


@dataclass(frozen=True)
class Contact:
    """The applicant of one dossier, as given for it."""

    kind: str
    full_name: str
    id_number: str = ""
    tax_code: str = ""
    organisation: str = ""
    date_of_birth: dt.date | None = None
    address: str = ""
    phone: str = ""
    email: str = ""

    @property
    def name(self) -> str:
        """Who the forms address: the organisation, or the person."""
        return self.organisation or self.full_name

    @property
    def number(self) -> str:
        """The identifier the forms print: the personal ID number, or the tax code."""
        return self.id_number or self.tax_code

    def __str__(self) -> str:
        return self.name


def contact_of(dossier: Dossier) -> Contact:
    """The one reader of a dossier's applicant (`Dossier.contact`)."""
    d = dossier.applicant_details
    if d:
        born = d.get("date_of_birth")
        return Contact(
            kind=str(d.get("kind") or ApplicantKind.CITIZEN),
            full_name=d.get("name") or d.get("full_name") or "",
            id_number=d.get("id_number") or "",
            tax_code=d.get("tax_code") or "",
            organisation=d.get("organisation") or "",
            date_of_birth=dt.date.fromisoformat(born) if born else None,
            address=d.get("address") or "",
            phone=d.get("phone") or "",
            email=d.get("email") or "",
        )
    a = dossier.applicant  # a dossier recorded before its details were kept
    return Contact(
        kind=a.kind,
        full_name=a.full_name,
        id_number=a.id_number,
        tax_code=a.tax_code,
        organisation=a.organisation,
        date_of_birth=a.date_of_birth,
        address=a.address,
        phone=a.phone,
        email=a.email,
    )
