"""Which legally mandatory components a procedure version lacks (Decision 766/QĐ-TTg: a procedure is
published completely when it states its name, steps, channels, papers, time limit, applicants and agency)."""

from django.utils.translation import gettext_lazy as _

MANDATORY_COMPONENTS = {
    "name": _("tên thủ tục"),
    "steps": _("trình tự thực hiện"),
    "channels": _("cách thức thực hiện"),
    "papers": _("thành phần hồ sơ"),
    "time_limit": _("thời hạn giải quyết"),
    "applicants": _("đối tượng thực hiện"),
    "agency": _("cơ quan thực hiện"),
}


def missing_components(version) -> list[str]:
    """Keys of MANDATORY_COMPONENTS the version lacks, in the order above."""
    has_time = version.time_unit == "same_day" or (
        version.time_amount is not None and bool(version.time_unit)
    )
    present = {
        "name": bool((version.name or "").strip()),
        "steps": bool((version.steps or "").strip()),
        "channels": bool(version.channels),
        "papers": version.requirements.exists() if version.pk else False,
        "time_limit": has_time,
        "applicants": bool(version.applicant_types) or bool((version.applicants_text or "").strip()),
        "agency": (version.implementing_agencies.exists() if version.pk else False)
        or bool((version.agency_text or "").strip()),
    }
    return [key for key in MANDATORY_COMPONENTS if not present[key]]


def missing_labels(version) -> list[str]:
    return [str(MANDATORY_COMPONENTS[key]) for key in missing_components(version)]


def missing_q(key: str):
    """A Q selecting versions that lack the component `key` (same rules as missing_components)."""
    from django.db.models import Exists, OuterRef, Q

    from .models import ProcedureVersion, Requirement

    if key == "name":
        return Q(name="")
    if key == "steps":
        return Q(steps="")
    if key == "channels":
        return Q(channels=[])
    if key == "papers":
        return ~Q(Exists(Requirement.objects.filter(version=OuterRef("pk"))))
    if key == "time_limit":
        return ~Q(time_unit="same_day") & (Q(time_amount__isnull=True) | Q(time_unit=""))
    if key == "applicants":
        return Q(applicant_types=[]) & Q(applicants_text="")
    if key == "agency":
        through = ProcedureVersion.implementing_agencies.through
        return ~Q(Exists(through.objects.filter(procedureversion_id=OuterRef("pk")))) & Q(agency_text="")
    raise KeyError(key)


def any_missing_q():
    from django.db.models import Q

    q = Q(pk__in=[])
    for key in MANDATORY_COMPONENTS:
        q |= missing_q(key)
    return q
