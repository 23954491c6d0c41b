"""The only writers of the catalogue. Keyword-only arguments, one transaction each.

Versioning rules: a published version is never changed in place. Editing means a new draft
(`new_draft`), and publishing it (`publish_version`) closes the previous version's period the day
before the new one starts (and marks it `amended` once that day has passed). Which version is in
force on a day is computed by `selectors.version_in_force`.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.text import fold

from . import process as budget
from .models import (
    BoundaryFreeOpening,
    FeeItem,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    ProcessDefinition,
    ProcessOrigin,
    ProcessStep,
    Requirement,
    Sector,
    VersionState,
    validate_procedure_code,
)
from .pages import catalogue_changed

VERSION_FIELDS = [
    "name",
    "levels_text",
    "agency_text",
    "competent_authority",
    "issuing_ministry",
    "steps",
    "channels",
    "time_amount",
    "time_unit",
    "time_text",
    "applicant_types",
    "applicants_text",
    "result_name",
    "result_paper",
    "result_electronic",
    "legal_basis",
    "conditions",
    "requirement_notes",
    "publication_decision",
    "source_url",
    "source_ref",
    "retrieved_version",
    "confidence",
    "flags",
    "effective_from",
    "components_origin",
    "components_confidence",
    "eform_schema",
    "eform_layout",
]
REQUIREMENT_FIELDS = [
    "group",
    "name",
    "kind",
    "quantity",
    "quantity_text",
    "template",
    "template_url",
    "mandatory",
    "presentation",
    "alternative_group",
    "channels",
]
CASE_FIELDS = ["name", "is_default"]
DEFAULT_CASE_NAME = "Trường hợp thông thường"
FEE_FIELDS = ["name", "amount_vnd", "text", "description", "channels", "collected_at"]


DISTRICT_LEVEL_ENDS = datetime.date(2025, 6, 30)  # two-level local government from 01/07/2025


def check_levels(levels: list[str], effective_from: datetime.date | None) -> None:
    """The district level existed only until 30/6/2025: a version in force after that cannot use it."""
    if "district" in levels and (effective_from is None or effective_from > DISTRICT_LEVEL_ENDS):
        raise ValidationError(
            _(
                "Cấp huyện chỉ tồn tại đến ngày 30/6/2025: phiên bản có hiệu lực từ %(day)s không được có "
                "cấp thực hiện là cấp huyện."
            )
            % {"day": effective_from.strftime("%d/%m/%Y") if effective_from else _("(chưa ghi ngày)")},
            code="district_level_abolished",
        )


def _refuse_unless_draft(version: ProcedureVersion) -> None:
    if version.state != VersionState.DRAFT:
        raise ValidationError(
            _(
                "Phiên bản %(number)s của thủ tục %(code)s đang ở trạng thái “%(state)s”: không được sửa "
                "trực tiếp. Hãy tạo phiên bản nháp mới để sửa đổi."
            )
            % {
                "number": version.number,
                "code": version.procedure.code,
                "state": version.get_state_display(),
            },
            code="not_draft",
        )


def refresh_search(version: ProcedureVersion) -> None:
    """Recompute the folded search columns (name, code, sector, agencies, result, levels text)."""
    parts = [
        version.procedure.code,
        version.name,
        version.sector.name,
        version.agency_text,
        version.result_name,
    ]
    parts += [a.name for a in version.implementing_agencies.all()]
    parts += [a.short_name for a in version.implementing_agencies.all() if a.short_name]
    parts += [str(label) for label in version.level_labels()]
    ProcedureVersion.objects.filter(pk=version.pk).update(
        name_folded=fold(version.name), search_folded=fold(" | ".join(p for p in parts if p))
    )
    catalogue_changed()  # a bulk update sends no signal


def get_or_create_sector(*, name: str, ministry: str = "") -> Sector:
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Thiếu lĩnh vực."), code="no_sector")
    sector, created = Sector.objects.get_or_create(name=name, defaults={"ministry": ministry})
    if not created and ministry and not sector.ministry:
        sector.ministry = ministry
        sector.save(update_fields=["ministry", "name_folded"])
    return sector


def _write_cases(version: ProcedureVersion, cases: list[dict]) -> dict[str, ProcedureCase]:
    """The version's cases (at least one, exactly one default: the first when none is marked)."""
    cases = [c for c in cases or [] if (c.get("name") or "").strip()] or [{"name": DEFAULT_CASE_NAME}]
    default = next((i for i, c in enumerate(cases) if c.get("is_default")), 0)
    created = ProcedureCase.objects.bulk_create(
        ProcedureCase(version=version, order=i, name=c["name"].strip(), is_default=i == default)
        for i, c in enumerate(cases)
    )
    return {c.name: c for c in created}


