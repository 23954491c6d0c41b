"""Seed 003's tables (Phụ lục I–III), pinned on hand-built agencies, procedures and dossiers."""

import datetime as dt
from decimal import Decimal

import pytest

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Applicant
from motcua.dossiers.states import State
from motcua.org.auth import subtree_ids
from motcua.org.models import Agency, AgencyLevel
from motcua.org.tests.factories import AgencyFactory, ProvinceFactory, ServiceDeskFactory, SubUnitFactory
from motcua.reports.periods import Period
from motcua.reports.table_models import OneStopList
from motcua.reports.tables import build_table, display
from motcua.reports.tests import builders
from motcua.reports.tests.builders import at

NOVEMBER = Period.month(2026, 11)


@pytest.fixture
def applicant(db):
    return Applicant.objects.create(kind="0", full_name="Trần Thị Lan", id_number="001190012345")


@pytest.fixture
def make(applicant):
    versions = {}

    def make(agency, state, received=None, due=None, finished=None, supplements=0):
        if agency.pk not in versions:
            versions[agency.pk] = published_version(
                code=f"1.{900000 + agency.pk:06d}", name="Thủ tục thử", effective_from=dt.date(2020, 1, 1)
            )
        return builders.dossier(
            versions[agency.pk], agency, state, received=received, due=due, finished=finished,
            supplements=supplements, applicant=applicant,
        )  # fmt: skip

    return make


def procedure(code, agencies, channels):
    return published_version(
        code=code,
        name=f"Thủ tục {code}",
        channels=channels,
        implementing_agencies=agencies,
        effective_from=dt.date(2020, 1, 1),
    )


@pytest.fixture
def department(db):
    province = ProvinceFactory()
    dept = AgencyFactory(parent=province, name="Sở Tư pháp", short_name="STP")
    s1 = SubUnitFactory(parent=dept, name="Chi cục A")
    s2 = SubUnitFactory(parent=dept, name="Chi cục B")
    return dept, s1, s2


def table_of(unit, period=NOVEMBER, appendix=None):
    return build_table(unit, period, appendix, subtree=subtree_ids(unit.pk))


def by_name(table):
    return {row.name: row for row in table.rows}


def test_appendix_one_for_a_department(department, make):
    dept, s1, s2 = department
    make(dept, State.RETURNED, received=at(3), due=at(6), finished=at(5))  # early
    make(dept, State.RESOLVED, received=at(3), due=at(6, 16), finished=at(6, 10))  # on time
    make(dept, State.RETURNED, received=at(3), due=at(6), finished=at(9))  # late
    make(dept, State.PROCESSING, received=at(20), due=at(4, month=12))  # open, within time
    make(dept, State.WITHDRAWN, received=at(4), due=at(9), finished=at(5))  # neither
    make(s1, State.RETURNED, received=at(3), due=at(20), finished=at(10), supplements=2)  # late (2 requests)
    make(s1, State.RETURNED, received=at(3), due=at(20), finished=at(10))  # early
    p1 = procedure("1.001193", [dept, s1], ["desk", "post", "online_partial"])
    procedure("2.000815", [dept], ["desk"])
    procedure("2.000884", [s2], ["online_full"])
    listed = OneStopList.objects.create(agency=dept, valid_from=dt.date(2025, 1, 1))
    listed.procedures.set([p1.procedure])
    OneStopList.objects.create(agency=s2, valid_from=dt.date(2025, 1, 1))  # a list, empty
    ServiceDeskFactory(host_agency=dept, area_m2=Decimal("80.5"))
    ServiceDeskFactory(host_agency=dept, area_m2=Decimal("20"))
    ServiceDeskFactory(host_agency=s1, area_m2=None)

    table = table_of(dept)

    assert table.appendix == "I"
    assert [(r.kind, r.number, r.name) for r in table.rows] == [
        ("unit", "A", "Sở Tư pháp"),
        ("group", "B", "Đơn vị cấp 2 trực thuộc"),
        ("unit", "1", "Chi cục A"),
        ("unit", "2", "Chi cục B"),
        ("total", "", "Tổng cộng"),
    ]
    a, b, c1, c2, total = (row.values for row in table.rows)
    # the department alone: its sub-units' dossiers are theirs
    assert (a["received"], a["on_time"], a["late"], a["on_time_rate"]) == (5, 3, 1, Decimal("75.00"))
    assert (c1["on_time"], c1["late"], c1["on_time_rate"]) == (1, 1, Decimal("50.00"))
    assert (c2["received"], c2["on_time_rate"]) == (0, None)  # no denominator: "—"
    assert (b["on_time"], b["late"], b["on_time_rate"]) == (1, 1, Decimal("50.00"))
    assert (total["received"], total["on_time"], total["late"]) == (7, 4, 2)
    assert total["on_time_rate"] == Decimal("66.67")
    # procedures, one-stop list, online and post from the catalogue
    assert (a["procedures"], a["one_stop_procedures"], a["one_stop_rate"]) == (2, 1, Decimal("50.00"))
    assert (c1["procedures"], c1["one_stop_procedures"], c1["one_stop_rate"]) == (1, None, None)
    assert (c2["procedures"], c2["one_stop_procedures"], c2["one_stop_rate"]) == (1, 0, Decimal("0.00"))
    # a group's rate counts only the units that published a list
    assert (b["procedures"], b["one_stop_procedures"], b["one_stop_rate"]) == (2, 0, Decimal("0.00"))
    assert (total["procedures"], total["one_stop_procedures"], total["one_stop_rate"]) == (
        4,
        1,
        Decimal("33.33"),
    )
    assert [r.values["online_services"] for r in table.rows] == [1, 2, 1, 1, 3]
    assert [r.values["postal_procedures"] for r in table.rows] == [1, 1, 1, 0, 2]
    assert [r.values["area_m2"] for r in table.rows] == [Decimal("100.5"), None, None, None, Decimal("100.5")]
    assert display(Decimal("100.5"), "area_m2") == "100,5"
    assert display(None, "on_time_rate") == "—"
    assert display(Decimal("66.67"), "on_time_rate") == "66,67%"


