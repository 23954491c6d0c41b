"""Who the applicant is: the shared person record and the details given on each dossier.

Identity is never taken from an unverified request (issue 8):

- a dossier keeps the applicant's details as given for it (`Dossier.applicant_details`, written by
  `details_of`); its forms print them and its notifications go to them, read through the one
  accessor `Dossier.contact` (`contact_of`), which falls back to the shared record for dossiers
  recorded before the details were kept;
- the shared record (`Applicant`) is created at the first intake (`person_for_intake`) and never
  rewritten by a later one: a desk that types another name for a known ID number is refused with
  `identity_mismatch`; an online submission is made by a citizen account for the identity linked to
  it (`Applicant.user`) and nobody else (`person_for_online`);
- afterwards the record changes only from a verified source: an e-ID login or the population
  database (`update_from_verified_source`), or an officer's correction with a reason
  (`correct_applicant`); every change, the creation included, is an `ApplicantEvent` with the
  before and after of each changed field, written in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.identity import validate_personal_id, validate_tax_code
from motcua.core.text import fold
from motcua.org.models import Role, Staff

from .contacts import Contact, contact_of  # noqa: F401 (re-exported: the applicants module names them)
from .models import Applicant, ApplicantEvent, ApplicantKind, ApplicantSource

if TYPE_CHECKING:
    from .services import ApplicantData


class IdentityRefused(ValidationError):
    """A refusal about who the applicant is, with its own stable code and HTTP status
    (core.api.exception_handler reads `api_code` and `api_status`)."""

    def __init__(self, field: str, message: str, *, code: str, status: int = 400):
        super().__init__({field: [ValidationError(message, code=code)]})
        self.api_code = code
        self.api_status = status


#: The keys of `Dossier.applicant_details` (as the intake seam names them).
DETAIL_KEYS = (
    "kind",
    "name",
    "id_number",
    "tax_code",
    "organisation",
    "date_of_birth",
    "address",
    "phone",
    "email",
)
#: The fields of the shared record that the sources may change.
PERSON_FIELDS = (
    "kind",
    "full_name",
    "id_number",
    "date_of_birth",
    "organisation",
    "tax_code",
    "address",
    "phone",
    "email",
)


def details_of(data: ApplicantData) -> dict:
    """`Dossier.applicant_details` for what an intake gave (JSON: the date as ISO text)."""
    return {
        "kind": str(data.kind),
        "name": data.full_name.strip(),
        "id_number": data.id_number or "",
        "tax_code": data.tax_code or "",
        "organisation": (data.organisation or "").strip(),
        "date_of_birth": data.date_of_birth.isoformat() if data.date_of_birth else None,
        "address": (data.address or "").strip(),
        "phone": (data.phone or "").strip(),
        "email": (data.email or "").strip(),
    }


def same_name(a: str, b: str) -> bool:
    """Two spellings of one name: case, spacing and Unicode composition aside (diacritics count:
    Lan and Lân are two people)."""

    def norm(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s or "").split()).casefold()

    return norm(a) == norm(b)


# ---------------------------------------------------------------------------------------------
# The record at intake


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _record(
    applicant: Applicant,
    *,
    source: str,
    changes: dict,
    at: dt.datetime | None,
    user: User | None = None,
    label: str = "",
    reason: str = "",
) -> ApplicantEvent:
    return ApplicantEvent.objects.create(
        applicant=applicant,
        at=at or timezone.now(),
        actor=user,
        actor_label=label[:128],
        source=source,
        reason=reason,
        changes={name: [_json(before), _json(after)] for name, (before, after) in changes.items()},
    )


# The partial unique indexes a record is found by (models.Applicant.Meta.constraints), with their
# predicates spelled as Django creates them: SQLite matches an ON CONFLICT target to a partial index
# only by the identical expression.
_KEYS = {
    "id_number": """("id_number") WHERE NOT ("id_number" = '')""",
    "tax_code": """("tax_code") WHERE (NOT ("tax_code" = '') AND "id_number" = '')""",
}


def _find(key: str, value: str) -> Applicant | None:
    rows = Applicant.objects.filter(**{key: value})
    if key == "tax_code":
        rows = rows.filter(id_number="")
    return rows.first()


def _insert_new(row: Applicant, key: str) -> bool:
    """Insert `row` unless its person exists (then False): one statement, so parallel intakes for
    the same new person meet on the unique index without a lock or a savepoint."""
    fields = [f for f in Applicant._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    values = [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Applicant._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) "
            f"ON CONFLICT {_KEYS[key]} DO NOTHING RETURNING id",
            values,
        )
        found = cursor.fetchone()
    if found is None:
        return False
    row.pk = found[0]
    row._state.adding = False
    return True


def _check_same_person(found: Applicant, data: ApplicantData) -> None:
    """A known number with another name (or birth date) is refused: the desk checks the papers, and
    a record that is wrong is corrected (`correct_applicant`, with a reason), never overwritten by
    an intake. The stored values are not shown: they are another person's data."""
    if found.id_number:
        mismatch = not same_name(found.full_name, data.full_name) or (
            found.date_of_birth and data.date_of_birth and found.date_of_birth != data.date_of_birth
        )
        field = "full_name"
        message = _(
            "Họ tên hoặc ngày sinh không khớp với người đã được ghi nhận có số định danh %(number)s. "
            "Kiểm tra lại giấy tờ tùy thân; nếu thông tin đã lưu bị sai, sửa thông tin người nộp "
            "(kèm lý do) trước khi tiếp nhận."
        ) % {"number": found.id_number}
    else:
        mismatch = not same_name(found.organisation, data.organisation)
        field = "organisation"
        message = _(
            "Tên tổ chức không khớp với tổ chức đã được ghi nhận có mã số thuế %(number)s. Kiểm tra "
            "lại giấy tờ; nếu thông tin đã lưu bị sai, sửa thông tin người nộp (kèm lý do) trước khi "
            "tiếp nhận."
        ) % {"number": found.tax_code}
    if mismatch:
        raise IdentityRefused(field, message, code="identity_mismatch")


