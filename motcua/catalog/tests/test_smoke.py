import pytest

from motcua.catalog import loader, selectors


@pytest.mark.django_db
def test_load_and_search():
    report = loader.load_catalogue()
    print(report)
    assert len(report.created) == 98
    again = loader.load_catalogue()
    assert len(again.unchanged) == 98
    hits = list(selectors.search_procedures(query="dang ky khai sinh")[:5])
    print([(h.procedure.code, h.name, h.rank) for h in hits])
    assert hits[0].name.endswith("khai sinh")
