"""Keeping the statistics' rollups exact, and reading `Counts` from them (see `rollup_models`).

- `refresh(dossier_ids)`: each dossier's current facts against the facts it last contributed
  (`RollupEntry`); the difference goes into the day rows. Idempotent, so it is safe to call twice,
  late, or out of order: it never reads events, only the dossier's state now.
- Every save of a dossier (reports subscribes to `post_save` in its AppConfig: the dossiers app
  knows nothing of reports) marks the dossier pending and, right after the commit, queues its
  refresh for a worker (Celery; in the request itself where Celery is eager);
  `dossier_counts` refreshes whatever is still pending in this process before reading; the Celery
  task `reports.catch_up_rollups` refreshes every dossier with an event in the last two days (a
  commit lost between the dossier's and the rollups' write, a worker killed in between).
- `rebuild()` (`manage.py rebuild_rollups`) recomputes everything from the dossiers: after a bulk
  load (the generator's COPY path saves no model) or to repair.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from celery import shared_task
from django.db import connection, transaction
from django.db.models import Case, CharField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncDate

from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State

from .periods import REPORTING_ZONE, Period
from .rollup_models import FLOW_COLUMNS, AgencyDailyRollup, DailyRollup, RollupEntry

log = logging.getLogger(__name__)

#: The `by` keys the rollups answer, and the table and column each reads.
ROLLUP_BY = {
    None: (AgencyDailyRollup, None),
    "unit": (AgencyDailyRollup, "agency_id"),
    "channel": (AgencyDailyRollup, "channel"),
    "procedure": (DailyRollup, "procedure_id"),
    "sector": (DailyRollup, "sector_id"),
}


class Facts(NamedTuple):
    agency_id: int
    procedure_id: int
    sector_id: int
    channel: int
    received_day: dt.date | None
    finished_day: dt.date | None
    due_day: dt.date | None
    kind: str

    def contributions(self) -> Iterator[tuple[dt.date, str, int]]:
        """(day, column, +1/−1) of this dossier (the module docstring of `rollup_models`)."""
        received, finished, due = self.received_day, self.finished_day, self.due_day
        if self.kind and finished is not None:
            yield finished, self.kind, 1
        if received is None:
            return
        yield received, "received", 1
        yield received, "open_delta", 1
        if finished is not None:
            yield max(received, finished), "open_delta", -1
        if due is not None:
            yield received, "due_open_delta", 1
            yield max(received, due), "overdue_delta", 1
            if finished is not None:
                yield max(received, finished), "due_open_delta", -1
                yield max(received, due, finished), "overdue_delta", -1


def _closing_kind() -> Case:
    """The closing kind in SQL, with the very conditions (and NULL rules) of `counts._definitions`."""
    ended = Q(finished_at__isnull=False)
    resolved = ended & Q(state__in=(State.RESOLVED, State.RETURNED))  # counts.RESOLVED
    late = Q(finished_at__gt=F("due_at")) | Q(supplement_requests__gt=1)
    early = Q(finished_day__lt=F("due_day")) & ~late
    return Case(
        When(resolved & early, then=Value("resolved_early")),
        When(resolved & ~early & ~late, then=Value("resolved_on_time")),
        When(resolved & late, then=Value("resolved_late")),
        When(ended & Q(state=State.WITHDRAWN), then=Value("withdrawn")),
        When(ended & Q(state=State.REFUSED), then=Value("refused")),
        When(ended & Q(state=State.STOPPED), then=Value("stopped")),
        default=Value(""),
        output_field=CharField(),
    )


def _facts(dossiers) -> Iterator[tuple[int, Facts]]:
    rows = dossiers.annotate(
        received_day=TruncDate("received_at", tzinfo=REPORTING_ZONE),
        finished_day=TruncDate("finished_at", tzinfo=REPORTING_ZONE),
        due_day=TruncDate("due_at", tzinfo=REPORTING_ZONE),
    ).annotate(kind=_closing_kind())
    for pk, *facts in rows.values_list(
        "pk",
        "agency_id",
        "procedure_version__procedure_id",
        "procedure_version__sector_id",
        "channel",
        "received_day",
        "finished_day",
        "due_day",
        "kind",
    ).iterator(chunk_size=20_000):
        yield pk, Facts(*facts)


def _entry_facts(entry: RollupEntry) -> Facts:
    return Facts(*(getattr(entry, name) for name in Facts._fields))


class _Deltas:
    """Column deltas per table row, summed before they are written."""

    def __init__(self) -> None:
        self.rows: dict[type, dict[tuple, dict[str, int]]] = {
            DailyRollup: defaultdict(lambda: defaultdict(int)),
            AgencyDailyRollup: defaultdict(lambda: defaultdict(int)),
        }

    def add(self, facts: Facts, sign: int) -> None:
        fine = self.rows[DailyRollup]
        coarse = self.rows[AgencyDailyRollup]
        for day, column, delta in facts.contributions():
            fine[(facts.agency_id, facts.procedure_id, facts.sector_id, facts.channel, day)][column] += (
                sign * delta
            )
            coarse[(facts.agency_id, facts.channel, day)][column] += sign * delta

    def apply(self) -> None:
        """Create missing rows (zeros), then add each row's deltas in place (concurrent refreshes of
        different dossiers add to the same row safely: `col = col + n` under the row's lock)."""
        for model, rows in self.rows.items():
            changed = {key: cols for key, cols in rows.items() if any(cols.values())}
            if not changed:
                continue
            names = [name.removesuffix("_id") for name in model.KEY]
            model.objects.bulk_create(
                [model(**dict(zip(model.KEY, key, strict=True))) for key in sorted(changed)],
                ignore_conflicts=True,
            )
            for key, cols in sorted(changed.items()):
                model.objects.filter(**dict(zip(names, key, strict=True))).update(
                    **{name: F(name) + delta for name, delta in cols.items() if delta}
                )