@transaction.atomic
def ensure_cases(*, version: ProcedureVersion) -> None:
    """A version keeps at least one case and exactly one default (after an edit in the admin)."""
    cases = list(ProcedureCase.objects.select_for_update().filter(version=version))
    catalogue_changed()  # the updates below send no signal
    if not cases:
        ProcedureCase.objects.create(version=version, order=0, name=DEFAULT_CASE_NAME, is_default=True)
        return
    defaults = [c for c in cases if c.is_default]
    keep = defaults[0] if defaults else cases[0]
    ProcedureCase.objects.filter(version=version).exclude(pk=keep.pk).update(is_default=False)
    if not keep.is_default:
        ProcedureCase.objects.filter(pk=keep.pk).update(is_default=True)


def case_items(version: ProcedureVersion) -> list[dict]:
    return [{k: getattr(c, k) for k in CASE_FIELDS} for c in version.cases.all()]


def requirement_items(version: ProcedureVersion) -> list[dict]:
    """The version's components in the exchange format: the case by its name ("" for every case)."""
    names = {c.id: c.name for c in version.cases.all()}
    return [
        {**{k: getattr(r, k) for k in REQUIREMENT_FIELDS}, "case": names.get(r.case_id, "")}
        for r in version.requirements.all()
    ]


def _write_children(version: ProcedureVersion, data: dict) -> None:
    catalogue_changed()  # bulk creates send no signal
    version.requirements.all().delete()
    version.cases.all().delete()
    version.fees.all().delete()
    cases = _write_cases(version, data.get("cases") or [])
    Requirement.objects.bulk_create(
        Requirement(
            version=version,
            order=i,
            case=cases.get((r.get("case") or "").strip()),
            **{k: r[k] for k in REQUIREMENT_FIELDS if k in r},
        )
        for i, r in enumerate(data.get("requirements") or [])
    )
    FeeItem.objects.bulk_create(
        FeeItem(version=version, order=i, **{k: f[k] for k in FEE_FIELDS if k in f})
        for i, f in enumerate(data.get("fees") or [])
    )
    version.implementing_agencies.set(data.get("implementing_agencies") or [])
    version.coordinating_agencies.set(data.get("coordinating_agencies") or [])


