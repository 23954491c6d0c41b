"""The districts' agencies closed on 30/6/2025: `close_agency` moves their open dossiers, open
steps, desks and staff to the successor in one transaction, leaving each moved dossier's history
intact (its events before == after + one move event), and running it twice changes nothing more."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.catalog.tests.factories import published_version
from motcua.dossiers import access, services
from motcua.dossiers.closure import MOVED_BY_CLOSURE, close_agency
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep, StepState
from motcua.dossiers.states import State
from motcua.dossiers.tests.conftest import make_intake
from motcua.org.models import Agency, AgencyLevel, ServiceDesk, Staff
from motcua.org.tests.factories import (
    AgencyFactory,
    CommuneFactory,
    ProvinceFactory,
    ServiceDeskFactory,
    StaffFactory,
    SubUnitFactory,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
JUNE = datetime(2025, 6, 16, 9, 0, tzinfo=HANOI)  # a Monday under the old organisation
CLOSED_ON = date(2025, 6, 30)


@pytest.fixture
def district(db):
    city = ProvinceFactory()
    district = AgencyFactory(
        code="000.00.60.H26", name="Ủy ban nhân dân Quận Hoàn Kiếm", level=AgencyLevel.DISTRICT, parent=city
    )
    unit = SubUnitFactory(parent=district, name="Phòng Tư pháp Quận Hoàn Kiếm")
    ward = CommuneFactory(code="000.01.60.H26", name="Ủy ban nhân dân Phường Hàng Trống", parent=district)
    successor = CommuneFactory(
        code="000.00.100.H26",
        name="Ủy ban nhân dân Phường Hoàn Kiếm",
        parent=city,
        valid_from=date(2025, 7, 1),
    )
    desk = ServiceDeskFactory(
        host_agency=district, name="Bộ phận Một cửa Quận Hoàn Kiếm", agencies=[district, unit]
    )
    desk_officer = StaffFactory(agency=district, desk=desk, roles=["desk_officer"])
    specialist = StaffFactory(agency=district, unit=unit, roles=["specialist"])
    leader = StaffFactory(agency=district, roles=["agency_leader"])
    version = published_version(
        code="2.000815",
        name="Chứng thực bản sao từ bản chính",
        time_amount=10,
        time_unit="working_day",
        implementing_agencies=[district, ward],
        requirements=[{"name": "Bản chính", "kind": "original", "quantity": 1}],
    )
    actor = services.Actor.officer(desk_officer)
    dossiers = []
    for i in range(3):  # received; processing; returned (closed: stays where it is)
        d = services.receive_at_desk(
            officer=desk_officer,
            intake=make_intake(version, district, applicant=_applicant(i)),
            now=JUNE.replace(hour=9 + i),
        )
        dossiers.append(d)
    services.start_processing(dossier=dossiers[1], actor=actor, now=JUNE.replace(hour=13))
    services.start_processing(dossier=dossiers[2], actor=actor, now=JUNE.replace(hour=13))
    step = DossierStep.objects.get(dossier=dossiers[2], state=StepState.ACTIVE)
    services.complete_step(
        dossier=dossiers[2], actor=services.Actor.officer(specialist), step=step, now=JUNE.replace(hour=14)
    )
    services.resolve(dossier=dossiers[2], actor=services.Actor.officer(leader), now=JUNE.replace(hour=15))
    services.deliver(dossier=dossiers[2], actor=actor, received_by="Người nhận", now=JUNE.replace(hour=16))
    return {
        "district": district,
        "unit": unit,
        "ward": ward,
        "successor": successor,
        "desk": desk,
        "desk_officer": desk_officer,
        "specialist": specialist,
        "dossiers": [Dossier.objects.get(pk=d.pk) for d in dossiers],
    }


def _applicant(i):
    from motcua.dossiers.tests.conftest import applicant

    return applicant(id_number=f"00118501234{i}", full_name=f"Nguyễn Văn {'ABC'[i]}")


def _history(dossier):
    return list(
        DossierEvent.objects.filter(dossier=dossier).order_by("at", "id").values_list("pk", "action", "data")
    )


def test_closing_the_district_moves_its_open_dossiers_and_loses_nothing(district):
    open_ones, returned = district["dossiers"][:2], district["dossiers"][2]
    before = {d.pk: _history(d) for d in district["dossiers"]}
    counts = (Dossier.objects.count(), DossierEvent.objects.count(), DossierStep.objects.count())

    report = close_agency(agency=district["district"], successor=district["successor"], on=CLOSED_ON)

    assert report.dossiers == 2 and report.desks == 1 and report.staff == 3
    assert set(report.closed) == {"000.00.60.H26", "000.01.60.H26", district["unit"].code}
    # Nothing lost: the same dossiers and steps, exactly one more event per moved dossier.
    assert Dossier.objects.count() == counts[0]
    assert DossierStep.objects.count() == counts[2]
    assert DossierEvent.objects.count() == counts[1] + 2
    for d in open_ones:
        d.refresh_from_db()
        assert d.agency == district["successor"]
        after = _history(d)
        assert after[:-1] == before[d.pk]  # every earlier event untouched, in order
        assert after[-1][1] == MOVED_BY_CLOSURE
        assert after[-1][2]["from_agency"] == "Ủy ban nhân dân Quận Hoàn Kiếm"
        assert after[-1][2]["to_agency"] == "Ủy ban nhân dân Phường Hoàn Kiếm"
        move = DossierEvent.objects.get(pk=after[-1][0])
        assert move.from_state == move.to_state == d.state  # the state machine is not moved
    # A finished dossier stays with the agency that settled it, its history as it was.
    returned.refresh_from_db()
    assert returned.agency == district["district"] and returned.state == State.RETURNED
    assert _history(returned) == before[returned.pk]
    # Open steps now at the successor (their unit dropped); done steps keep who did them.
    open_steps = DossierStep.objects.filter(
        dossier__in=open_ones, state__in=[StepState.ACTIVE, StepState.PENDING]
    )
    assert open_steps.exists() and set(open_steps.values_list("agency", "unit")) == {
        (district["successor"].pk, None)
    }
    assert DossierStep.objects.filter(dossier=returned, agency=district["district"]).exists()
    # The agencies end on 30/6/2025; the desk, its officer and the specialist work for the successor.
    for agency in Agency.objects.filter(code__in=report.closed):
        assert agency.valid_to == CLOSED_ON
    desk = ServiceDesk.objects.get(pk=district["desk"].pk)
    assert desk.host_agency == district["successor"]
    assert set(desk.agencies.all()) == {district["successor"]}
    for staff in Staff.objects.filter(pk__in=[district["desk_officer"].pk, district["specialist"].pk]):
        assert staff.agency == district["successor"] and staff.unit is None
    # ... and the successor's officers find the moved dossiers (one-stop officer's expectation).
    specialist = Staff.objects.get(pk=district["specialist"].pk)
    assert all(access.can_see(specialist.user, d) for d in open_ones)


def test_closing_twice_moves_nothing_more(district):
    close_agency(agency=district["district"], successor=district["successor"], on=CLOSED_ON)
    events = DossierEvent.objects.count()
    again = close_agency(agency=district["district"], successor=district["successor"], on=CLOSED_ON)
    assert again.dossiers == 0 and again.steps == 0 and again.desks == 0 and again.staff == 0
    assert DossierEvent.objects.count() == events


def test_the_command_closes_by_code_and_refuses_a_successor_inside_the_closed_tree(district):
    out = StringIO()
    call_command(
        "close_agency", agency="000.00.60.H26", successor="000.00.100.H26", on="2025-06-30", stdout=out
    )
    assert "chuyển 2 hồ sơ" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("close_agency", agency="000.00.60.H26", successor="000.01.60.H26", on="2025-06-30")
    with pytest.raises(CommandError):
        call_command("close_agency", agency="000.00.60.H26", successor="000.00.100.H26", on="30/6/2025")
