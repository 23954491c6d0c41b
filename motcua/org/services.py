"""The only writers of the organisation: agencies, service desks, staff and roles.

Each function takes keyword-only arguments, runs in one transaction and validates through the
models' `full_clean()` (which reaches motcua.org.validation), so a rejected change leaves the
database as it was.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Agency, Hotline, Role, ServiceDesk, Staff, StaffRole

AGENCY_FIELDS = frozenset(
    {
        "code",
        "name",
        "short_name",
        "level",
        "parent",
        "valid_from",
        "valid_to",
        "address",
        "phones",
        "email",
        "website",
        "code_verified",
        "note",
    }
)
DESK_FIELDS = frozenset(
    {
        "name",
        "kind",
        "parent",
        "host_agency",
        "address",
        "area_m2",
        "office_hours",
        "saturday_morning",
        "phone",
        "email",
        "note",
    }
)
STAFF_FIELDS = frozenset(
    {"full_name", "agency", "unit", "desk", "position", "is_leader", "public_phone", "show_in_directory"}
)
# Roles that need the Django admin: system administrators, and procedure-control officers who
# maintain the catalogue there.
ADMIN_SITE_ROLES = frozenset({Role.ADMINISTRATOR, Role.CONTROL_OFFICER})


def _check_fields(given: Iterable[str], allowed: frozenset[str]) -> None:
    unknown = set(given) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def _lock_same_code(code: str) -> None:
    # Two writers saving the same code at once would each pass the overlap check; locking the
    # existing rows of that code serialises edits of it (a brand-new code cannot clash yet).
    list(Agency.objects.select_for_update().filter(code=code).values_list("pk", flat=True))


def save_agency(*, agency: Agency) -> Agency:
    """Validate and save an agency built or changed elsewhere (the admin form)."""
    with transaction.atomic():
        if agency.code:
            _lock_same_code(agency.code)
        agency.full_clean()
        agency.save()
    return agency


def create_agency(**fields) -> Agency:
    _check_fields(fields, AGENCY_FIELDS)
    return save_agency(agency=Agency(**fields))


def update_agency(*, agency: Agency, **changes) -> Agency:
    """Apply `changes` to a fresh, locked copy; the caller's object is untouched on failure."""
    _check_fields(changes, AGENCY_FIELDS)
    with transaction.atomic():
        locked = Agency.objects.select_for_update().get(pk=agency.pk)
        for name, value in changes.items():
            setattr(locked, name, value)
        save_agency(agency=locked)
    return locked


def save_desk(*, desk: ServiceDesk, agencies: Iterable[Agency] | None = None) -> ServiceDesk:
    with transaction.atomic():
        desk.full_clean()
        desk.save()
        if agencies is not None:
            desk.agencies.set(list(agencies))
    return desk


def create_desk(*, agencies: Iterable[Agency] = (), hotlines: Iterable[tuple[str, str]] = (), **fields):
    _check_fields(fields, DESK_FIELDS)
    with transaction.atomic():
        desk = save_desk(desk=ServiceDesk(**fields), agencies=agencies)
        set_hotlines(desk=desk, hotlines=hotlines)
    return desk


def update_desk(*, desk: ServiceDesk, agencies: Iterable[Agency] | None = None, **changes) -> ServiceDesk:
    _check_fields(changes, DESK_FIELDS)
    with transaction.atomic():
        locked = ServiceDesk.objects.select_for_update().get(pk=desk.pk)
        for name, value in changes.items():
            setattr(locked, name, value)
        save_desk(desk=locked, agencies=agencies)
    return locked


def set_hotlines(*, desk: ServiceDesk, hotlines: Iterable[tuple[str, str]]) -> None:
    """Make the desk's hotlines exactly `hotlines` (label, phone), keeping rows that already match."""
    wanted = list(dict.fromkeys((label, phone) for label, phone in hotlines))
    with transaction.atomic():
        existing = {(h.label, h.phone): h for h in desk.hotlines.all()}
        for key, hotline in existing.items():
            if key not in wanted:
                hotline.delete()
        for label, phone in wanted:
            if (label, phone) not in existing:
                hotline = Hotline(desk=desk, label=label, phone=phone)
                hotline.full_clean()
                hotline.save()


