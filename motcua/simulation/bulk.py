"""The fast writer: the simulated rows of each batch of stories written in one transaction.

On PostgreSQL the rows go through COPY (psycopg's `cursor.copy()`), elsewhere through
`bulk_create`. Ids are allocated up front (from the tables' sequences on PostgreSQL: safe next to
live traffic; max(id)+1 elsewhere), because events name step ids in their data.

Dossier codes are assigned here, at write time, from the `DossierCodeCounter` rows of the batch's
(agency, day) pairs, locked for the transaction (`select_for_update`), then written back: codes keep
the daily per-agency sequence in submission order, and later intakes continue it.

Intentionally not written (the services path, inside `effects.suspended()`, writes none either): no
DossierDocument (no PDF forms, no result files), no OutboxMessage, no files for the papers. Unlike
the services, it writes no ApplicantEvent for the simulated persons it creates.
"""

from __future__ import annotations

import itertools
import json
import operator
import queue
import threading
from collections.abc import Callable, Iterable

from django.db import connection, models, transaction

from motcua.dossiers.applicants import details_of
from motcua.dossiers.codes import code_format_on
from motcua.dossiers.models import (
    Applicant,
    Dossier,
    DossierCodeCounter,
    DossierEvent,
    DossierPaper,
    DossierPause,
    DossierStep,
)
from motcua.dossiers.states import Action

from .history import PaperRef, StepRef, Story

REF_KEYS = ("step", "steps", "next", "done", "handover", "closed_steps")


