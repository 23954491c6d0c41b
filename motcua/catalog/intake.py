"""The catalogue's part of intake: which components a dossier of a version needs (docs/intake-seam.md).

`check_components` takes the case the applicant is in, the dossier's channel and the papers handed
in or shown, and checks exactly that case's components for that channel: every mandatory one, one
of each alternative group (a group is satisfied by one of its members; a mandatory group needs one),
and nothing from another case or channel. Components with no case belong to every case; components
with no channels apply to every channel. Errors are field errors keyed `case` / `papers` with stable
codes, collected in one `ValidationError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Channel, Presentation, ProcedureCase, ProcedureVersion, Requirement


class ErrorCode:
    UNKNOWN_CASE = "unknown_case"
    UNKNOWN_COMPONENT = "unknown_component"
    COMPONENT_OTHER_CASE = "component_other_case"
    COMPONENT_OTHER_CHANNEL = "component_other_channel"
    MISSING_COMPONENT = "missing_component"
    ALTERNATIVES = "alternatives"
    SHOWN_NOT_SHOWABLE = "shown_not_showable"


# The dossier's channel (national KenhThucHien: 1 desk, 2 online, 3 post) → the catalogue's values a
# component's `channels` may name.
_CHANNEL_VALUES = {
    1: {Channel.DESK},
    2: {Channel.ONLINE, Channel.ONLINE_FULL, Channel.ONLINE_PARTIAL},
    3: {Channel.POST},
}


def channel_values(channel) -> set[str]:
    """The catalogue channel values matching a dossier channel (1/2/3, or a catalogue value)."""
    if isinstance(channel, str) and not channel.isdigit():
        if channel in (Channel.ONLINE, Channel.ONLINE_FULL, Channel.ONLINE_PARTIAL):
            return set(_CHANNEL_VALUES[2])
        return {channel}
    return set(_CHANNEL_VALUES.get(int(channel), set()))


def accepts_online(version: ProcedureVersion) -> bool:
    """Whether the procedure may be submitted online (its channels name an online one)."""
    return bool(set(version.channels or []) & channel_values(2))


def online_full(version: ProcedureVersion) -> bool:
    """Full online (toàn trình): electronic result and online payment; otherwise partial."""
    return Channel.ONLINE_FULL in (version.channels or []) and version.result_electronic


def applies_to_channel(requirement: Requirement, channel) -> bool:
    """Whether the component applies to `channel` (None: any channel, e.g. the public page)."""
    return (
        channel is None
        or not requirement.channels
        or bool(set(requirement.channels) & channel_values(channel))
    )


def belongs_to_case(requirement: Requirement, case: ProcedureCase | None) -> bool:
    return requirement.case_id is None or (case is not None and requirement.case_id == case.pk)


def _cases(version: ProcedureVersion) -> list[ProcedureCase]:
    return list(version.cases.all())  # prefetched by selectors.published_version


def _requirements(version: ProcedureVersion) -> list[Requirement]:
    return list(version.requirements.all())


def resolve_case(version: ProcedureVersion, case_id) -> ProcedureCase | None:
    """The case `case_id` of `version` (None: its default case, or None when it has no cases)."""
    cases = _cases(version)
    if case_id in (None, ""):
        return next((c for c in cases if c.is_default), cases[0] if cases else None)
    try:
        wanted = int(case_id)
    except (TypeError, ValueError):
        wanted = None
    case = next((c for c in cases if c.pk == wanted), None)
    if case is None:
        raise ValidationError(
            {
                "case": [
                    ValidationError(
                        _("Trường hợp %(id)s không thuộc thủ tục “%(name)s”.")
                        % {"id": case_id, "name": version.name},
                        code=ErrorCode.UNKNOWN_CASE,
                    )
                ]
            }
        )
    return case


def components(version: ProcedureVersion, *, case: ProcedureCase | None, channel) -> list[Requirement]:
    """The components of `version` that apply in `case` for `channel`, in their order."""
    return [r for r in _requirements(version) if belongs_to_case(r, case) and applies_to_channel(r, channel)]


@dataclass(frozen=True)
class Checklist:
    """What the desk shows for one case and channel: single components and groups of alternatives."""

    case: ProcedureCase | None
    items: list  # Requirement, or list[Requirement] for an alternative group


def checklist(version: ProcedureVersion, *, case: ProcedureCase | None, channel) -> Checklist:
    items: list = []
    groups: dict[str, list[Requirement]] = {}
    for requirement in components(version, case=case, channel=channel):
        if requirement.alternative_group:
            if requirement.alternative_group not in groups:
                groups[requirement.alternative_group] = []
                items.append(groups[requirement.alternative_group])
            groups[requirement.alternative_group].append(requirement)
        else:
            items.append(requirement)
    return Checklist(case=case, items=items)


def _paper_fields(paper) -> tuple[int | None, bool]:
    if isinstance(paper, dict):
        return paper.get("requirement_id", paper.get("requirement")), bool(paper.get("shown_only"))
    return getattr(paper, "requirement_id", None), bool(getattr(paper, "shown_only", False))


def check_components(
    version: ProcedureVersion, *, case_id=None, channel=1, papers: Sequence | Iterable = ()
) -> ProcedureCase | None:
    """Check the papers of a dossier of `version` in case `case_id` (None: the default) received
    through `channel`; return the case used. Raises ValidationError keyed `case` / `papers`.

    `papers`: objects or dicts with `requirement_id` (None: a paper the catalogue does not name,
    accepted as an extra) and `shown_only` (a paper shown at the desk, recorded as seen)."""
    case = resolve_case(version, case_id)
    by_id = {r.pk: r for r in _requirements(version)}
    cases = {c.pk: c for c in _cases(version)}
    errors: list[ValidationError] = []
    given: dict[int, bool] = {}
    for paper in papers:
        requirement_id, shown_only = _paper_fields(paper)
        if requirement_id is None:
            continue
        requirement = by_id.get(requirement_id)
        if requirement is None:
            errors.append(
                ValidationError(
                    _("Thành phần hồ sơ %(id)s không thuộc thủ tục này.") % {"id": requirement_id},
                    code=ErrorCode.UNKNOWN_COMPONENT,
                )
            )
        elif not belongs_to_case(requirement, case):
            other = cases.get(requirement.case_id)
            errors.append(
                ValidationError(
                    _("“%(name)s” thuộc trường hợp “%(other)s”, không thuộc trường hợp “%(case)s”.")
                    % {
                        "name": requirement.name,
                        "other": other.name if other else "?",
                        "case": case.name if case else "",
                    },
                    code=ErrorCode.COMPONENT_OTHER_CASE,
                )
            )
        elif not applies_to_channel(requirement, channel):
            errors.append(
                ValidationError(
                    _("“%(name)s” chỉ áp dụng khi nộp hồ sơ qua kênh: %(channels)s.")
                    % {
                        "name": requirement.name,
                        "channels": ", ".join(
                            str(Channel(c).label) if c in Channel.values else c for c in requirement.channels
                        ),
                    },
                    code=ErrorCode.COMPONENT_OTHER_CHANNEL,
                )
            )
        elif shown_only and requirement.presentation != Presentation.SHOW:
            errors.append(
                ValidationError(
                    _("“%(name)s” là giấy tờ phải nộp, không chỉ xuất trình.") % {"name": requirement.name},
                    code=ErrorCode.SHOWN_NOT_SHOWABLE,
                )
            )
        else:
            given[requirement.pk] = shown_only
    for item in checklist(version, case=case, channel=channel).items:
        if isinstance(item, list):
            chosen = [r for r in item if r.pk in given]
            if len(chosen) > 1:
                errors.append(
                    ValidationError(
                        _("Chỉ cần một trong các giấy tờ thay thế nhau: %(names)s.")
                        % {"names": "; ".join(r.name for r in chosen)},
                        code=ErrorCode.ALTERNATIVES,
                    )
                )
            elif not chosen and any(r.mandatory for r in item):
                errors.append(
                    ValidationError(
                        _("Thiếu một trong các giấy tờ: %(names)s.")
                        % {"names": "; ".join(r.name for r in item)},
                        code=ErrorCode.MISSING_COMPONENT,
                    )
                )
        elif item.mandatory and item.pk not in given:
            message = (
                _("Chưa xuất trình giấy tờ bắt buộc: %(name)s.")
                if item.presentation == Presentation.SHOW
                else _("Thiếu giấy tờ bắt buộc: %(name)s.")
            )
            errors.append(ValidationError(message % {"name": item.name}, code=ErrorCode.MISSING_COMPONENT))
    if errors:
        raise ValidationError({"papers": errors})
    return case
