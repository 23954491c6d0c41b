"""The channels a system may subscribe to, and the attributes each notification carries that a
subscription may filter on (Open Zaak's "kenmerken"). The names are the public contract
(docs/events.md): add channels, never rename one."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DOSSIER_RECEIVED = "dossier-received"
DOSSIER_STATE_CHANGED = "dossier-state-changed"
DOSSIER_RESULT_READY = "dossier-result-ready"
# Published by the feedback app (petitions and feedback, PAKN) when an answer is published.
FEEDBACK_ANSWERED = "feedback-answered"

#: Attributes a filter may name: the agency's electronic code, the procedure's code.
AGENCY = "agency"
PROCEDURE = "procedure"

CHANNELS: dict[str, tuple] = {
    DOSSIER_RECEIVED: (_("Hồ sơ được tiếp nhận"), (AGENCY, PROCEDURE)),
    DOSSIER_STATE_CHANGED: (_("Hồ sơ chuyển trạng thái"), (AGENCY, PROCEDURE)),
    DOSSIER_RESULT_READY: (_("Hồ sơ có kết quả"), (AGENCY, PROCEDURE)),
    FEEDBACK_ANSWERED: (_("Phản ánh, kiến nghị được trả lời"), (AGENCY,)),
}


def label(channel: str) -> str:
    return str(CHANNELS[channel][0])


def filter_keys(channel: str) -> tuple[str, ...]:
    return CHANNELS[channel][1]


def choices() -> list[tuple[str, str]]:
    return [(name, str(text)) for name, (text, _keys) in CHANNELS.items()]
