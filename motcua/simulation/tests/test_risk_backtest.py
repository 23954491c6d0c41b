"""The at-risk back-test (reports.backtest) on a small generated history: the machinery computes
sane figures (the full history's figures are in bench/README.md, not asserted here)."""

from datetime import timedelta

from motcua.reports.backtest import backtest
from motcua.simulation.bulk import write_bulk
from motcua.simulation.history import Plan, stream
from motcua.simulation.world import load_world

from .conftest import UNTIL

PLAN = Plan(count=400, seed=5, days=40, until=UNTIL)


def test_backtest_on_a_generated_history(province):
    write_bulk(stream(load_world(), PLAN), batch=200)
    result = backtest(split=UNTIL - timedelta(days=20), until=UNTIL, thresholds=(0.5,), samples=100)
    assert result.training_steps > 50  # the first half's completed steps
    assert result.judged > 20
    assert 0 < result.missed < result.judged
    # the naive rule flags every dossier due within one working day: recall 1, precision = the base rate
    assert result.naive.recall == 1.0
    assert abs(result.naive.precision - result.missed / result.judged) < 1e-9
    model = result.model[0.5]
    assert model.tp + model.fp + model.fn + model.tn == result.judged
    assert model.tp + model.fn == result.missed
    for value in (model.precision, model.recall):
        assert value is None or 0.0 <= value <= 1.0