def person_for_intake(
    data: ApplicantData, *, user: User | None = None, label: str = "", now: dt.datetime | None = None
) -> Applicant:
    """The shared record of the applicant of an intake: created (with its creation event) when the
    person is new, else the existing one, untouched, once the request names the same person.

    Call inside the intake's transaction, with `data` cleaned (services._clean_applicant)."""
    key = "id_number" if data.id_number else "tax_code" if data.tax_code else None
    if key is not None:
        found = _find(key, getattr(data, key))
        if found is not None:
            _check_same_person(found, data)
            return found
    row = Applicant(
        kind=data.kind,
        full_name=data.full_name.strip(),
        name_folded=fold(data.full_name)[:128],  # the officers' search column (issue 9)
        id_number=data.id_number,
        tax_code=data.tax_code,
        date_of_birth=data.date_of_birth,
        organisation=data.organisation.strip(),
        address=data.address,
        phone=data.phone,
        email=data.email,
    )
    if key is None:
        row.save(force_insert=True)
    elif not _insert_new(row, key):
        found = _find(key, getattr(data, key))  # a parallel intake created the person first
        if found is None:  # the insert conflicted on `key`, so the row is there
            raise RuntimeError(f"applicant {key} conflicted but is not found")
        _check_same_person(found, data)
        return found
    created = {name: (None, getattr(row, name)) for name in PERSON_FIELDS if getattr(row, name)}
    _record(row, source=ApplicantSource.INTAKE, changes=created, at=now, user=user, label=label)
    return row


