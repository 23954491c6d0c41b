"""The query-budget helper: over the baseline fails, within passes, an unknown name asks for a rewrite."""

import json

import pytest
from django.contrib.auth import get_user_model

from motcua.core import testing
from motcua.core.testing import query_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget_file(tmp_path, monkeypatch):
    path = tmp_path / "query_counts.json"
    path.write_text(json.dumps({"two": 2}), encoding="utf-8")
    monkeypatch.setattr(testing, "BASELINE", path)
    monkeypatch.delenv("MOTCUA_QUERY_COUNTS", raising=False)
    return path


def two_queries():
    users = get_user_model().objects
    users.count()
    users.filter(username="x").exists()


def test_within_the_budget_passes(budget_file):
    with query_budget("two") as captured:
        two_queries()
    assert len(captured.captured_queries) == 2


def test_over_the_budget_fails_and_lists_the_queries(budget_file):
    with pytest.raises(AssertionError, match="3 queries, the baseline allows 2"), query_budget("two"):
        two_queries()
        get_user_model().objects.count()


def test_an_unknown_name_asks_for_a_rewrite(budget_file):
    with pytest.raises(AssertionError, match="MOTCUA_QUERY_COUNTS=rewrite"), query_budget("nouveau"):
        two_queries()


def test_rewrite_records_the_largest_count_met(budget_file, monkeypatch):
    monkeypatch.setenv("MOTCUA_QUERY_COUNTS", "rewrite")
    monkeypatch.setattr(testing, "_met_in_this_run", {})
    with query_budget("two"):
        get_user_model().objects.count()
    with query_budget("new"):
        two_queries()
    assert json.loads(budget_file.read_text(encoding="utf-8")) == {"new": 2, "two": 1}
