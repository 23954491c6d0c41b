"""Bottlenecks on hand-built steps (work vs wait vs lateness, workcal's working time), the slowest
paths, and the event log read back by pm4py (issue 12)."""

import io
from datetime import datetime

import pandas as pd
import pm4py
import pytest

from motcua.dossiers.models import Dossier, DossierStep, StepState
from motcua.dossiers.states import State
from motcua.reports import eventlog
from motcua.reports.bottlenecks import bottlenecks, slowest_paths
from motcua.reports.periods import REPORTING_ZONE, Period

NOVEMBER = Period.month(2026, 11)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=REPORTING_ZONE)


def _step(dossier, order, work, agency, start, done, due, **extra):
    return DossierStep.objects.create(
        dossier=dossier,
        order=order,
        work=work,
        agency=agency,
        budget_amount=1,
        budget_unit="working_day",
        state=StepState.DONE,
        started_at=start,
        completed_at=done,
        due_at=due,
        **extra,
    )


@pytest.fixture
def two_steps(received, police):
    """Received Mon 16/11 08:00; "Thẩm định" Mon 10:00 → 15:00 (due 14:00); the police's check
    Tue 08:00 → 10:00 (due Tue 17:00); finished Tue 11:00."""
    dossier = received
    Dossier.objects.filter(pk=dossier.pk).update(
        received_at=at(16, 8), finished_at=at(17, 11), state=State.RESOLVED
    )
    dossier.refresh_from_db()
    _step(dossier, 1, "Thẩm định hồ sơ", dossier.agency, at(16, 10), at(16, 15), at(16, 14))
    _step(dossier, 2, "Xác minh nhân thân", police, at(17, 8), at(17, 10), at(17, 17), is_interagency=True)
    return dossier


def test_work_wait_and_lateness_per_step_unit_and_handover(two_steps, police):
    result = bottlenecks([two_steps.agency_id], NOVEMBER)
    steps = {r["work"]: r for r in result["step"]}
    # 10:00 → 15:00 less the lunch break is 4 working hours; 08:00 → 10:00 waited 2; 1 hour late
    check = steps["Thẩm định hồ sơ"]
    assert (check["work_hours"], check["wait_hours"], check["late_steps"], check["overrun_hours"]) == (
        4.0,
        2.0,
        1,
        1.0,
    )
    # Mon 15:00 → Tue 08:00 is 2 working hours of waiting (the night is not); 2 hours of work
    police_step = steps["Xác minh nhân thân"]
    assert (police_step["work_hours"], police_step["wait_hours"], police_step["late_steps"]) == (2.0, 2.0, 0)
    assert result["step"][0]["work"] == "Thẩm định hồ sơ"  # the most lateness first
    units = {r["unit"]: r for r in result["unit"]}
    assert units[police.code]["work_hours"] == 2.0
    assert [(h["from"], h["to"], h["wait_hours"]) for h in result["handover"]] == [
        (two_steps.agency.code, police.code, 2.0)
    ]


def test_slowest_paths_by_step_sequence(two_steps):
    paths = slowest_paths([two_steps.agency_id], NOVEMBER)
    assert len(paths) == 1
    (variant,) = paths[0]["variants"]
    assert variant["steps"] == ["Thẩm định hồ sơ", "Xác minh nhân thân"]
    # Mon 08:00 → Tue 11:00: 8 + 3 working hours
    assert (variant["dossiers"], variant["mean_hours"], variant["max_hours"]) == (1, 11.0, 11.0)


def test_steps_outside_the_period_or_the_unit_are_not_counted(two_steps, police):
    assert bottlenecks([police.pk], NOVEMBER)["step"] == []  # the dossier is the ward's
    assert bottlenecks([two_steps.agency_id], Period.month(2026, 10))["step"] == []


def test_event_log_csv_and_xes_read_back_by_pm4py(two_steps, police, tmp_path):
    text = "".join(eventlog.xes([two_steps.agency_id], NOVEMBER))
    path = tmp_path / "log.xes"
    path.write_text(text, encoding="utf-8")
    log = pm4py.read_xes(str(path))
    assert set(log["case:concept:name"]) == {two_steps.code}
    assert set(log["concept:name"]) == {"Thẩm định hồ sơ", "Xác minh nhân thân"}
    assert sorted(log["lifecycle:transition"]) == ["complete", "complete", "start", "start"]
    completes = log[log["lifecycle:transition"] == "complete"]
    dfg, starts, ends = pm4py.discover_dfg(completes)
    assert dfg == {("Thẩm định hồ sơ", "Xác minh nhân thân"): 1}
    assert set(starts) == {"Thẩm định hồ sơ"} and set(ends) == {"Xác minh nhân thân"}
    tree = pm4py.discover_process_tree_inductive(completes)
    assert {leaf.label for leaf in tree._get_leaves()} - {None} == {"Thẩm định hồ sơ", "Xác minh nhân thân"}

    frame = pd.read_csv(io.StringIO("".join(eventlog.csv_rows([two_steps.agency_id], NOVEMBER))))
    assert list(frame.columns) == eventlog.CSV_HEADER
    assert list(frame["activity"]) == [
        "Thẩm định hồ sơ",
        "Thẩm định hồ sơ",
        "Xác minh nhân thân",
        "Xác minh nhân thân",
    ]
    assert list(frame["agency"])[-1] == police.code