def person_for_online(data: ApplicantData, *, user: User | None, now: dt.datetime | None = None) -> Applicant:
    """The record of the citizen account submitting online: the identity linked to the account
    (after a verified login), and the request must name that identity. The contact details it gives
    go on the dossier only."""
    if user is None or not user.is_authenticated:
        raise IdentityRefused(
            "applicant",
            _("Đăng nhập bằng tài khoản công dân để nộp hồ sơ trực tuyến."),
            code="not_authenticated",
            status=401,
        )
    linked = list(Applicant.objects.filter(user=user, id_number__gt="").order_by("pk"))
    if not linked:
        raise IdentityRefused(
            "applicant",
            _(
                "Tài khoản chưa được xác thực định danh điện tử: đăng nhập bằng VNeID trước khi nộp "
                "hồ sơ trực tuyến, hoặc nộp tại Bộ phận Một cửa."
            ),
            code="identity_not_verified",
            status=403,
        )
    mine = next((a for a in linked if a.id_number == data.id_number), None)
    if mine is None:
        raise IdentityRefused(
            "id_number",
            _("Tài khoản này chỉ nộp hồ sơ cho chính chủ tài khoản (số định danh đã xác thực)."),
            code="not_your_identity",
            status=403,
        )
    if not same_name(mine.full_name, data.full_name) or (
        data.date_of_birth and mine.date_of_birth and data.date_of_birth != mine.date_of_birth
    ):
        raise IdentityRefused(
            "full_name",
            _("Họ tên, ngày sinh phải đúng như thông tin định danh đã xác thực của tài khoản."),
            code="not_your_identity",
            status=403,
        )
    return mine


# ---------------------------------------------------------------------------------------------
# Changes from a verified source


def _clean_changes(applicant: Applicant, changes: dict) -> dict:
    """The fields that would change, `{field: (before, after)}`, checked."""
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError({name: [_("Không sửa được trường này.")] for name in sorted(unknown)})
    out: dict[str, tuple] = {}
    errors: dict[str, list[str]] = {}
    for name, value in changes.items():
        if isinstance(value, str):
            value = value.strip()
        if name == "date_of_birth" and isinstance(value, str):
            value = dt.date.fromisoformat(value) if value else None
        if name in ("full_name", "kind") and not value:
            errors[name] = [_("Trường này là bắt buộc.")]
            continue
        if value is None and name != "date_of_birth":
            value = ""
        if name == "kind" and value not in ApplicantKind.values:
            errors[name] = [_("Loại đối tượng không hợp lệ.")]
            continue
        try:
            if name == "id_number" and value:
                born = changes.get("date_of_birth", applicant.date_of_birth)
                born = dt.date.fromisoformat(born) if isinstance(born, str) and born else born or None
                value = validate_personal_id(value, date_of_birth=born)
            if name == "tax_code" and value:
                value = validate_tax_code(value)
        except ValidationError as error:
            errors[name] = error.messages
            continue
        if getattr(applicant, name) != value:
            out[name] = (getattr(applicant, name), value)
    new_number = out["id_number"][1] if "id_number" in out else ""
    if new_number and Applicant.objects.filter(id_number=new_number).exclude(pk=applicant.pk).exists():
        errors["id_number"] = [_("Số định danh này đã thuộc một người nộp khác.")]
    if "id_number" in out and not out["id_number"][1] and applicant.kind == ApplicantKind.CITIZEN:
        errors["id_number"] = [_("Công dân phải có số định danh cá nhân.")]
    if errors:
        raise ValidationError(errors)
    return out


def _change(
    applicant: Applicant,
    changes: dict,
    *,
    source: str,
    at: dt.datetime | None,
    user: User | None = None,
    label: str = "",
    reason: str = "",
) -> Applicant:
    with transaction.atomic():
        applicant = Applicant.objects.select_for_update().get(pk=applicant.pk)
        diff = _clean_changes(applicant, changes)
        if not diff:
            return applicant
        for name, (_before, after) in diff.items():
            setattr(applicant, name, after)
        applicant.save(update_fields=list(diff))
        _record(applicant, source=source, changes=diff, at=at, user=user, label=label, reason=reason)
    return applicant


VERIFIED_SOURCES = (ApplicantSource.E_ID, ApplicantSource.POPULATION_DB)


