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
