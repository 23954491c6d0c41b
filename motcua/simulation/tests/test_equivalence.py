"""The bulk path writes the same rows as the services path for the same seed (the issue's proof).

Intentional differences, none of them in the compared tables: both paths skip PDF forms and
notifications (no DossierDocument, no OutboxMessage rows) and store no paper files.
"""

from collections import Counter

from django.db import transaction

from motcua.dossiers.states import Action, State
from motcua.simulation.bulk import write_bulk
from motcua.simulation.history import Plan, stream
from motcua.simulation.replay import replay
from motcua.simulation.world import load_world

from .conftest import UNTIL
from .snapshot import snapshot

PLAN = Plan(count=160, seed=11, days=25, until=UNTIL)  # a seed whose sample has every kind of act


def test_bulk_writes_the_same_rows_as_the_services(province):
    world = load_world()
    savepoint = transaction.savepoint()
    assert replay(stream(world, PLAN)) == PLAN.count
    reference = snapshot()
    transaction.savepoint_rollback(savepoint)
    assert snapshot()["dossiers"] == []

    written = write_bulk(stream(world, PLAN), batch=37)  # batches that split days and agencies
    assert written["dossiers"] == PLAN.count
    bulk = snapshot()
    for table in reference:
        assert bulk[table] == reference[table], table

    # The sample exercises what the comparison is meant to cover.
    actions = Counter(e[4] for e in reference["events"])
    for action in (
        Action.SUBMIT,
        Action.RECEIVE,
        Action.REQUEST_SUPPLEMENT,
        Action.SUPPLEMENT,
        Action.START_PROCESSING,
        Action.COMPLETE_STEP,
        Action.RESOLVE,
        Action.DELIVER,
        Action.REFUSE,
        Action.AWAIT_FEES,
        Action.PAY_FEES,
        Action.EXTEND,
        Action.STOP,
        Action.WITHDRAW,
    ):
        assert actions[action] > 0, action
    states = Counter(d[5] for d in reference["dossiers"])
    assert states[State.RETURNED] and states[State.PROCESSING] + states[State.RECEIVED] > 0
    assert any(p[3] is None for p in reference["pauses"])  # a dossier still paused at `until`
    # Supplements bring papers, marked with their request's number and listed in the event.
    assert any(p[-1] for p in reference["papers"])
    supplements = [e for e in reference["events"] if e[4] == Action.SUPPLEMENT]
    assert supplements and all(dict(e[8]).get("papers", "[]") != "[]" for e in supplements)
    # steps of every role were done, each by an officer holding it (the services checked that)
    roles = Counter(s[7] for s in reference["steps"] if s[17])  # role, completed_by
    assert set(roles) == {"", "desk_officer", "specialist", "unit_head", "agency_leader"}, roles
    unit_steps = [s for s in reference["steps"] if s[5] is not None and s[17]]
    assert unit_steps and all(".donvi." in s[17] for s in unit_steps)


def test_shards_write_what_one_writer_writes(province):
    """`--jobs`: writers that split the agencies produce the same rows (codes included)."""
    world = load_world()
    savepoint = transaction.savepoint()
    write_bulk(stream(world, PLAN), batch=50)
    single = snapshot()
    transaction.savepoint_rollback(savepoint)
    shards = world.shards(2)
    assert all(shards) and not shards[0] & shards[1]
    for agencies in reversed(shards):
        write_bulk(stream(world, PLAN, agencies), batch=50)
    assert snapshot() == single
