import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from motcua.catalog import loader, process
from motcua.catalog.models import Procedure, ProcedureVersion, ProcessDefinition, ProcessOrigin, VersionState

from .factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_loads_the_real_file_on_an_empty_org_tree_and_is_idempotent():
    report = loader.load_catalogue()
    assert len(report.created) == 98
    assert {"STP", "CATP", "STC", "BHXH", "SXD", "SNNMT"} <= report.missing_agencies
    again = loader.load_catalogue()
    assert again.created == [] and len(again.unchanged) == 98
    assert Procedure.objects.count() == 98
    assert ProcedureVersion.objects.count() == 98
    birth = ProcedureVersion.objects.get(procedure__code="1.001193")
    assert birth.state == VersionState.PUBLISHED
    assert birth.confidence == "medium" and birth.flags
    assert birth.source_url.startswith("https://dichvucong.gov.vn/")
    assert birth.requirements.count() == 11 and birth.cases.count() == 3  # the hand-checked components
    assert birth.time_amount == 1 and birth.time_unit == "working_day"
    assert "15 giờ" in birth.time_text
    assert set(birth.channels) == {"desk", "post", "online"}
    assert birth.applicant_types == ["0"]


def test_assigns_agencies_and_generates_marked_processes(org_tree):
    loader.load_catalogue()
    birth = ProcedureVersion.objects.get(procedure__code="1.001193", state=VersionState.PUBLISHED)
    assert set(birth.implementing_agencies.all()) == set(org_tree["communes"])
    processes = list(birth.processes.all())
    assert len(processes) == 2
    assert all(p.origin == ProcessOrigin.GENERATED and "KHÔNG phải quy trình" in p.note for p in processes)
    steps = processes[0].steps.all()
    assert len(steps) == 5
    process.check_budget(
        [process.Budget(s.amount, s.unit) for s in steps], birth.time_amount, birth.time_unit
    )
    # a police procedure at province level goes to the city police
    lltp = ProcedureVersion.objects.get(
        procedure__code__in=_codes(sector="Lý lịch tư pháp"), state="published"
    )
    assert list(lltp.implementing_agencies.all()) == [org_tree["catp"]]
    # procedures with no time limit get no generated process (2.002516: none in the scrape, none checked)
    unknown = ProcedureVersion.objects.get(procedure__code="2.002516", state="published")
    assert unknown.time_amount is None and not unknown.time_unit and not unknown.processes.exists()
    # the certified copy's limit is the law's, checked by hand (data/components_checked.json): same day
    copy = ProcedureVersion.objects.get(procedure__code="2.000815", state="published")
    assert copy.time_unit == "same_day" and copy.processes.exists()
    count = ProcessDefinition.objects.count()
    again = loader.load_catalogue()
    assert again.processes_generated == 0 and ProcessDefinition.objects.count() == count


def test_loading_again_after_the_org_tree_arrives_assigns_agencies():
    loader.load_catalogue()
    AgencyFactory(code="000.01.01.H26", level="commune")
    AgencyFactory(code="000.02.01.H26", level="commune")
    report = loader.load_catalogue()
    assert len(report.created) == 81  # every procedure with the commune level
    birth = ProcedureVersion.objects.get(procedure__code="1.001193", state=VersionState.PUBLISHED)
    assert birth.number == 2 and birth.implementing_agencies.count() == 2
    assert ProcedureVersion.objects.get(procedure__code="1.001193", number=1).state == VersionState.AMENDED


def test_same_day_procedure_gets_hour_budgets(org_tree):
    loader.load_catalogue()
    version = ProcedureVersion.objects.get(procedure__code="2.000635", state="published")
    assert version.time_unit == "same_day"
    steps = version.processes.first().steps.all()
    assert {s.unit for s in steps} == {"working_hour"}
    assert sum(s.amount for s in steps) == Decimal(8)


def test_command(capsys, tmp_path):
    path = tmp_path / "two.json"
    path.write_text(json.dumps(json.loads(loader.default_path().read_text())[:2]), encoding="utf-8")
    call_command("load_catalogue", "--path", str(path))
    assert "2 thủ tục" in capsys.readouterr().out
    assert Procedure.objects.count() == 2


def _codes(sector):
    return [
        item["code"] for item in json.loads(loader.default_path().read_text()) if item["sector"] == sector
    ]
