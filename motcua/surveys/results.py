"""A campaign's results per agency and criterion, from two sources kept apart:

- **survey**: the campaign's responses (scale 1–5);
- **ratings**: the portal's and the counter's per-dossier ratings (`dossiers.DossierRating`, scale
  1–3) of the same agencies' dossiers returned in the campaign's period, read through
  `criteria.RATING_FIELDS`.

Confidence intervals (95 %, `stats`) are computed on independent units, the respondent (or the
rated dossier): a respondent's score on a criterion is the mean of their answers to that
criterion's scale questions; they are "satisfied" on it when that score is at least 4 (3 on the
ratings' scale). The mean has Student's t interval, the share satisfied Wilson's.

The satisfaction index is computed SIPAS's way (see docs/surveys.md for the source): for each
criterion, the share of answers "hài lòng" or "rất hài lòng" (4 or 5) among all the answers to
that criterion's scale questions, in per cent; the index is the mean of the criteria's shares
(criteria with no answer are left out, and said so). Rounded to 2 decimals, as the national index."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from motcua.dossiers.models import DossierRating
from motcua.org.models import Agency

from .criteria import (
    RATING_FIELDS,
    RATING_SATISFIED_FROM,
    RATING_SCALE_MAX,
    SATISFIED_FROM,
    SCALE_MAX,
    Criterion,
)
from .models import Answer, Campaign, Invitation, Response
from .selectors import period_bounds
from .stats import Interval, mean_interval, wilson_interval

SURVEY, RATINGS = "survey", "ratings"
ALL_AGENCIES = 0  # the campaign's agencies together


@dataclass(frozen=True)
class CriterionResult:
    agency_id: int
    criterion: str
    source: str
    scale_max: int
    n: int
    mean: Interval
    satisfied: int
    share: Interval


@dataclass
class AgencyIndex:
    agency_id: int
    name: str
    invited: int = 0
    responded: int = 0
    components: dict[str, float | None] = field(default_factory=dict)
    index: float | None = None

    @property
    def response_rate(self) -> float | None:
        return self.responded / self.invited if self.invited else None


@dataclass
class CampaignResults:
    campaign: Campaign
    agencies: list[AgencyIndex]
    rows: list[CriterionResult]

    def rows_for(self, agency_id: int, source: str) -> list[CriterionResult]:
        return [r for r in self.rows if r.agency_id == agency_id and r.source == source]


def _criterion_rows(
    agency_id: int, source: str, per_unit: dict[str, list[float]], satisfied_from: int, scale_max: int
) -> list[CriterionResult]:
    rows = []
    for criterion in Criterion.values:
        values = per_unit.get(criterion, [])
        if source == RATINGS and criterion not in RATING_FIELDS:
            continue
        happy = sum(1 for v in values if v >= satisfied_from)
        rows.append(
            CriterionResult(
                agency_id=agency_id,
                criterion=criterion,
                source=source,
                scale_max=scale_max,
                n=len(values),
                mean=mean_interval(values),
                satisfied=happy,
                share=wilson_interval(happy, len(values)),
            )
        )
    return rows


def sipas_components(
    scores_by_criterion: dict[str, list[int]],
) -> tuple[dict[str, float | None], float | None]:
    """Per criterion, the share (%) of answers 4 or 5; the index, the mean of the shares known."""
    components: dict[str, float | None] = {}
    for criterion in Criterion.values:
        scores = scores_by_criterion.get(criterion, [])
        components[criterion] = (
            round(100 * sum(1 for s in scores if s >= SATISFIED_FROM) / len(scores), 2) if scores else None
        )
    known = [v for v in components.values() if v is not None]
    return components, (round(sum(known) / len(known), 2) if known else None)


def campaign_results(campaign: Campaign) -> CampaignResults:
    agencies = list(Agency.objects.filter(pk__in=campaign.agencies.values("pk")).order_by("name"))
    invited = dict(
        Invitation.objects.filter(campaign=campaign)
        .values("agency_id")
        .annotate(n=Count("pk"))
        .values_list("agency_id", "n")
    )
    responded = dict(
        Response.objects.filter(campaign=campaign)
        .values("agency_id")
        .annotate(n=Count("pk"))
        .values_list("agency_id", "n")
    )
    # Every scale answer: (respondent, agency, criterion, score).
    answers = Answer.objects.filter(response__campaign=campaign, score__isnull=False).values_list(
        "response_id", "response__agency_id", "question__criterion", "score"
    )
    raw: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    by_respondent: dict[tuple[int, int, str], list[int]] = defaultdict(list)
    for response_id, agency_id, criterion, score in answers:
        for key in (agency_id, ALL_AGENCIES):
            raw[key][criterion].append(score)
        by_respondent[(response_id, agency_id, criterion)].append(score)
    units: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for (_response, agency_id, criterion), scores in by_respondent.items():
        for key in (agency_id, ALL_AGENCIES):
            units[key][criterion].append(sum(scores) / len(scores))
    rated = _rating_units(campaign, [a.pk for a in agencies])

    summaries, rows = [], []
    everyone = AgencyIndex(ALL_AGENCIES, "", sum(invited.values()), sum(responded.values()))
    for agency in [*agencies, None]:
        summary = (
            everyone
            if agency is None
            else AgencyIndex(agency.pk, agency.name, invited.get(agency.pk, 0), responded.get(agency.pk, 0))
        )
        summary.components, summary.index = sipas_components(raw.get(summary.agency_id, {}))
        summaries.append(summary)
        rows += _criterion_rows(
            summary.agency_id, SURVEY, units.get(summary.agency_id, {}), SATISFIED_FROM, SCALE_MAX
        )
        rows += _criterion_rows(
            summary.agency_id,
            RATINGS,
            rated.get(summary.agency_id, {}),
            RATING_SATISFIED_FROM,
            RATING_SCALE_MAX,
        )
    return CampaignResults(campaign=campaign, agencies=summaries, rows=rows)


def _rating_units(campaign: Campaign, agency_ids: list[int]) -> dict[int, dict[str, list[float]]]:
    """Per agency and criterion, one value per rated dossier returned in the campaign's period."""
    start, end = period_bounds(campaign)
    fields = sorted({name for names in RATING_FIELDS.values() for name in names})
    ratings = DossierRating.objects.filter(
        agency_id__in=agency_ids, dossier__returned_at__gte=start, dossier__returned_at__lt=end
    ).values("agency_id", *fields)
    units: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for rating in ratings:
        for criterion, names in RATING_FIELDS.items():
            value = sum(rating[n] for n in names) / len(names)
            for key in (rating["agency_id"], ALL_AGENCIES):
                units[key][criterion].append(value)
    return units
