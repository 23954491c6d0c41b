"""A dossier's forms follow the circular in force on its local received day."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from motcua.dossiers.forms import form_set_of
from motcua.dossiers.models import Dossier

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def test_received_30_june_2025_gets_the_2018_set_and_1_july_the_2025_set():
    assert form_set_of(Dossier(received_at=datetime(2025, 6, 30, 16, 45, tzinfo=HANOI))) == "2018"
    assert form_set_of(Dossier(received_at=datetime(2025, 7, 1, 7, 30, tzinfo=HANOI))) == "2025"


def test_the_day_is_hanoi_not_utc():
    assert form_set_of(Dossier(received_at=datetime(2025, 6, 30, 17, 30, tzinfo=UTC))) == "2025"


def test_a_dossier_refused_before_receipt_is_judged_by_its_submission():
    submitted = datetime(2025, 6, 29, 10, 0, tzinfo=HANOI)
    assert form_set_of(Dossier(received_at=None, submitted_at=submitted)) == "2018"