def refresh(dossier_ids: Iterable[int]) -> int:
    """Bring the rollups of these dossiers up to date; the number whose facts changed."""
    ids = sorted(set(dossier_ids))
    changed = 0
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        with transaction.atomic():
            # The entries are read and written under the dossiers' row locks (in id order): two
            # refreshes of one dossier never both take out its old contribution.
            list(Dossier.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values_list("pk"))
            new = dict(_facts(Dossier.objects.filter(pk__in=chunk)))
            entries = {e.dossier_id: e for e in RollupEntry.objects.filter(dossier_id__in=chunk)}
            deltas = _Deltas()
            writes, gone = [], []
            for pk in chunk:
                old = _entry_facts(entries[pk]) if pk in entries else None
                facts = new.get(pk)
                if old == facts:
                    continue
                changed += 1
                if old is not None:
                    deltas.add(old, -1)
                if facts is None:
                    gone.append(pk)
                else:
                    deltas.add(facts, +1)
                    writes.append(RollupEntry(dossier_id=pk, **facts._asdict()))
            deltas.apply()
            if gone:
                RollupEntry.objects.filter(dossier_id__in=gone).delete()
            if writes:
                RollupEntry.objects.bulk_create(
                    writes,
                    update_conflicts=True,
                    unique_fields=["dossier_id"],
                    update_fields=list(Facts._fields),
                )
    return changed


def rebuild(batch: int = 20_000) -> int:
    """Recompute every rollup from the dossiers, in one transaction; the number of dossiers."""
    with transaction.atomic():
        for model in (DailyRollup, AgencyDailyRollup, RollupEntry):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # deferred foreign-key checks of rows written earlier in this transaction block a TRUNCATE
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute(f"TRUNCATE {model._meta.db_table}")
            else:
                model.objects.all().delete()
        deltas = _Deltas()
        entries: list[RollupEntry] = []
        count = 0
        for pk, facts in _facts(Dossier.objects.order_by()):
            count += 1
            deltas.add(facts, +1)
            entries.append(RollupEntry(dossier_id=pk, **facts._asdict()))
            if len(entries) >= batch:
                RollupEntry.objects.bulk_create(entries)
                entries = []
        RollupEntry.objects.bulk_create(entries)
        for model, rows in deltas.rows.items():
            objects = []
            for key, cols in rows.items():
                if any(cols.values()):
                    objects.append(model(**dict(zip(model.KEY, key, strict=True)), **cols))
            model.objects.bulk_create(objects, batch_size=batch)
    _pending.clear()
    return count