def test_title_lines_header_notes_and_signatures(department):
    table = table_of(department[0])
    assert table.agency_line == "SỞ TƯ PHÁP"
    assert table.title_lines[0] == "Phụ lục I"
    assert "tại các Sở, cơ quan tương đương Sở" in table.title_lines[2]
    assert [c.label for c in table.columns[3].children] == [
        "Số TTHC thuộc thẩm quyền giải quyết của đơn vị",
        "Số TTHC đang thực hiện (1)",
        "Tỷ lệ % số TTHC đang thực hiện (2)",
    ]
    assert "(số liệu từ 01/11/2026 đến 30/11/2026)" in table.columns[4].label
    assert len(table.leaves) == 13
    assert table.notes[0].startswith("(1) là số TTHC thực tế")
    assert table.signatures == ("Người lập biểu", "Thủ trưởng cơ quan, đơn vị")
    assert table.date_line.startswith("Hà Nội, ngày ")


def test_the_city_lists_departments_and_their_units(department, make):
    dept, _s1, _s2 = department
    other = AgencyFactory(parent=dept.parent, name="Sở Công Thương", short_name="SCT")
    s3 = SubUnitFactory(parent=other, name="Chi cục C")
    make(s3, State.RETURNED, received=at(3), due=at(6), finished=at(9))
    make(dept.parent, State.RETURNED, received=at(3), due=at(6), finished=at(5))  # the city's own: not in I

    table = table_of(dept.parent, appendix="I")

    names = [(r.kind, r.number, r.name) for r in table.rows]
    assert names[0] == ("group", "A", "Sở, cơ quan tương đương Sở")
    assert ("unit", "1", "Sở Tư pháp") in names and ("unit", "2", "Sở Công Thương") in names
    assert ("unit", "3", "Chi cục C (SCT)") in names  # whose unit, when B spans several departments
    rows = by_name(table)
    assert rows["Chi cục C (SCT)"].values["late"] == 1
    assert table.total.values["received"] == 1
    assert rows["Sở, cơ quan tương đương Sở"].values["on_time_rate"] is None


def test_appendix_two_splits_city_and_local_vertical_agencies(db, make):
    province = ProvinceFactory()
    tax = AgencyFactory(parent=province, name="Cục Thuế Thành phố", level=AgencyLevel.VERTICAL)
    branch = AgencyFactory(parent=tax, name="Chi cục Thuế quận", level=AgencyLevel.VERTICAL)
    office = SubUnitFactory(parent=tax, name="Phòng Kê khai")
    make(tax, State.RETURNED, received=at(3), due=at(6), finished=at(5))
    make(office, State.RETURNED, received=at(3), due=at(6), finished=at(9))  # the agency's own office
    make(branch, State.RETURNED, received=at(3), due=at(6), finished=at(9))

    table = table_of(province, appendix="II")

    assert [(r.kind, r.number, r.name) for r in table.rows] == [
        ("group", "A", "Đặt tại Thành phố"),
        ("unit", "1", "Cục Thuế Thành phố"),
        ("group", "B", "Đặt tại cấp Huyện"),
        ("unit", "1", "Chi cục Thuế quận"),
        ("total", "", "Tổng cộng"),
    ]
    rows = by_name(table)
    assert (rows["Cục Thuế Thành phố"].values["on_time"], rows["Cục Thuế Thành phố"].values["late"]) == (1, 1)
    assert rows["Chi cục Thuế quận"].values["late"] == 1
    assert table.total.values["received"] == 3


