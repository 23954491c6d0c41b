"""Importing validated items (one transaction per file) and the exchange shape of a version."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.org.models import Agency

from .. import services
from ..models import ProcedureVersion, VersionState
from ..selectors import in_force_q
from .validation import (
    FIELD_LABELS,
    ImportRejected,
    ImportReport,
    RowError,
    agency_index,
    hash_item,
    validate_item,
)


def import_items(items: list[dict], *, sheet: str = "JSON", publish: bool = True, now=None) -> ImportReport:
    """Validate every item, then write all of them in one transaction, or raise ImportRejected."""
    agencies = agency_index()
    errors: list[RowError] = []
    valid: list[tuple[dict, str]] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items, start=1):
        row = item.get("_row", index) if isinstance(item, dict) else index
        if not isinstance(item, dict):
            errors.append(
                RowError(sheet=sheet, row=row, field="", message=_("mỗi phần tử phải là một đối tượng JSON."))
            )
            continue
        data, item_errors = validate_item(item, sheet=sheet, row=row, agencies=agencies)
        code = item.get("code")
        if code in seen:
            item_errors.append(
                RowError(
                    sheet=sheet,
                    row=row,
                    field=FIELD_LABELS["code"],
                    code=str(code),
                    message=_("trùng mã với dòng %(row)s.") % {"row": seen[code]},
                )
            )
        seen.setdefault(code, row)
        errors += item_errors
        if data is not None and not item_errors:
            valid.append((row, data, hash_item(export_shape(data))))
    if errors:
        raise ImportRejected(errors)
    # content equal to the version in force (its cases and components included) is left alone
    in_force = content_hashes([data["code"] for _row, data, _digest in valid], agencies=agencies)
    same = [data["code"] for _row, data, digest in valid if in_force.get(data["code"]) == digest]
    report = write_items(
        [v for v in valid if v[1]["code"] not in same], sheet=sheet, publish=publish, now=now
    )
    report.unchanged = sorted([*report.unchanged, *same])
    return report


def content_hash(version: ProcedureVersion, *, agencies: dict[str, Agency] | None = None) -> str:
    """The hash of a version's content in the exchange shape, as an import of its export computes it."""
    item = version_to_item(version)
    data, _errors = validate_item(
        item, sheet="", row=0, agencies=agency_index() if agencies is None else agencies
    )
    return hash_item(export_shape(data if data is not None else item))


def content_hashes(codes: list[str], *, agencies: dict[str, Agency]) -> dict[str, str]:
    """{code: content hash} of the published versions of `codes`."""
    return {
        v.procedure.code: content_hash(v, agencies=agencies)
        for v in exported_versions().filter(procedure__code__in=codes)
    }


def write_items(valid: list[tuple[int, dict, str]], *, sheet: str, publish: bool, now=None) -> ImportReport:
    """Write validated items in one transaction; a rule the services refuse (e.g. an effective date before
    the version in force) becomes a row error and rolls the whole file back."""
    report = ImportReport()
    errors: list[RowError] = []
    with transaction.atomic():
        for row, data, digest in valid:
            try:
                with transaction.atomic():
                    _version, changed = services.upsert_procedure(
                        data=data, source_hash=digest, publish=publish, now=now
                    )
            except ValidationError as exc:
                errors += [
                    RowError(sheet=sheet, row=row, field="", code=data["code"], message=m)
                    for m in exc.messages
                ]
                continue
            (report.created if changed else report.unchanged).append(data["code"])
        if errors:
            raise ImportRejected(errors)
    return report


def export_shape(data: dict) -> dict:
    """The services' data dict in the exchange format (agencies by code, dates as ISO text)."""
    out = dict(data)
    for key in ("implementing_agencies", "coordinating_agencies"):
        out[key] = sorted(a.code if hasattr(a, "code") else a for a in data.get(key) or [])
    if isinstance(out.get("effective_from"), datetime.date):
        out["effective_from"] = out["effective_from"].isoformat()
    if isinstance(out.get("time_amount"), Decimal):
        out["time_amount"] = _decimal_out(out["time_amount"])
    return out


def _decimal_out(value: Decimal | None):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def version_to_item(version: ProcedureVersion) -> dict:
    item = {
        "code": version.procedure.code,
        "name": version.name,
        "sector": version.sector.name,
        "levels": version.level_list,
    }
    for key in services.VERSION_FIELDS:
        if key not in item:
            item[key] = getattr(version, key)
    item["time_amount"] = _decimal_out(version.time_amount)
    item["effective_from"] = version.effective_from.isoformat() if version.effective_from else None
    item["implementing_agencies"] = sorted(a.code for a in version.implementing_agencies.all())
    item["coordinating_agencies"] = sorted(a.code for a in version.coordinating_agencies.all())
    item["cases"] = services.case_items(version)
    item["requirements"] = services.requirement_items(version)
    item["fees"] = [{k: getattr(f, k) for k in services.FEE_FIELDS} for f in version.fees.all()]
    return item


def exported_versions(state: str = VersionState.PUBLISHED):
    """The versions in force today (state "published"), or every version in another state."""
    qs = ProcedureVersion.objects.filter(in_force_q()) if state == VersionState.PUBLISHED else None
    return (
        (qs if qs is not None else ProcedureVersion.objects.filter(state=state))
        .select_related("procedure", "sector")
        .prefetch_related("cases", "requirements", "fees", "implementing_agencies", "coordinating_agencies")
        .order_by("procedure__code")
    )