# ----------------------------------------------------------------------------------------------
# What is still to refresh in this process (the post_save hook's list)

_pending: set[int] = set()
_lock = threading.Lock()


def dossier_saved(sender, instance, using=None, **kwargs) -> None:
    """post_save of a dossier: refresh it after the commit (or at the next read, whichever first).

    Once per dossier per transaction: a use case that saves its dossier twice schedules one refresh
    (the refresh reads the dossier as it is at the commit). The check looks only at this
    connection's own pending callbacks, so a concurrent transaction's change is never skipped; and a
    callback dropped by a rolled-back savepoint takes with it only the saves inside that savepoint.
    """
    pk = instance.pk
    with _lock:
        _pending.add(pk)
    connection_ = transaction.get_connection(using)
    if connection_.in_atomic_block and any(
        getattr(callback, "rollup_dossier", None) == pk
        for _sids, callback, _robust in connection_.run_on_commit
    ):
        return
    callback = functools.partial(_refresh_committed, pk)
    callback.rollup_dossier = pk  # type: ignore[attr-defined]
    transaction.on_commit(callback, using=using)


def _refresh_committed(pk: int) -> None:
    """After the commit: hand the refresh to a worker (one broker message instead of four queries in
    the officer's request); eager Celery (the embedded default, the tests) runs it here. A broker
    that is down means the refresh runs here, as before."""
    try:
        refresh_dossier_rollups.delay(pk)
    except Exception:
        log.warning("could not queue the rollup refresh of dossier %s; refreshing in the request", pk)
        _refresh_now(pk)
    # Whether it ran here or is queued, this process's next read need not do it again; the worker
    # (or, if it is lost, the catch-up task) does.
    with _lock:
        _pending.discard(pk)


def _refresh_now(pk: int) -> None:
    try:
        refresh([pk])
    except Exception:  # the catch-up task repairs it; the citizen's action has committed
        log.exception("rollup refresh of dossier %s failed", pk)


@shared_task(name="reports.refresh_dossier_rollups", ignore_result=True)
def refresh_dossier_rollups(dossier_id: int) -> None:
    _refresh_now(dossier_id)


def flush_pending() -> None:
    with _lock:
        ids = list(_pending)
        _pending.clear()
    if ids:
        refresh(ids)


def catch_up(since: dt.datetime) -> int:
    """Refresh every dossier with an event at or after `since` (idempotent: run it as often as wanted)."""
    from motcua.dossiers.models import DossierEvent

    ids = DossierEvent.objects.filter(at__gte=since).values_list("dossier_id", flat=True).distinct()
    return refresh(ids)


# ----------------------------------------------------------------------------------------------
# Reading


def rollup_counts(agency_ids: Iterable[int], period: Period, by: str | None = None) -> dict[object, dict]:
    """{row key: {Counts field: value}} for `by` in ROLLUP_BY, from the day rows before the period's
    end (`counts.dossier_counts` makes them Counts)."""
    flush_pending()
    model, key = ROLLUP_BY[by]
    start = period.start
    sums = {name: Coalesce(Sum(name, filter=Q(day__gte=start)), 0) for name in FLOW_COLUMNS}
    sums["carried_over"] = Coalesce(Sum("open_delta", filter=Q(day__lt=start)), 0)
    sums["due_open"] = Coalesce(Sum("due_open_delta"), 0)
    sums["open_overdue"] = Coalesce(Sum("overdue_delta"), 0)
    rows = model.objects.filter(agency_id__in=list(agency_ids), day__lte=period.end)
    if key is None:
        found = [{None: None, **rows.aggregate(**sums)}]
    else:
        found = list(rows.values(key).annotate(**sums).order_by(key))
    result = {}
    for row in found:
        figures = {name: row[name] for name in (*FLOW_COLUMNS, "carried_over", "open_overdue")}
        figures["open_within"] = row["due_open"] - row["open_overdue"]
        result[row[key]] = figures
    return result