@pytest.fixture
def local(db):
    province = ProvinceFactory()
    end = dt.date(2025, 6, 30)
    district = AgencyFactory(
        parent=province, name="Ủy ban nhân dân Quận Ba Đình", short_name="Quận Ba Đình",
        level=AgencyLevel.DISTRICT, valid_to=end,
    )  # fmt: skip
    old = AgencyFactory(
        parent=district, name="Ủy ban nhân dân Phường Quán Thánh", level=AgencyLevel.COMMUNE, valid_to=end
    )
    new = AgencyFactory(
        parent=province,
        name="Ủy ban nhân dân Phường Ba Đình",
        level=AgencyLevel.COMMUNE,
        valid_from=dt.date(2025, 7, 1),
    )
    dept = AgencyFactory(parent=province, name="Sở Tư pháp")
    return province, district, old, new, dept


def test_appendix_three_before_the_reform(local):
    province, district, _old, _new, _dept = local
    table = table_of(province, Period.year(2024), appendix="III")
    assert [(r.kind, r.number, r.name) for r in table.rows] == [
        ("group", "A", "Cấp huyện"),
        ("unit", "1", "Ủy ban nhân dân Quận Ba Đình"),
        ("group", "B", "Cấp xã (tổng số xã: 1)"),
        ("unit", "1", "Ủy ban nhân dân Phường Quán Thánh"),
        ("total", "", "Tổng cộng"),
    ]
    assert table.title_lines[2] == "tại cấp huyện và cấp xã"
    # a district reporting on itself: A is the district
    assert next(r.number + " " + r.name for r in table_of(district, Period.year(2024)).rows) == (
        "A Ủy ban nhân dân Quận Ba Đình"
    )


def test_appendix_three_after_the_reform_is_the_province_and_its_communes(local, make):
    province, _district, _old, new, dept = local
    make(province, State.RETURNED, received=at(3), due=at(6), finished=at(5))
    make(dept, State.RETURNED, received=at(3), due=at(6), finished=at(9))  # a department: Phụ lục I
    make(new, State.RETURNED, received=at(3), due=at(6), finished=at(9))

    table = table_of(province, NOVEMBER, appendix="III")

    assert [(r.kind, r.number, r.name) for r in table.rows] == [
        ("unit", "A", "Ủy ban nhân dân Thành phố Hà Nội"),  # the province reporting on itself
        ("group", "B", "Cấp xã (tổng số xã: 1)"),
        ("unit", "1", "Ủy ban nhân dân Phường Ba Đình"),
        ("total", "", "Tổng cộng"),
    ]
    assert table.title_lines[2] == "tại cấp tỉnh và cấp xã"
    rows = by_name(table)
    assert rows["Ủy ban nhân dân Thành phố Hà Nội"].values["on_time"] == 1
    assert rows["Ủy ban nhân dân Thành phố Hà Nội"].values["late"] == 0
    assert table.total.values["received"] == 2


def test_a_period_across_the_reform_keeps_the_abolished_district(local):
    province, *_ = local
    table = table_of(province, Period.year(2025), appendix="III")
    rows = by_name(table)
    assert rows["Cấp huyện, cấp tỉnh"].kind == "group"
    assert rows["Ủy ban nhân dân Quận Ba Đình"].note == "Đến ngày 30/06/2025"
    assert rows["Ủy ban nhân dân Phường Ba Đình (UBND TP)"].note == "Từ ngày 01/07/2025"
    assert "Cấp xã (tổng số xã: 2)" in rows
    assert not Agency.objects.filter(name="Cấp tỉnh").exists()


def test_the_number_of_queries_does_not_grow_with_the_rows(department, make):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    dept, s1, _s2 = department

    def queries():
        with CaptureQueriesContext(connection) as captured:
            table_of(dept.parent, appendix="I")
        return len(captured)

    def settled_queries():
        # The first read folds the dossiers saved since into the rollups (rollups.refresh, the
        # rollups' own cost); the table's own reads are the second's.
        queries()
        return queries()

    make(s1, State.RETURNED, received=at(3), due=at(6), finished=at(5))
    before = settled_queries()
    for n in range(4):
        unit = SubUnitFactory(parent=AgencyFactory(parent=dept.parent), name=f"Chi cục {n}")
        make(unit, State.RETURNED, received=at(3), due=at(6), finished=at(9))
    assert settled_queries() == before
