"""Boundary-free intake (Decree 118/2025 art. 5, from 1/7/2025): a centre receives for another
commune of the province when the procedure is on the province's published list that day; the
receipt names both; the competent agency processes it; the result goes back where asked; the
counts see it twice, once for each."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.models import BoundaryFreeOpening
from motcua.catalog.tests.factories import published_version
from motcua.dossiers import access, selectors, services
from motcua.dossiers.forms import receipt_context
from motcua.dossiers.models import DossierEvent, DossierStep, ReturnPlace, StepState
from motcua.dossiers.states import Action, State
from motcua.dossiers.tests.conftest import make_intake
from motcua.org.models import AgencyLevel, DeskKind
from motcua.org.tests.factories import (
    AgencyFactory,
    CommuneFactory,
    ProvinceFactory,
    ServiceDeskFactory,
    StaffFactory,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
LAST_OLD_DAY = datetime(2025, 6, 30, 9, 0, tzinfo=HANOI)  # Monday, Decree 61/2018
FIRST_NEW_DAY = datetime(2025, 7, 1, 9, 0, tzinfo=HANOI)  # Tuesday, Decree 118/2025


@pytest.fixture
def world(db):
    city = ProvinceFactory()
    hoankiem = CommuneFactory(code="000.00.100.H26", name="Ủy ban nhân dân Phường Hoàn Kiếm", parent=city)
    cuanam = CommuneFactory(code="000.00.101.H26", name="Ủy ban nhân dân Phường Cửa Nam", parent=city)
    other_city = ProvinceFactory(code="000.00.00.H29", name="Ủy ban nhân dân Thành phố Hồ Chí Minh")
    saigon = CommuneFactory(code="000.00.100.H29", name="Ủy ban nhân dân Phường Sài Gòn", parent=other_city)
    police = AgencyFactory(
        code="000.00.40.H26", name="Công an Thành phố Hà Nội", level=AgencyLevel.VERTICAL, parent=city
    )
    centre = ServiceDeskFactory(
        name="Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm",
        kind=DeskKind.COMMUNE_CENTRE,
        host_agency=hoankiem,
    )
    version = published_version(
        code="1.001193",
        name="Đăng ký khai sinh",
        time_amount=3,
        time_unit="working_day",
        implementing_agencies=[hoankiem, cuanam, saigon],
        requirements=[{"name": "Tờ khai đăng ký khai sinh", "kind": "original", "quantity": 1}],
    )
    police_version = published_version(
        code="1.000001",
        name="Cấp Phiếu lý lịch tư pháp",
        time_amount=10,
        time_unit="working_day",
        implementing_agencies=[police],
        requirements=[{"name": "Tờ khai", "kind": "original", "quantity": 1}],
    )
    opening = BoundaryFreeOpening.objects.create(
        procedure=version.procedure, valid_from=date(2025, 7, 1), published_list="Quyết định số 1/QĐ-UBND"
    )
    return {
        "city": city,
        "hoankiem": hoankiem,
        "cuanam": cuanam,
        "saigon": saigon,
        "police": police,
        "centre": centre,
        "version": version,
        "police_version": police_version,
        "opening": opening,
        "hk_desk": StaffFactory(agency=hoankiem, desk=centre, roles=["desk_officer"], full_name="Trần Bình"),
        "counter": StaffFactory(agency=police, desk=centre, roles=["desk_officer"], full_name="Đỗ Huy"),
        "cn_desk": StaffFactory(agency=cuanam, roles=["desk_officer"]),
        "cn_specialist": StaffFactory(agency=cuanam, roles=["specialist"]),
        "cn_leader": StaffFactory(agency=cuanam, roles=["agency_leader"]),
        "hk_specialist": StaffFactory(agency=hoankiem, roles=["specialist"]),
    }


def receive(world, agency, *, officer=None, now=FIRST_NEW_DAY, version=None, **overrides):
    return services.receive_at_desk(
        officer=officer or world["hk_desk"],
        intake=make_intake(version or world["version"], agency, **overrides),
        now=now,
    )


def refusal_code(error: ValidationError, field="agency") -> str:
    return error.error_dict[field][0].code


# ---------------------------------------------------------------------------------------------
# Allowed and refused, by date and setting


def test_a_centre_receives_for_another_commune_from_1_july_2025_and_hands_it_over_at_once(world):
    dossier = receive(world, world["cuanam"], originals_to_send=True)
    assert dossier.agency == world["cuanam"]  # the competent agency
    assert dossier.receiving_agency == world["hoankiem"]
    assert dossier.receiving_desk == world["centre"]
    assert dossier.return_place == ReturnPlace.RECEIVING_CENTRE  # the default when none was asked
    assert dossier.originals_to_send
    # Handed over in the same act: processing, its steps at Cửa Nam.
    assert dossier.state == State.PROCESSING
    steps = DossierStep.objects.filter(dossier=dossier)
    assert {s.agency_id for s in steps} == {world["cuanam"].pk}
    assert steps.filter(state=StepState.ACTIVE).exists()
    receipt = DossierEvent.objects.get(dossier=dossier, action=Action.RECEIVE)
    assert receipt.data["boundary_free"] is True
    assert receipt.data["published_list"] == "Quyết định số 1/QĐ-UBND"
    assert receipt.data["receiving_agency"] == world["hoankiem"].name
    assert receipt.data["clock_start"] == "competent_agency_receipt"  # the registry's rule of 2025
    assert list(dossier.events.values_list("action", flat=True)) == [Action.RECEIVE, Action.START_PROCESSING]


def test_on_30_june_2025_the_same_dossier_is_refused_the_old_law_knew_no_boundary_free_intake(world):
    with pytest.raises(ValidationError) as caught:
        receive(world, world["cuanam"], now=LAST_OLD_DAY)
    assert refusal_code(caught.value) == "boundary_free_not_open"
    # ... while the centre's own commune is received as ever, and stays at its desk (no hand-over).
    own = receive(world, world["hoankiem"], now=LAST_OLD_DAY)
    assert own.receiving_agency is None and own.state == State.RECEIVED and own.return_place == ""


def test_a_province_that_switches_boundary_free_intake_off_is_obeyed(world, settings):
    settings.MOTCUA_LAW_OVERRIDES = {"intake.boundary_free": False}
    with pytest.raises(ValidationError) as caught:
        receive(world, world["cuanam"])
    assert refusal_code(caught.value) == "boundary_free_not_open"


def test_a_procedure_not_on_the_published_list_is_refused_with_a_clear_code(world):
    world["opening"].delete()
    with pytest.raises(ValidationError) as caught:
        receive(world, world["cuanam"])
    assert refusal_code(caught.value) == "boundary_free_not_open"
    assert "Đăng ký khai sinh" in caught.value.error_dict["agency"][0].message


def test_the_opening_s_period_decides_day_by_day(world):
    world["opening"].valid_to = date(2025, 7, 31)
    world["opening"].save()
    assert receive(world, world["cuanam"], now=datetime(2025, 7, 31, 9, 0, tzinfo=HANOI)).receiving_agency
    with pytest.raises(ValidationError) as caught:
        receive(world, world["cuanam"], now=datetime(2025, 8, 1, 9, 0, tzinfo=HANOI))
    assert refusal_code(caught.value) == "boundary_free_not_open"


def test_a_one_stop_desk_that_is_no_centre_receives_only_for_its_agencies(world):
    world["centre"].kind = DeskKind.ONE_STOP
    world["centre"].save()
    with pytest.raises(ValidationError) as caught:
        receive(world, world["cuanam"])
    assert refusal_code(caught.value) == "agency_not_served"


def test_a_centre_receives_within_its_province_only(world):
    BoundaryFreeOpening.objects.update(valid_from=date(2025, 7, 1))
    with pytest.raises(ValidationError) as caught:
        receive(world, world["saigon"])
    assert refusal_code(caught.value) == "boundary_free_other_province"


def test_a_vertical_agency_s_counter_receives_for_its_own_agency_only(world):
    counter = world["counter"]
    dossier = receive(world, world["police"], officer=counter, version=world["police_version"])
    assert dossier.agency == world["police"] and dossier.receiving_agency is None
    with pytest.raises(ValidationError) as caught:
        receive(world, world["hoankiem"], officer=counter)
    assert refusal_code(caught.value) == "counter_own_agency"
    with pytest.raises(ValidationError) as caught:
        receive(world, world["cuanam"], officer=counter)
    assert refusal_code(caught.value) == "counter_own_agency"
    # The counter's officer picks nothing but the police at intake.
    assert access.intake_agencies(counter, FIRST_NEW_DAY.date()) == [world["police"]]


def test_the_centre_s_intake_offers_the_province_s_agencies_only_while_the_law_allows(world):
    officer = world["hk_desk"]
    after = {a.pk for a in access.intake_agencies(officer, FIRST_NEW_DAY.date())}
    assert {world["hoankiem"].pk, world["cuanam"].pk, world["police"].pk} <= after
    assert world["saigon"].pk not in after
    before = {a.pk for a in access.intake_agencies(officer, LAST_OLD_DAY.date())}
    assert before == {world["hoankiem"].pk}
    # The procedure search at intake: another agency's procedures only when opened that day.
    versions = access.intake_versions(officer, [world["cuanam"].pk, world["police"].pk], FIRST_NEW_DAY.date())
    assert set(versions.values_list("pk", flat=True)) == {world["version"].pk}


# ---------------------------------------------------------------------------------------------
# The receipt, who sees it, who processes and returns it


def test_the_receipt_names_the_receiving_centre_and_the_competent_agency(world):
    dossier = receive(world, world["cuanam"], originals_to_send=True)
    ctx = receipt_context(dossier)
    assert ctx.receiving_centre == "Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm"
    assert ctx.competent_agency == "Ủy ban nhân dân Phường Cửa Nam"
    assert ctx.agency.parent_name == "Ủy ban nhân dân Phường Hoàn Kiếm"  # the centre issues it
    assert ctx.return_channel == str(ReturnPlace.RECEIVING_CENTRE.label)
    assert ctx.originals_to_send
    own = receipt_context(receive(world, world["hoankiem"]))
    assert own.competent_agency == "" and own.receiving_centre == ""


def test_the_competent_agency_processes_and_the_receiving_centre_returns(world):
    dossier = receive(world, world["cuanam"])
    specialist, leader = world["cn_specialist"], world["cn_leader"]
    # Cửa Nam's officers find it in their queues; another commune's do not see it.
    assert selectors.my_steps(specialist).filter(dossier=dossier).exists()
    assert access.can_see(specialist.user, dossier)
    assert access.can_see(world["hk_desk"].user, dossier)
    assert not access.can_see(world["hk_specialist"].user, dossier)
    step = DossierStep.objects.get(dossier=dossier, state=StepState.ACTIVE)
    later = FIRST_NEW_DAY + timedelta(hours=2)
    dossier = services.complete_step(
        dossier=dossier, actor=services.Actor.officer(specialist), step=step, now=later
    )
    dossier = services.resolve(dossier=dossier, actor=services.Actor.officer(leader), now=later)
    assert dossier.state == State.RESOLVED
    # The result waits at Hoàn Kiếm's desk, not at Cửa Nam's.
    hk_queue = selectors.work_queue(world["hk_desk"], later)
    assert dossier.pk in {e.dossier_id for e in hk_queue.entries}
    cn_queue = selectors.work_queue(world["cn_desk"], later)
    assert dossier.pk not in {e.dossier_id for e in cn_queue.entries}
    dossier = services.deliver(
        dossier=dossier,
        actor=services.Actor.officer(world["hk_desk"]),
        received_by="Nguyễn Thị Hằng",
        now=later,
    )
    assert dossier.state == State.RETURNED


def test_asked_at_the_competent_agency_the_result_is_not_the_centre_s_to_return(world):
    dossier = receive(world, world["cuanam"], return_place=ReturnPlace.COMPETENT_AGENCY)
    hk = services.Actor.officer(world["hk_desk"])
    assert not access.may_act(hk, dossier, Action.DELIVER)
    assert access.may_act(hk, dossier, Action.START_PROCESSING)
    assert access.may_act(services.Actor.officer(world["cn_desk"]), dossier, Action.DELIVER)


def test_an_unknown_return_place_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        receive(world, world["cuanam"], return_place="moon")
    assert refusal_code(caught.value, "return_place") == "return_place"


# ---------------------------------------------------------------------------------------------
# Counting


def test_the_counts_see_the_dossier_for_the_competent_agency_and_separately_as_received_by_the_centre(world):
    receive(world, world["cuanam"])
    receive(world, world["hoankiem"])
    start, end = FIRST_NEW_DAY.replace(hour=0), FIRST_NEW_DAY.replace(hour=23)
    hk, cn = [world["hoankiem"].pk], [world["cuanam"].pk]
    assert selectors.counted_for_agency(cn, start, end).count() == 1
    assert selectors.counted_for_agency(hk, start, end).count() == 1  # its own only
    assert selectors.received_by(hk, start, end).count() == 2
    assert selectors.received_by(cn, start, end).count() == 0
    assert selectors.received_for_others(hk, start, end).count() == 1


# ---------------------------------------------------------------------------------------------
# The same through the REST API (issue 17's gap): the serializer parses, the intake command decides


def _api_create(world, monkeypatch, agency, **fields):
    from motcua.dossiers.api import clock
    from motcua.dossiers.tests.api.conftest import client_for, post_json

    monkeypatch.setattr(clock, "now", lambda: FIRST_NEW_DAY)
    tokhai = world["version"].requirements.get()
    data = {
        "procedure": "1.001193",
        "agency": agency.code,
        "applicant": {"kind": "0", "full_name": "Trần Thị Lan", "id_number": "001190012345"},
        "papers": [{"requirement": tokhai.pk, "kind": "original", "count": 1}],
        **fields,
    }
    return post_json(client_for(world["hk_desk"].user), "/api/v1/dossiers/", data)


def test_the_api_takes_the_return_place_and_the_originals_of_a_boundary_free_dossier(world, monkeypatch):
    response = _api_create(
        world, monkeypatch, world["cuanam"], return_place="competent_agency", originals_to_send=True
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["return_place"], body["originals_to_send"]) == ("competent_agency", True)
    from motcua.dossiers.models import Dossier

    dossier = Dossier.objects.get(code=body["code"])
    assert dossier.return_place == ReturnPlace.COMPETENT_AGENCY and dossier.originals_to_send
    assert dossier.receiving_agency == world["hoankiem"]


def test_the_api_leaves_the_return_place_out_for_the_officers_own_agency(world, monkeypatch):
    response = _api_create(world, monkeypatch, world["hoankiem"], return_place="post", originals_to_send=True)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["return_place"], body["originals_to_send"]) == ("", False)  # the command's rule


def test_the_api_refuses_an_unknown_return_place_naming_the_field(world, monkeypatch):
    from motcua.dossiers.models import Dossier

    response = _api_create(world, monkeypatch, world["cuanam"], return_place="moon")
    assert response.status_code == 400
    assert response.json()["field"] == "return_place" and "return_place" in response.json()["errors"]
    assert not Dossier.objects.exists()