@transaction.atomic
def create_draft(*, data: dict, source_hash: str = "") -> ProcedureVersion:
    """A new draft version of procedure `data["code"]` (the procedure is created when new).

    `data` holds VERSION_FIELDS plus `code`, `sector` (name), `levels` (list), `requirements`,
    `fees` (lists of dicts) and `implementing_agencies` / `coordinating_agencies` (Agency objects).
    """
    code = (data.get("code") or "").strip()
    validate_procedure_code(code)
    if not (data.get("name") or "").strip():
        raise ValidationError(_("Thiếu tên thủ tục."), code="no_name")
    sector = get_or_create_sector(name=data.get("sector", ""), ministry=data.get("issuing_ministry") or "")
    procedure, _created = Procedure.objects.get_or_create(code=code)
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    number = (procedure.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ProcedureVersion(
        procedure=procedure,
        number=number,
        state=VersionState.DRAFT,
        sector=sector,
        levels=",".join(data.get("levels") or []),
        source_hash=source_hash,
        **{k: data[k] for k in VERSION_FIELDS if k in data and data[k] is not None},
    )
    version.full_clean(exclude=["procedure", "sector"])
    version.save()
    _write_children(version, data)
    refresh_search(version)
    return version


@transaction.atomic
def update_draft(*, version: ProcedureVersion, data: dict) -> ProcedureVersion:
    """Change a draft's fields and components; refused for any other state."""
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_unless_draft(version)
    for key in VERSION_FIELDS:
        if key in data:
            setattr(version, key, data[key])
    if "levels" in data:
        version.levels = ",".join(data["levels"])
    if "sector" in data:
        version.sector = get_or_create_sector(name=data["sector"])
    version.full_clean(exclude=["procedure", "sector"])
    version.save()
    if any(
        k in data for k in ("cases", "requirements", "fees", "implementing_agencies", "coordinating_agencies")
    ):
        current = {
            "cases": case_items(version),
            "requirements": requirement_items(version),
            "fees": [{k: getattr(f, k) for k in FEE_FIELDS} for f in version.fees.all()],
            "implementing_agencies": list(version.implementing_agencies.all()),
            "coordinating_agencies": list(version.coordinating_agencies.all()),
        }
        current.update({k: v for k, v in data.items() if k in current})
        _write_children(version, current)
    refresh_search(version)
    return version


@transaction.atomic
def new_draft(*, version: ProcedureVersion) -> ProcedureVersion:
    """A draft copy of `version` (with papers, fees, agencies and processes) to be edited and published."""
    source = ProcedureVersion.objects.select_related("procedure").get(pk=version.pk)
    procedure = Procedure.objects.select_for_update().get(pk=source.procedure_id)
    if procedure.versions.filter(state=VersionState.DRAFT).exists():
        raise ValidationError(
            _("Thủ tục %(code)s đã có một phiên bản nháp; hãy sửa bản nháp đó.") % {"code": procedure.code},
            code="draft_exists",
        )
    number = procedure.versions.aggregate(n=Max("number"))["n"] + 1
    cases = list(source.cases.all())
    requirements = list(source.requirements.all())
    fees = list(source.fees.all())
    implementing = list(source.implementing_agencies.all())
    coordinating = list(source.coordinating_agencies.all())
    processes = list(source.processes.prefetch_related("steps"))
    draft = source
    draft.pk = draft.id = None
    draft._state.adding = True
    draft.number = number
    draft.state = VersionState.DRAFT
    draft.effective_from = draft.effective_to = draft.published_at = None
    draft.source_hash = ""
    draft.save()
    old_case_ids = [c.id for c in cases]
    for item in cases + requirements + fees:
        item.pk = item.id = None
        item.version = draft
    ProcedureCase.objects.bulk_create(cases)
    new_cases = dict(zip(old_case_ids, cases, strict=True))
    for req in requirements:
        req.case = new_cases.get(req.case_id)
    Requirement.objects.bulk_create(requirements)
    FeeItem.objects.bulk_create(fees)
    draft.implementing_agencies.set(implementing)
    draft.coordinating_agencies.set(coordinating)
    for proc in processes:
        steps = list(proc.steps.all())
        proc.pk = proc.id = None
        proc.version = draft
        proc.save()
        for step in steps:
            step.pk = step.id = None
            step.process = proc
        ProcessStep.objects.bulk_create(steps)
    refresh_search(draft)
    return draft


@transaction.atomic
def publish_version(
    *, version: ProcedureVersion, effective_from: datetime.date | None = None, now=None
) -> ProcedureVersion:
    """Publish a draft, in force from 00:00 of `effective_from` (Asia/Ho_Chi_Minh; default today).

    The version it replaces applies until the day before. When that day is already past, it is
    marked `amended` at once; when the new version is dated in the future, both stay published and
    `selectors.version_in_force` tells which applies on a given day, so intake, the public page and
    the API go on using the current one until then."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    version = ProcedureVersion.objects.select_for_update().select_related("procedure").get(pk=version.pk)
    _refuse_unless_draft(version)
    Procedure.objects.select_for_update().get(pk=version.procedure_id)
    effective_from = effective_from or version.effective_from
    published = version.procedure.versions.filter(state=VersionState.PUBLISHED)
    previous = published.filter(effective_to__isnull=True).order_by("-effective_from", "-number").first()
    if previous is None:
        previous = published.order_by("-effective_from", "-number").first()
    if previous is not None:
        start = effective_from or today
        if previous.effective_from and start <= previous.effective_from and previous.effective_from > today:
            raise ValidationError(
                _(
                    "Phiên bản %(number)s đã được công bố với ngày hiệu lực %(old)s: phiên bản mới phải có "
                    "hiệu lực sau ngày đó."
                )
                % {"number": previous.number, "old": previous.effective_from.strftime("%d/%m/%Y")},
                code="overlapping_period",
            )
        if previous.effective_from and start < previous.effective_from:
            raise ValidationError(
                _(
                    "Ngày hiệu lực của phiên bản mới (%(new)s) không được trước ngày hiệu lực của phiên bản "
                    "đang áp dụng (%(old)s)."
                )
                % {"new": start.strftime("%d/%m/%Y"), "old": previous.effective_from.strftime("%d/%m/%Y")},
                code="overlapping_period",
            )
        effective_from = start
        # replaced on the day it took effect: it applied for that day only
        previous.effective_to = max(start - datetime.timedelta(days=1), previous.effective_from or start)
        if start <= today:
            previous.state = VersionState.AMENDED  # replaced already today
        previous.save(update_fields=["state", "effective_to"])
    check_levels(version.level_list, effective_from or today)
    version.state = VersionState.PUBLISHED
    version.effective_from = effective_from
    version.published_at = now
    version.save(update_fields=["state", "effective_from", "published_at"])
    mark_ended(procedure=version.procedure, today=today)
    return version


def mark_ended(*, procedure: Procedure, today: datetime.date) -> int:
    """Published versions of `procedure` whose period ended before `today`, and that a later one
    replaces, become `amended` (bookkeeping only: what applies is computed from the dates)."""
    ended = procedure.versions.filter(state=VersionState.PUBLISHED, effective_to__lt=today)
    later = procedure.versions.filter(state=VersionState.PUBLISHED, effective_to__isnull=True)
    if not later.exists():
        return 0
    catalogue_changed()  # a bulk update sends no signal
    return ended.update(state=VersionState.AMENDED)


@transaction.atomic
def abolish_version(*, version: ProcedureVersion, effective_to: datetime.date) -> ProcedureVersion:
    """The procedure is abolished: its version in force stops applying after `effective_to`."""
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    if version.state != VersionState.PUBLISHED:
        raise ValidationError(_("Chỉ bãi bỏ được phiên bản đang công bố."), code="not_published")
    if version.effective_from and effective_to < version.effective_from:
        raise ValidationError(
            _("Ngày bãi bỏ phải từ ngày hiệu lực %(day)s trở đi.")
            % {"day": version.effective_from.strftime("%d/%m/%Y")},
            code="bad_period",
        )
    version.state = VersionState.ABOLISHED
    version.effective_to = effective_to
    version.save(update_fields=["state", "effective_to"])
    return version


def _plain(value):
    """A value as the exchange format writes it: dates as ISO text, whole decimals as int."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        value = Decimal(str(value))
        return int(value) if value == value.to_integral_value() else str(value.normalize())
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items())}
    return value


