"""Which agencies a report covers (a unit and its subtree) and who may ask for it.

Figures are aggregates; a leader or the procedure-control office sees them for their own agency's
subtree, an administrator for any, a machine client (reports:read) the units granted to it. The dossiers behind a figure (drill-downs) are read only through
`dossiers.access.visible_dossiers`, the one access rule."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from motcua.machines import rules as machine_rules
from motcua.org.auth import staff_of, subtree_ids
from motcua.org.choices import AgencyLevel
from motcua.org.codes import MAX_LENGTH
from motcua.org.models import Agency, Role

#: Roles that read reports for their agency's subtree.
REPORT_ROLES = frozenset({Role.AGENCY_LEADER, Role.UNIT_HEAD, Role.CONTROL_OFFICER, Role.ADMINISTRATOR})


class ReportRefused(PermissionDenied):
    http_status = 403
    code = "report_forbidden"


def agency_by_code(code: str) -> Agency | None:
    """The agency of `code`, or None. No agency code is longer than MAX_LENGTH or holds a NUL (which
    PostgreSQL refuses in a query): such input names no agency, it is not a server error."""
    if len(code) > MAX_LENGTH or "\x00" in code:
        return None
    return Agency.objects.filter(code=code).order_by("pk").first()


def unit_by_code(code: str | None) -> Agency:
    if not code:
        raise ValidationError({"unit": ValidationError(_("Chọn đơn vị báo cáo."), code="unit_required")})
    unit = agency_by_code(code)
    if unit is None:
        raise ValidationError(
            {"unit": ValidationError(_("Không có đơn vị mã %(code)s.") % {"code": code}, code="unit_unknown")}
        )
    return unit


def home_unit(user) -> Agency | None:
    """The unit `user` reports on by default: their agency, except that the people's committee's
    office (Văn phòng UBND, where the procedure-control office sits) watches the whole province."""
    staff = staff_of(user)
    if staff is None:
        return None
    agency = staff.agency
    if agency.level == AgencyLevel.PROVINCE_OFFICE and agency.parent_id is not None:
        return agency.parent
    return agency


def reportable_root_ids(user) -> list[int] | None:
    """The ids of every agency `user` may report on (their home unit's subtree): None means all (a
    superuser), [] none (no reporting role). A machine client: the agencies granted to it for the
    request's operation (reports:read)."""
    machine = machine_rules.identity_of(user)
    if machine is not None:
        return machine_rules.granted_agency_ids(machine)
    if getattr(user, "is_superuser", False):
        return None
    staff = staff_of(user)
    if staff is None or not {r.role for r in staff.roles.all()} & REPORT_ROLES:
        return []
    home = home_unit(user)
    return subtree_ids(home.pk) if home is not None else []


def require_unit(user, unit: Agency) -> list[int]:
    """The ids of `unit`'s subtree, once `user` may report on it (else 403 with `report_forbidden`)."""
    machine_rules.note_agency(user, unit.pk)
    allowed = reportable_root_ids(user)
    if allowed is not None and unit.pk not in allowed:
        raise ReportRefused(_("Bạn không có quyền xem báo cáo của đơn vị này."))
    return subtree_ids(unit.pk)
