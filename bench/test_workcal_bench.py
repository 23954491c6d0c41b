"""The benchmark runs and reports every figure (throughput itself is checked by `make bench`)."""

from bench.workcal_bench import main


def test_benchmark_reports_due_and_elapsed(capsys):
    main(["--n", "500"])
    out = capsys.readouterr().out
    for label in (
        "due working_day",
        "due (mix of units)",
        "elapsed ",
        "elapsed with one pause",
        "target 200,000/s",
    ):
        assert label in out
