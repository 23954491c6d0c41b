"""The nightly consistency check (Celery beat): a dossier whose state disagrees with its last event
is named and logged as an error."""

from motcua.dossiers import tasks
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State


def test_the_check_names_a_dossier_whose_state_disagrees_with_its_last_event(received, caplog):
    assert tasks.check_consistency() == []
    Dossier.objects.filter(pk=received.pk).update(state=State.RETURNED)  # a write that bypassed the services
    with caplog.at_level("ERROR", logger="motcua.dossiers.tasks"):
        assert tasks.check_consistency() == [received.code]
    assert received.code in caplog.text