def _field_default(model, name):
    field = model._meta.get_field(name)
    return field.get_default() if field.has_default() else ("" if field.empty_strings_allowed else None)


def _rows(model, fields: list[str], rows) -> list[dict]:
    return [{k: _plain(row.get(k, _field_default(model, k))) for k in fields} for row in rows or []]


def content_of(data: dict) -> dict:
    """What a version says, from the services' `data` dict, in one comparable shape."""
    out = {k: _plain(data.get(k, _field_default(ProcedureVersion, k))) for k in VERSION_FIELDS}
    if data.get("effective_from") is None:
        out.pop("effective_from")  # no date given: "from when it is published", not a change
    out["code"] = (data.get("code") or "").strip()
    out["sector"] = (data.get("sector") or "").strip()
    out["levels"] = sorted(data.get("levels") or [])
    for key in ("implementing_agencies", "coordinating_agencies"):
        out[key] = sorted(a.code if hasattr(a, "code") else str(a) for a in data.get(key) or [])
    cases = data.get("cases") or [{"name": DEFAULT_CASE_NAME, "is_default": True}]  # _write_cases' default
    out["cases"] = _rows(ProcedureCase, CASE_FIELDS, cases)
    out["requirements"] = [
        {**row, "case": (r.get("case") or "").strip()}
        for row, r in zip(
            _rows(Requirement, REQUIREMENT_FIELDS, data.get("requirements")),
            data.get("requirements") or [],
            strict=True,
        )
    ]
    out["fees"] = _rows(FeeItem, FEE_FIELDS, data.get("fees"))
    return out


def content_of_version(version: ProcedureVersion, *, with_date: bool = True) -> dict:
    data = {k: getattr(version, k) for k in VERSION_FIELDS}
    data.update(
        code=version.procedure.code,
        sector=version.sector.name,
        levels=version.level_list,
        implementing_agencies=list(version.implementing_agencies.all()),
        coordinating_agencies=list(version.coordinating_agencies.all()),
        cases=case_items(version),
        requirements=requirement_items(version),
        fees=[{k: getattr(f, k) for k in FEE_FIELDS} for f in version.fees.all()],
    )
    if not with_date:
        data["effective_from"] = None
    return content_of(data)


