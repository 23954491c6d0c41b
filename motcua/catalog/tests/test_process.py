import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from motcua.catalog import process, process_import, services
from motcua.catalog.importers import ImportRejected
from motcua.catalog.models import ProcessDefinition

from .factories import published_version

B = process.Budget


def test_budget_difference_is_named():
    steps = [B(Decimal(4), "working_hour"), B(Decimal(8), "working_day"), B(Decimal(4), "working_hour")]
    with pytest.raises(ValidationError) as exc:
        process.check_budget(steps, Decimal(10), "working_day")
    assert exc.value.messages == [
        "Tổng thời gian các bước là 9 ngày làm việc, thiếu 1 ngày làm việc so với thời hạn 10 ngày làm việc"
    ]


def test_budget_excess_in_hours_is_named():
    with pytest.raises(ValidationError, match="thừa 4 giờ làm việc"):
        process.check_budget([B(Decimal("1.5"), "working_day")], Decimal(1), "working_day")


def test_exact_budget_passes_and_parallel_steps_count_once():
    steps = [
        B(Decimal(4), "working_hour"),
        B(Decimal(2), "working_day", parallel_group=2),
        B(Decimal(3), "working_day", parallel_group=2),  # liên thông, in parallel: the longest counts
        B(Decimal(1), "working_day"),
        B(Decimal(4), "working_hour"),
    ]
    process.check_budget(steps, Decimal(5), "working_day")


def test_units_that_cannot_be_added_are_refused():
    with pytest.raises(ValidationError, match="không cộng được"):
        process.check_budget([B(Decimal(15), "day")], Decimal(15), "working_day")
    process.check_budget([B(Decimal(10), "day"), B(Decimal(5), "day")], Decimal(15), "day")


def test_same_day_limit_is_one_working_day_at_most():
    process.check_budget([B(Decimal(2), "working_hour"), B(Decimal(6), "working_hour")], None, "same_day")
    with pytest.raises(ValidationError, match="vượt 1 giờ làm việc"):
        process.check_budget([B(Decimal(9), "working_hour")], None, "same_day")


def test_unknown_limit_accepts_any_positive_budget_but_not_zero():
    process.check_budget([B(Decimal(3), "working_day")], None, "")
    with pytest.raises(ValidationError, match="lớn hơn 0"):
        process.check_budget([B(Decimal(0), "working_day")], Decimal(1), "working_day")


@pytest.mark.parametrize(
    ("amount", "unit"),
    [(1, "working_hour"), (1, "working_day"), (2, "working_day"), (3, "working_day"), (7, "working_day"),
     (45, "working_day"), (None, "same_day"), (1, "day"), (3, "day"), (15, "day"), (Decimal("0.5"), "working_day")],
)  # fmt: skip
def test_default_steps_add_up_exactly(amount, unit):
    steps = process.default_steps(Decimal(amount) if amount is not None else None, unit)
    assert len(steps) == 5
    assert all(s["amount"] > 0 for s in steps)
    process.check_budget([B(s["amount"], s["unit"]) for s in steps], amount, unit)


def test_default_steps_unknown_for_missing_or_monthly_limits():
    assert process.default_steps(None, "") is None
    assert process.default_steps(Decimal(1), "month") is None


@pytest.mark.django_db
def test_save_process_refuses_a_bad_budget_and_keeps_the_old_one(org_tree):
    commune = org_tree["communes"][0]
    version = published_version(time_amount=10, implementing_agencies=[commune])
    good = [
        {
            "order": 1,
            "work": "Tiếp nhận",
            "responsible": "Bộ phận Một cửa",
            "amount": 4,
            "unit": "working_hour",
        },
        {
            "order": 2,
            "work": "Thẩm định",
            "responsible": "Công chức tư pháp",
            "amount": 9,
            "unit": "working_day",
        },
        {
            "order": 3,
            "work": "Trả kết quả",
            "responsible": "Bộ phận Một cửa",
            "amount": 4,
            "unit": "working_hour",
        },
    ]
    services.save_process(version=version, agency=commune, steps=good)
    bad = [{**good[1], "amount": 8}, good[0], good[2]]
    with pytest.raises(ValidationError, match="thiếu 1 ngày làm việc so với thời hạn 10 ngày làm việc"):
        services.save_process(version=version, agency=commune, steps=bad)
    proc = ProcessDefinition.objects.get()
    assert [s.amount for s in proc.steps.all()] == [4, 9, 4]


def _table(rows, header=("Bước", "Nội dung công việc", "Trách nhiệm", "Thời gian", "Biểu mẫu/Kết quả")):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_import_published_table_with_parallel_steps(org_tree):
    commune = org_tree["communes"][0]
    version = published_version(time_amount=3, implementing_agencies=[commune])
    content = _table(
        [
            (1, "Tiếp nhận, chuyển hồ sơ", "Bộ phận Một cửa", "4 giờ làm việc", "Mẫu 01, Mẫu 06"),
            ("2a", "Thẩm định hồ sơ", "Công chức tư pháp - hộ tịch", "1 ngày làm việc", ""),
            ("2b", "Xác minh (liên thông)", "Công an xã, liên thông", "1,5 ngày làm việc", ""),
            (3, "Ký kết quả", "Chủ tịch UBND xã", "0,5 ngày làm việc", ""),
            (4, "Trả kết quả", "Bộ phận Một cửa", "4 giờ", "Giấy khai sinh"),
        ]
    )
    proc = process_import.import_process_excel(content, version=version, agency=commune)
    steps = list(proc.steps.all())
    assert [s.parallel_group for s in steps] == [None, 2, 2, None, None]
    assert steps[2].is_interagency and not steps[1].is_interagency
    assert steps[0].form == "Mẫu 01, Mẫu 06"


@pytest.mark.django_db
def test_import_table_reports_every_bad_row_and_writes_nothing(org_tree):
    commune = org_tree["communes"][0]
    version = published_version(time_amount=3, implementing_agencies=[commune])
    content = _table(
        [
            (1, "Tiếp nhận", "Một cửa", "4", ""),
            ("x", "Thẩm định", "", "2 ngày làm việc", ""),
            (3, "", "", "1 giờ", ""),
        ]
    )
    with pytest.raises(ImportRejected) as exc:
        process_import.import_process_excel(content, version=version, agency=commune)
    rows = [(e.row, e.field) for e in exc.value.row_errors]
    assert rows == [(2, "Thời gian"), (3, "Bước"), (4, "Nội dung công việc")]
    assert not ProcessDefinition.objects.exists()


@pytest.mark.django_db
def test_import_table_with_wrong_total_names_the_difference(org_tree):
    commune = org_tree["communes"][0]
    version = published_version(time_amount=3, implementing_agencies=[commune])
    content = _table(
        [(1, "Tiếp nhận", "Một cửa", "1 ngày làm việc", ""), (2, "Giải quyết", "", "1 ngày làm việc", "")]
    )
    with pytest.raises(ImportRejected) as exc:
        process_import.import_process_excel(content, version=version, agency=commune)
    assert "thiếu 1 ngày làm việc so với thời hạn 3 ngày làm việc" in exc.value.row_errors[0].message
    assert not ProcessDefinition.objects.exists()


@pytest.mark.django_db
def test_broken_excel_file_is_reported():
    with pytest.raises(ImportRejected, match="từ chối"):
        process_import.read_steps(b"not an xlsx")
