"""Hand-built worlds for the surveys' tests: a province whose control office surveys two wards,
returned dossiers written directly (the figures are pinned on known rows), an explicit clock."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Applicant, Dossier, ResultChannel
from motcua.dossiers.states import Channel, State
from motcua.org.tests.factories import CommuneFactory, ProvinceFactory, StaffFactory
from motcua.surveys import services
from motcua.surveys.selectors import ZONE

_codes = itertools.count(1)


def at(day: int, hour: int = 9, month: int = 11, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=ZONE)


class World:
    def __init__(self):
        self.province = ProvinceFactory()
        self.ward_a = CommuneFactory(
            parent=self.province, code="000.00.41.H26", name="Ủy ban nhân dân Phường Ba Đình"
        )
        self.ward_b = CommuneFactory(
            parent=self.province, code="000.00.42.H26", name="Ủy ban nhân dân Phường Hoàn Kiếm"
        )
        self.control = StaffFactory(
            agency=self.province, roles=["control_officer"], full_name="Đỗ Thị Kiểm Soát"
        )
        self.version = published_version(
            code="1.001193", name="Đăng ký khai sinh", implementing_agencies=[self.ward_a, self.ward_b]
        )

    def returned(self, agency, *, day=10, person=None, phone="0912345678", email="", state=State.RETURNED):
        """A dossier of `agency` returned on `day` November 2026 to `person` (an id number)."""
        n = next(_codes)
        person = person or f"0011900{n:05d}"
        applicant, _ = Applicant.objects.get_or_create(
            id_number=person, defaults={"kind": "0", "full_name": f"Người nộp {n}"}
        )
        return Dossier.objects.create(
            code=f"SV-{n}",
            procedure_version=self.version,
            agency=agency,
            applicant=applicant,
            channel=Channel.DESK,
            state=state,
            submitted_at=at(day, 8),
            received_at=at(day, 8),
            due_at=at(day),
            finished_at=at(day),
            returned_at=at(day, 10) if state == State.RETURNED else None,
            return_channel=ResultChannel.DESK,
            applicant_details={
                "name": applicant.full_name,
                "id_number": person,
                "phone": phone,
                "email": email,
            },
        )

    def campaign(self, *, agencies=None, size=100, opens=None, closes=None):
        return services.create_campaign(
            staff=self.control,
            name="Khảo sát sự hài lòng tháng 11/2026",
            agencies=agencies or [self.ward_a, self.ward_b],
            returned_from=dt.date(2026, 11, 1),
            returned_to=dt.date(2026, 11, 30),
            sample_per_agency=size,
            opens_at=opens or at(1, 0, month=12),
            closes_at=closes or at(31, 0, month=12),
            now=at(1, 8, month=12),
        )


@pytest.fixture
def world(db):
    return World()


def scale_answers(campaign, score: int, text: str = "") -> dict[str, str]:
    """Every scale question answered `score`, the free-text question `text`."""
    return {str(q.pk): (text if q.kind == "text" else str(score)) for q in campaign.questions.all()}
