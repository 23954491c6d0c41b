"""The province's published list of procedures received regardless of administrative boundary
(Decree 118/2025): loaded per period, idempotent, an unknown code refuses the whole list, and the
selector answers day by day."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.catalog.models import BoundaryFreeOpening
from motcua.catalog.selectors import boundary_free_opening, boundary_free_procedures
from motcua.catalog.tests.factories import published_version


@pytest.fixture
def birth(db):
    return published_version(
        code="1.001193", name="Đăng ký khai sinh", time_amount=1, time_unit="working_day"
    )


def test_the_list_loads_once_and_applies_from_its_first_day(birth, tmp_path):
    listing = tmp_path / "danh-muc.csv"
    listing.write_text("ma_thu_tuc,ten\n1.001193,Đăng ký khai sinh\n", encoding="utf-8")
    out = StringIO()
    call_command(
        "load_boundary_free", str(listing), "--from", "2025-07-01", "--list", "QĐ 1/QĐ-UBND", stdout=out
    )
    assert "1 thủ tục mới" in out.getvalue()
    call_command(
        "load_boundary_free", str(listing), "--from", "2025-07-01", "--list", "QĐ 1/QĐ-UBND", stdout=out
    )
    assert BoundaryFreeOpening.objects.count() == 1
    pk = birth.procedure_id
    assert boundary_free_opening(pk, date(2025, 6, 30)) is None
    assert boundary_free_opening(pk, date(2025, 7, 1)).published_list == "QĐ 1/QĐ-UBND"
    assert list(boundary_free_procedures(date(2026, 1, 1)).values_list("procedure_id", flat=True)) == [pk]


def test_a_closed_period_ends_on_its_last_day(birth, tmp_path):
    listing = tmp_path / "danh-muc.txt"
    listing.write_text("1.001193\n", encoding="utf-8")
    call_command(
        "load_boundary_free",
        str(listing),
        "--from",
        "2025-07-01",
        "--to",
        "2025-12-31",
        "--list",
        "QĐ 2",
        stdout=StringIO(),
    )
    assert boundary_free_opening(birth.procedure_id, date(2025, 12, 31)) is not None
    assert boundary_free_opening(birth.procedure_id, date(2026, 1, 1)) is None


def test_an_unknown_code_refuses_the_whole_list(birth, tmp_path):
    listing = tmp_path / "danh-muc.txt"
    listing.write_text("1.001193\n9.999999\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"9\.999999"):
        call_command("load_boundary_free", str(listing), "--from", "2025-07-01", "--list", "QĐ 3")
    assert not BoundaryFreeOpening.objects.exists()