def update_from_verified_source(
    applicant: Applicant,
    data: dict,
    *,
    source: str,
    now: dt.datetime | None = None,
    user: User | None = None,
    reason: str = "",
) -> Applicant:
    """Bring the record in line with what a verified source says (an e-ID login, the population
    database): `data` maps fields of `PERSON_FIELDS` to their verified values; only those that
    differ change, recorded as one event. Returns the fresh record."""
    if source not in VERIFIED_SOURCES:
        raise ValueError(f"not a verified source: {source!r}")
    label = str(ApplicantSource(source).label)
    return _change(applicant, dict(data), source=source, at=now, user=user, label=label, reason=reason)


def verified_login(
    *, user: User, data: dict, source: str = ApplicantSource.E_ID, now: dt.datetime | None = None
) -> Applicant:
    """A citizen's verified login (VNeID): the record of the verified personal ID number, created
    or brought up to date from the verified data, linked to the account. What the portal calls."""
    if source not in VERIFIED_SOURCES:
        raise ValueError(f"not a verified source: {source!r}")
    data = dict(data)
    number = validate_personal_id(data.get("id_number", ""), date_of_birth=data.get("date_of_birth"))
    data["id_number"] = number
    data.setdefault("kind", ApplicantKind.CITIZEN)
    label = str(ApplicantSource(source).label)
    with transaction.atomic():
        applicant = Applicant.objects.select_for_update().filter(id_number=number).first()
        if applicant is None:
            row = Applicant(**{k: v for k, v in data.items() if k in PERSON_FIELDS and v is not None})
            if _insert_new(row, "id_number"):
                created = {n: (None, getattr(row, n)) for n in PERSON_FIELDS if getattr(row, n)}
                _record(row, source=source, changes=created, at=now, user=user, label=label)
            applicant = Applicant.objects.select_for_update().get(id_number=number)
        applicant = _change(applicant, data, source=source, at=now, user=user, label=label)
        link_account(user=user, id_number=number, source=source, now=now)
    return Applicant.objects.get(pk=applicant.pk)


def link_account(
    *, user: User, id_number: str, source: str = ApplicantSource.E_ID, now: dt.datetime | None = None
) -> int:
    """Link the not yet linked record of a personal ID number to a citizen's account, with its
    event. Call it only after the identity provider (VNeID) has verified that the user holds that
    number; returns how many records were linked (0 or 1)."""
    label = str(ApplicantSource(source).label)
    linked = 0
    with transaction.atomic():
        for applicant in Applicant.objects.select_for_update().filter(id_number=id_number, user__isnull=True):
            applicant.user = user
            applicant.save(update_fields=["user"])
            _record(
                applicant, source=source, changes={"user": (None, user.pk)}, at=now, user=user, label=label
            )
            linked += 1
    return linked


def may_correct(actor: Staff | User, applicant: Applicant) -> bool:
    """Who corrects a record: the operator (a superuser), or a one-stop desk officer whose agency
    sees one of the person's dossiers (the one access rule, access.visible_dossiers)."""
    from .access import visible_dossiers

    if isinstance(actor, Staff):
        if not actor.roles.filter(role=Role.DESK_OFFICER).exists():
            return False
        return visible_dossiers(actor.user).filter(applicant=applicant).exists()
    return bool(getattr(actor, "is_superuser", False))


def correct_applicant(
    *, applicant: Applicant, officer: Staff | User, changes: dict, reason: str, now: dt.datetime | None
) -> Applicant:
    """An officer's correction of the shared record (a wrong name, number, birth date, address…),
    with the reason stated; `officer` is a Staff (a desk officer of an agency that sees one of the
    person's dossiers) or the operator's superuser account (the admin). Recorded with before/after."""
    from .transitions import RoleNotAllowed

    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Nêu lý do sửa thông tin người nộp.")]})
    if not may_correct(officer, applicant):
        raise RoleNotAllowed(_("Bạn không được sửa thông tin người nộp này."))
    user = officer.user if isinstance(officer, Staff) else officer
    label = officer.full_name if isinstance(officer, Staff) else (user.get_full_name() or user.get_username())
    return _change(
        applicant, changes, source=ApplicantSource.CORRECTION, at=now, user=user, label=label, reason=reason
    )
