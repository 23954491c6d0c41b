"""The national service index (Decision 766/QĐ-TTg), computed by MotCua from its own records.

- `methodology`: the groups and indicators as data with an effective date (`data/methodology.json`,
  loaded by migration 0004 and by `manage.py load_index766`), the commune-level rescaling;
- `compute`: every indicator per agency subtree and period (numerator, denominator, ratio, score,
  maximum; N/A without a denominator or a source), the ranking and the "how to gain points" list;
- `total_for(agency_ids, period)`: the total score, for the dashboards.

The dossier facts are the national sync record's (`dossiers.sync.with_sync_flags`): one rule per fact."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from motcua.reports.periods import Period


def total_for(agency_ids, period: Period) -> Decimal | None:
    """The index's total (0–100, 2 decimals) of the agencies `agency_ids` (a unit's subtree) for
    `period`; None when no indicator can be scored."""
    from .compute import evaluate_ids

    return evaluate_ids(list(agency_ids), period).total