def unchanged(version: ProcedureVersion, data: dict) -> bool:
    """Whether `data` says exactly what `version` says (a date left out of `data` is no change)."""
    return content_of_version(version, with_date=data.get("effective_from") is not None) == content_of(data)


@transaction.atomic
def upsert_procedure(
    *, data: dict, source_hash: str, publish: bool = True, now=None
) -> tuple[ProcedureVersion, bool]:
    """Create (and publish) a new version unless the latest published one (in force, or announced
    for a later day) already says the same: the same `source_hash`, or the same content whichever
    file it came from (the loader and the importers hash different shapes of one content).

    Returns (version, changed). Used by the importers and the loader, so both are idempotent.
    """
    code = data.get("code")
    latest = (
        ProcedureVersion.objects.filter(procedure__code=code, state=VersionState.PUBLISHED)
        .select_related("procedure", "sector")
        .order_by("-effective_from", "-number")
        .first()
    )
    if latest is not None and (
        (source_hash and latest.source_hash == source_hash) or unchanged(latest, data)
    ):
        return latest, False
    ProcedureVersion.objects.filter(procedure__code=code, state=VersionState.DRAFT).delete()
    version = create_draft(data=data, source_hash=source_hash)
    if publish:
        version = publish_version(version=version, effective_from=data.get("effective_from"), now=now)
    return version, True


def _budgets(steps: list[dict]) -> list[budget.Budget]:
    return [
        budget.Budget(
            amount=Decimal(str(s["amount"])) if s.get("amount") is not None else None,
            unit=s["unit"],
            parallel_group=s.get("parallel_group"),
        )
        for s in steps
    ]


@transaction.atomic
def save_process(
    *,
    version: ProcedureVersion,
    agency,
    steps: list[dict],
    origin: str = ProcessOrigin.PUBLISHED,
    decision: str = "",
    note: str = "",
) -> ProcessDefinition:
    """Create or replace the process of `version` at `agency`.

    Refused, with the difference named, when the step budgets don't add up to the legal time limit.
    Each step: order, work, responsible, responsible_agency, amount, unit, form, parallel_group,
    is_interagency, sector_system.
    """
    version = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    if version.state in (VersionState.AMENDED, VersionState.ABOLISHED):
        raise ValidationError(
            _("Không sửa quy trình của phiên bản đã hết hiệu lực (%(state)s).")
            % {"state": version.get_state_display()},
            code="version_closed",
        )
    budget.check_budget(_budgets(steps), version.time_amount, version.time_unit)
    process, _created = ProcessDefinition.objects.update_or_create(
        version=version, agency=agency, defaults={"origin": origin, "decision": decision, "note": note}
    )
    process.steps.all().delete()
    catalogue_changed()  # bulk creates send no signal
    fields = ["order", "work", "responsible", "responsible_agency", "amount", "unit", "form"]
    ProcessStep.objects.bulk_create(
        ProcessStep(
            process=process,
            parallel_group=s.get("parallel_group"),
            is_interagency=bool(s.get("is_interagency")),
            sector_system=str(s.get("sector_system") or "")[:30],
            **{k: s.get(k) if s.get(k) is not None else "" for k in fields if k != "responsible_agency"},
            responsible_agency=s.get("responsible_agency"),
        )
        for s in steps
    )
    return process


def load_boundary_free_list(
    *,
    codes: list[str],
    valid_from: datetime.date,
    valid_to: datetime.date | None,
    published_list: str,
) -> tuple[int, int]:
    """Record the province's published list of procedures opened to boundary-free intake (Decree
    118/2025 art. 5) for one period: one opening per procedure code, (created, updated). Running it
    again with the same list changes nothing; an unknown code refuses the whole list."""
    codes = [c.strip() for c in codes if c.strip()]
    procedures = {p.code: p for p in Procedure.objects.filter(code__in=codes)}
    unknown = sorted(set(codes) - set(procedures))
    if unknown:
        raise ValidationError(
            _("Không có thủ tục mã %(codes)s trong danh mục.") % {"codes": ", ".join(unknown)},
            code="unknown_procedure",
        )
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."), code="period_order")
    created = updated = 0
    with transaction.atomic():
        for code in dict.fromkeys(codes):
            _opening, was_created = BoundaryFreeOpening.objects.update_or_create(
                procedure=procedures[code],
                valid_from=valid_from,
                defaults={"valid_to": valid_to, "published_list": published_list},
            )
            created += was_created
            updated += not was_created
    return created, updated