class Table:
    """Rows of one model: column order from the model, values by attname (defaults otherwise)."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.columns = [f.column for f in self.fields]
        self.attnames = [f.attname for f in self.fields]
        # Django's own default of each column: the declared one, "" for a text column without one
        # (a field added later, such as a step's sector system, needs no change here), else None.
        self.defaults = {f.attname: None if f.null else f.get_default() for f in self.fields}
        self._row = operator.itemgetter(*self.attnames)
        self.rows: list[tuple] = []
        self._next = None
        self._sequence = None

    def add(self, values: dict) -> None:
        self.rows.append(self._row({**self.defaults, **values}))

    # ---- ids -----------------------------------------------------------------------------

    def ids(self, n: int) -> list[int]:
        if n == 0:
            return []
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if self._sequence is None:
                    cursor.execute(
                        "SELECT pg_get_serial_sequence(%s, 'id')",
                        [connection.ops.quote_name(self.model._meta.db_table)],
                    )
                    self._sequence = cursor.fetchone()[0]
                cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [self._sequence, n])
                return [row[0] for row in cursor.fetchall()]
        if self._next is None:
            top = self.model.objects.aggregate(m=models.Max("id"))["m"]
            self._next = (top or 0) + 1
        first, self._next = self._next, self._next + n
        return list(range(first, first + n))

    # ---- writing -------------------------------------------------------------------------

    def flush(self) -> int:
        rows, self.rows = self.rows, []
        if not rows:
            return 0
        if connection.vendor == "postgresql":
            quoted = ", ".join(connection.ops.quote_name(c) for c in self.columns)
            json_columns = [i for i, f in enumerate(self.fields) if isinstance(f, models.JSONField)]
            with connection.cursor() as cursor:
                sql = f"COPY {connection.ops.quote_name(self.model._meta.db_table)} ({quoted}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in rows:
                        if json_columns:
                            row = list(row)
                            for i in json_columns:
                                row[i] = json.dumps(row[i], ensure_ascii=False)
                        copy.write_row(row)
        else:
            self.model.objects.bulk_create(
                [self.model(**dict(zip(self.attnames, row, strict=True))) for row in rows], batch_size=500
            )
        return len(rows)


def _resolve(data: dict, ids: list[int], paper_ids: list[int]) -> dict:
    out = dict(data)
    for key in REF_KEYS:
        value = out.get(key)
        if isinstance(value, StepRef):
            out[key] = ids[value.idx]
        elif isinstance(value, list):
            out[key] = [ids[v.idx] if isinstance(v, StepRef) else v for v in value]
    papers = out.get("papers")
    if isinstance(papers, list):  # a supplement's papers: {"id": PaperRef, "name", ...}
        out["papers"] = [
            {**p, "id": paper_ids[p["id"].idx]} if isinstance(p.get("id"), PaperRef) else p for p in papers
        ]
    return out


class BulkWriter:
    def __init__(self):
        self.dossiers = Table(Dossier)
        self.papers = Table(DossierPaper)
        self.pauses = Table(DossierPause)
        self.steps = Table(DossierStep)
        self.events = Table(DossierEvent)
        # In the order of their foreign keys (applicants are inserted first, with their own statement).
        self.written = {"applicants": 0, "dossiers": 0, "papers": 0, "pauses": 0, "steps": 0, "events": 0}
        self.tables = ("dossiers", "papers", "pauses", "steps", "events")

    # ---- applicants: the services' update_or_create by personal ID number or tax code ------

    def _applicant_ids(self, stories: list[Story]) -> dict[tuple[str, str], int]:
        by_id = {s.person.id_number for s in stories if s.person.id_number}
        by_tax = {s.person.tax_code for s in stories if not s.person.id_number}
        known: dict[tuple[str, str], int] = {}
        if by_id:
            for number, pk in Applicant.objects.filter(id_number__in=by_id).values_list("id_number", "pk"):
                known.setdefault(("id_number", number), pk)
        if by_tax:
            for number, pk in Applicant.objects.filter(tax_code__in=by_tax).values_list("tax_code", "pk"):
                known.setdefault(("tax_code", number), pk)
        new = {}
        for s in stories:
            key = s.person.key
            if key not in known and key not in new:
                new[key] = s.person
        if new:
            # Parallel writers (--jobs) may meet the same person: ON CONFLICT DO NOTHING, in key
            # order (no deadlock between two batches), then read the ids back.
            rows = [
                Applicant(
                    kind=p.kind,
                    full_name=p.full_name,
                    id_number=p.id_number,
                    date_of_birth=p.date_of_birth,
                    organisation=p.organisation,
                    tax_code=p.tax_code,
                    address=p.address,
                    phone=p.phone,
                    email=p.email,
                )
                for _key, p in sorted(new.items())
            ]
            Applicant.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
            self.written["applicants"] += len(rows)
            numbers = [v for k, v in new if k == "id_number"]
            taxes = [v for k, v in new if k == "tax_code"]
            if numbers:
                for number, pk in Applicant.objects.filter(id_number__in=numbers).values_list(
                    "id_number", "pk"
                ):
                    known[("id_number", number)] = pk
            if taxes:
                for number, pk in Applicant.objects.filter(tax_code__in=taxes, id_number="").values_list(
                    "tax_code", "pk"
                ):
                    known[("tax_code", number)] = pk
        return known

    # ---- codes -----------------------------------------------------------------------------

    def _codes(self, stories: list[Story]) -> list[str]:
        pairs = {(s.agency.pk, s.day) for s in stories}
        locked = {
            (c.agency_id, c.day): c
            for c in DossierCodeCounter.objects.select_for_update().filter(
                agency_id__in={a for a, _ in pairs}, day__in={d for _, d in pairs}
            )
        }
        counters = {key: c.last for key, c in locked.items()}
        codes = []
        for s in stories:
            key = (s.agency.pk, s.day)
            counters[key] = counters.get(key, 0) + 1
            codes.append(code_format_on(s.day).format(agency=s.agency.code, date=s.day, seq=counters[key]))
        touched = [DossierCodeCounter(agency_id=a, day=d, last=counters[(a, d)]) for a, d in sorted(pairs)]
        DossierCodeCounter.objects.bulk_create(
            touched,
            update_conflicts=True,
            unique_fields=["agency", "day"],
            update_fields=["last"],
            batch_size=1000,
        )
        return codes

    # ---- one batch ------------------------------------------------------------------------

    def write(self, stories: list[Story]) -> None:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # A crash loses at most the last batches, never corrupts: no need to wait for the WAL flush.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            applicant_ids = self._applicant_ids(stories)
            codes = self._codes(stories)
            dossier_ids = self.dossiers.ids(len(stories))
            step_ids = iter(self.steps.ids(sum(len(s.steps) for s in stories)))
            paper_ids = iter(self.papers.ids(sum(len(s.papers) + len(s.supplement_papers) for s in stories)))
            pause_ids = iter(self.pauses.ids(sum(len(s.pauses) for s in stories)))
            event_ids = iter(self.events.ids(sum(len(s.events) for s in stories)))
            for s, code, pk in zip(stories, codes, dossier_ids, strict=True):
                self._story(
                    s, code, pk, applicant_ids[s.person.key], step_ids, paper_ids, pause_ids, event_ids
                )
            for name in self.tables:
                self.written[name] += getattr(self, name).flush()

    def _story(self, s: Story, code, pk, applicant_id, step_ids, paper_ids, pause_ids, event_ids) -> None:
        self.dossiers.add(
            {
                "id": pk,
                "code": code,
                "procedure_version_id": s.version.pk,
                "agency_id": s.agency.pk,
                "applicant_id": applicant_id,
                "applicant_details": details_of(s.person),  # as the services keep them (issue 8)
                "channel": s.channel,
                "state": s.state,
                "state_before_pause": s.state_before_pause,
                "submitted_at": s.submitted_at,
                "received_at": s.received_at,
                "due_at": s.due_at,
                "original_due_at": s.original_due_at,
                "finished_at": s.finished_at,
                "returned_at": s.returned_at,
                "supplement_requests": s.supplement_requests,
                "postal_item_number": s.postal_item_number,
                "received_by_id": s.received_by,
                "idempotency_key": None,
                "return_channel": s.return_channel,
                "returned_to": s.returned_to,
            }
        )
        papers = [(None, *p) for p in s.papers] + list(s.supplement_papers)
        paper_pks = [next(paper_ids) for _ in papers]
        for paper_pk, (number, req, name, kind, count, source) in zip(paper_pks, papers, strict=True):
            self.papers.add(
                {
                    "id": paper_pk,
                    "dossier_id": pk,
                    "requirement_id": req,
                    "name": name,
                    "kind": kind,
                    "count": count,
                    "source": source,
                    "file": "",
                    "supplement_number": number,
                }
            )
        for kind, started, ended in s.pauses:
            self.pauses.add(
                {
                    "id": next(pause_ids),
                    "dossier_id": pk,
                    "kind": kind,
                    "started_at": started,
                    "ended_at": ended,
                }
            )
        ids = [next(step_ids) for _ in s.steps]
        for x in s.steps:
            self.steps.add(
                {
                    "id": ids[x.idx],
                    "dossier_id": pk,
                    "order": x.order,
                    "work": x.work,
                    "agency_id": x.agency.pk,
                    "unit_id": x.unit.pk if x.unit is not None else None,
                    "position": x.position,
                    "role": x.role,
                    "assignee_id": None,
                    "budget_amount": x.budget_amount,
                    "budget_unit": x.budget_unit,
                    "parallel_group": x.parallel_group,
                    "is_interagency": x.is_interagency,
                    "state": x.state,
                    "started_at": x.started_at,
                    "due_at": x.due_at,
                    "completed_at": x.completed_at,
                    "completed_by_id": x.completed_by,
                    "outcome": x.outcome,
                    "note": x.note,
                }
            )
        name = s.person.full_name
        for e in s.events:
            self.events.add(
                {
                    "id": next(event_ids),
                    "dossier_id": pk,
                    "at": e.at,
                    "actor_id": e.actor.user_id if e.actor is not None else None,
                    "actor_label": e.actor.label if e.actor is not None else name,
                    "action": str(e.action),
                    "from_state": e.from_state,
                    "to_state": e.to_state,
                    "reason": e.reason,
                    "data": _resolve(e.data, ids, paper_pks)
                    if ids or e.action == Action.SUPPLEMENT
                    else e.data,
                    "request_id": "",
                }
            )


def write_bulk(
    stories: Iterable[Story],
    *,
    batch: int = 5000,
    progress: Callable[[int], None] | None = None,
    background: bool | None = None,
) -> dict:
    """Write the stories in batches of `batch` dossiers; returns the row counts written.

    The stories of the next batch are simulated while a writer thread (with its own database
    connection) sends the previous batch: the database's work overlaps Python's. Batches are written
    in order, one at a time, so codes and ids come out the same as with a single thread.
    `background` (default: on PostgreSQL outside a transaction) switches the thread on.
    """
    writer = BulkWriter()
    if background is None:
        background = connection.vendor == "postgresql" and not connection.in_atomic_block
    if not background:
        iterator = iter(stories)
        while chunk := list(itertools.islice(iterator, batch)):
            writer.write(chunk)
            if progress is not None:
                progress(len(chunk))
        return writer.written
    batches: queue.Queue = queue.Queue(maxsize=2)
    failure: list[BaseException] = []

    def work():
        try:
            while (chunk := batches.get()) is not None:
                if not failure:
                    writer.write(chunk)
                    if progress is not None:
                        progress(len(chunk))
        except BaseException as error:  # handed to the main thread
            failure.append(error)
            while batches.get() is not None:  # drain so the producer never blocks
                pass
        finally:
            connection.close()

    thread = threading.Thread(target=work, name="generate_dossiers-writer", daemon=True)
    thread.start()
    iterator = iter(stories)
    try:
        while not failure and (chunk := list(itertools.islice(iterator, batch))):
            batches.put(chunk)
    finally:
        batches.put(None)
        thread.join()
    if failure:
        raise failure[0]
    return writer.written


def analyze() -> None:
    """Fresh planner statistics after a big load (autovacuum would get there, later)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (
            Applicant,
            Dossier,
            DossierPaper,
            DossierPause,
            DossierStep,
            DossierEvent,
            DossierCodeCounter,
        ):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