#: The admin-site groups a role gives, with the apps whose models its holders maintain. What they
#: see of those models is their agency's subtree (org.admin's querysets); superusers are only the
#: installation's operator, never made by a role.
ADMIN_GROUPS = {
    Role.ADMINISTRATOR: ("Quản trị cơ quan", ("org",)),
    Role.CONTROL_OFFICER: ("Kiểm soát thủ tục hành chính", ("catalog",)),
}


def _admin_group(role: str):
    from django.contrib.auth.models import Group, Permission

    name, apps = ADMIN_GROUPS[role]
    group, created = Group.objects.get_or_create(name=name)
    if created or not group.permissions.exists():
        group.permissions.set(Permission.objects.filter(content_type__app_label__in=apps))
    return group


def _sync_user_flags(staff: Staff, roles: set[str]) -> None:
    """An officer's admin-site access follows their roles: staff status and the groups of the
    administrator and control roles (permissions on their apps, scoped to their agency by the
    admin), never superuser status (an agency's administrator is not the province's; the operator's
    superuser flag is set with `createsuperuser`, and roles leave it alone)."""
    user = staff.user
    is_staff = bool(roles & ADMIN_SITE_ROLES) or user.is_superuser  # the operator keeps the admin site
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
    wanted = {_admin_group(role) for role in ADMIN_GROUPS if role in roles}
    names = {name for name, _apps in ADMIN_GROUPS.values()}
    current = set(user.groups.filter(name__in=names))
    if current != wanted:
        user.groups.remove(*(current - wanted))
        user.groups.add(*(wanted - current))


def save_staff(
    *,
    staff: Staff,
    username: str | None = None,
    password: str | None = None,
    email: str = "",
) -> Staff:
    """Validate and save a staff record; create its login account when it has none yet.

    Without a password the new account cannot log in (directory-only staff).
    """
    User = get_user_model()
    with transaction.atomic():
        if not staff.user_id:
            if not username:
                raise ValidationError(
                    {"user": _("Tài khoản: chọn một tài khoản có sẵn hoặc nhập tên đăng nhập mới.")}
                )
            if User.objects.filter(username=username).exists():
                raise ValidationError(
                    {
                        "user": _("Tài khoản: tên đăng nhập “%(username)s” đã được dùng.")
                        % {"username": username}
                    }
                )
            user = User(username=username, email=email)
            first, _sep, last = staff.full_name.rpartition(" ")
            user.first_name, user.last_name = last, first
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
            staff.user = user
        elif password:
            staff.user.set_password(password)
            staff.user.save(update_fields=["password"])
        staff.full_clean()
        staff.save()
    return staff


def set_staff_roles(*, staff: Staff, roles: Iterable[str]) -> Staff:
    """Make the staff's roles exactly `roles`; administrators become superusers."""
    wanted = set(roles)
    unknown = wanted - set(Role.values)
    if unknown:
        raise ValidationError(
            {"roles": _("Vai trò không hợp lệ: %(roles)s.") % {"roles": ", ".join(sorted(unknown))}}
        )
    with transaction.atomic():
        current = set(StaffRole.objects.filter(staff=staff).values_list("role", flat=True))
        StaffRole.objects.filter(staff=staff, role__in=current - wanted).delete()
        StaffRole.objects.bulk_create([StaffRole(staff=staff, role=r) for r in sorted(wanted - current)])
        _sync_user_flags(staff, wanted)
    return staff


def create_staff(
    *,
    username: str,
    full_name: str,
    agency: Agency,
    roles: Iterable[str] = (),
    password: str | None = None,
    email: str = "",
    **fields,
) -> Staff:
    _check_fields(fields, STAFF_FIELDS - {"full_name", "agency"})
    with transaction.atomic():
        staff = save_staff(
            staff=Staff(full_name=full_name, agency=agency, **fields),
            username=username,
            password=password,
            email=email,
        )
        set_staff_roles(staff=staff, roles=roles)
    return staff


def update_staff(*, staff: Staff, roles: Iterable[str] | None = None, **changes) -> Staff:
    _check_fields(changes, STAFF_FIELDS)
    with transaction.atomic():
        locked = Staff.objects.select_for_update().select_related("user").get(pk=staff.pk)
        for name, value in changes.items():
            setattr(locked, name, value)
        save_staff(staff=locked)
        if roles is not None:
            set_staff_roles(staff=locked, roles=roles)
    return locked
