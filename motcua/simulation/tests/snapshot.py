"""Every row the generator writes, as normalised tuples: no surrogate ids (steps are named by their
position in the dossier, users by username, agencies by code), datetimes in event data compared as
instants, the parties of a parallel stage in a fixed order."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal

from motcua.dossiers.models import (
    Dossier,
    DossierCodeCounter,
    DossierEvent,
    DossierPaper,
    DossierPause,
    DossierStep,
)

STEP_KEYS = ("step", "steps", "next", "done", "handover", "closed_steps")
TIME_KEYS = ("due_at", "old_due", "new_due")
PARTY_KEYS = ("to",)


def _t(value):
    return value.astimezone(UTC) if value is not None else None


def _data(data: dict, step_index: dict[int, int], paper_index: dict[int, int]) -> tuple:
    out = {}
    for key, value in data.items():
        if key == "papers" and isinstance(value, list):  # a supplement's papers, named by position
            value = [{**p, "id": paper_index[p["id"]]} for p in value]
        elif key in STEP_KEYS:
            value = [step_index[v] for v in value] if isinstance(value, list) else step_index[value]
        elif key in TIME_KEYS and value:
            value = datetime.fromisoformat(value).astimezone(UTC)
        elif key in PARTY_KEYS and isinstance(value, str):
            value = "; ".join(sorted(value.split("; ")))
        out[key] = value
    return tuple(sorted((k, repr(v)) for k, v in out.items()))


def snapshot() -> dict[str, list]:
    dossiers = list(
        Dossier.objects.select_related("procedure_version__procedure", "agency", "applicant", "received_by")
    )
    code = {d.pk: d.code for d in dossiers}
    steps_by = defaultdict(list)
    for s in DossierStep.objects.select_related("agency", "unit", "completed_by").order_by("id"):
        steps_by[s.dossier_id].append(s)
    step_index = {s.pk: i for rows in steps_by.values() for i, s in enumerate(rows)}
    papers = list(DossierPaper.objects.order_by("id"))
    papers_by = defaultdict(list)
    for p in papers:
        papers_by[p.dossier_id].append(p.pk)
    paper_index = {pk: i for pks in papers_by.values() for i, pk in enumerate(pks)}
    result = {
        "dossiers": sorted(
            (
                d.code,
                d.procedure_version.procedure.code,
                d.agency.code,
                (
                    d.applicant.kind,
                    d.applicant.full_name,
                    d.applicant.id_number,
                    d.applicant.date_of_birth,
                    d.applicant.organisation,
                    d.applicant.tax_code,
                    d.applicant.address,
                    d.applicant.phone,
                    d.applicant.email,
                ),
                d.channel,
                d.state,
                d.state_before_pause,
                _t(d.submitted_at),
                _t(d.received_at),
                _t(d.due_at),
                _t(d.original_due_at),
                _t(d.finished_at),
                _t(d.returned_at),
                d.supplement_requests,
                d.postal_item_number,
                d.received_by.username if d.received_by else None,
                d.idempotency_key,
                d.return_channel,
                d.returned_to,
                tuple(sorted(d.applicant_details.items())),  # as given (issue 8), the last column
            )
            for d in dossiers
        ),
        "papers": sorted(
            (
                code[p.dossier_id],
                paper_index[p.pk],  # intake papers first, then each supplement's, as written
                p.requirement_id,
                p.name,
                p.kind,
                p.count,
                p.source,
                str(p.file),
                p.supplement_number,
            )
            for p in papers
        ),
        "pauses": sorted(
            (code[p.dossier_id], p.kind, _t(p.started_at), _t(p.ended_at)) for p in DossierPause.objects.all()
        ),
        "steps": sorted(
            (
                code[s.dossier_id],
                i,
                s.order,
                s.work,
                s.agency.code,
                s.unit.code if s.unit else None,
                s.position,
                s.role,
                s.assignee_id,
                Decimal(s.budget_amount).normalize(),
                s.budget_unit,
                s.parallel_group,
                s.is_interagency,
                s.state,
                _t(s.started_at),
                _t(s.due_at),
                _t(s.completed_at),
                s.completed_by.username if s.completed_by else None,
                s.outcome,
                s.note,
            )
            for rows in steps_by.values()
            for i, s in enumerate(rows)
        ),
        "events": sorted(
            (
                code[e.dossier_id],
                _t(e.at),
                e.actor.username if e.actor else None,
                e.actor_label,
                e.action,
                e.from_state,
                e.to_state,
                e.reason,
                _data(e.data, step_index, paper_index),
                e.request_id,
            )
            for e in DossierEvent.objects.select_related("actor")
        ),
        "counters": sorted(
            (c.agency.code, c.day, c.last) for c in DossierCodeCounter.objects.select_related("agency")
        ),
    }
    return result
