from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from motcua.dossiers.codes import next_dossier_code
from motcua.org.models import Agency

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def agency(db):
    return Agency.objects.create(code="000.00.12.H26", name="Sở Tư pháp", level="department")


def issue(agency, at):
    with transaction.atomic():
        return next_dossier_code(agency=agency, received_at=at)


def test_codes_follow_the_daily_sequence_per_agency(agency):
    other = Agency.objects.create(code="000.00.13.H26", name="Sở Xây dựng", level="department")
    morning = datetime(2026, 11, 23, 8, 5, tzinfo=HANOI)
    assert issue(agency, morning) == "000.00.12.H26-261123-0001"
    assert issue(agency, morning) == "000.00.12.H26-261123-0002"
    assert issue(other, morning) == "000.00.13.H26-261123-0001"
    assert issue(agency, datetime(2026, 11, 25, 9, 0, tzinfo=HANOI)) == "000.00.12.H26-261125-0001"


def test_the_day_is_the_local_day_not_utc(agency):
    # 23:30 UTC on the 22nd is 06:30 on the 23rd in Hà Nội.
    late_utc = datetime(2026, 11, 22, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert issue(agency, late_utc).endswith("-261123-0001")


def test_a_rolled_back_intake_gives_its_number_back(agency):
    at = datetime(2026, 11, 23, 8, 5, tzinfo=HANOI)
    with pytest.raises(RuntimeError), transaction.atomic():
        next_dossier_code(agency=agency, received_at=at)
        raise RuntimeError("intake failed after numbering")
    assert issue(agency, at).endswith("-0001")


def test_the_format_is_a_setting(agency, settings):
    settings.MOTCUA_DOSSIER_CODE_FORMAT = "{agency}-{date:%Y%m%d}-{seq:05d}"
    assert issue(agency, datetime(2026, 11, 23, 8, 5, tzinfo=HANOI)) == "000.00.12.H26-20261123-00001"


@pytest.mark.django_db(transaction=True)
def test_numbering_outside_a_transaction_is_refused():
    agency = Agency.objects.create(code="000.00.12.H26", name="Sở Tư pháp", level="department")
    with pytest.raises(RuntimeError):
        next_dossier_code(agency=agency, received_at=datetime(2026, 11, 23, 8, 5, tzinfo=HANOI))


@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_get_distinct_consecutive_codes():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers on the whole file; row locking is exercised on PostgreSQL")
    agency = Agency.objects.create(code="000.00.12.H26", name="Sở Tư pháp", level="department")
    at = datetime(2026, 11, 23, 9, 0, tzinfo=HANOI)

    def worker(_):
        try:
            return issue(agency, at)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=10) as pool:
        codes = list(pool.map(worker, range(50)))
    assert sorted(codes) == [f"000.00.12.H26-261123-{n:04d}" for n in range(1, 51)]


def test_the_code_rule_is_judged_by_the_local_received_day(agency, settings):
    # The deployment's format is allowed by Circular 03/2025 only; a dossier received on 30/6/2025
    # (Circular 01/2018) keeps the 2018 format, one received on 1/7/2025 takes the setting's.
    settings.MOTCUA_DOSSIER_CODE_FORMAT = "{agency}-{date:%Y%m%d}-{seq:05d}"
    assert issue(agency, datetime(2025, 6, 30, 16, 59, tzinfo=HANOI)) == "000.00.12.H26-250630-0001"
    assert issue(agency, datetime(2025, 7, 1, 7, 30, tzinfo=HANOI)) == "000.00.12.H26-20250701-00001"
    # 30/6 17:30 UTC is 1/7 00:30 in Hà Nội: the new rule.
    assert (
        issue(agency, datetime(2025, 6, 30, 17, 30, tzinfo=ZoneInfo("UTC"))) == "000.00.12.H26-20250701-00002"
    )


def test_without_a_setting_both_rules_give_the_2018_shape(agency):
    assert issue(agency, datetime(2025, 6, 30, 9, 0, tzinfo=HANOI)) == "000.00.12.H26-250630-0001"
    assert issue(agency, datetime(2025, 7, 1, 9, 0, tzinfo=HANOI)) == "000.00.12.H26-250701-0001"
