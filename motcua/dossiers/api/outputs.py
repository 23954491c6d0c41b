"""The API's output serializers: they render dossiers, their papers, steps, events, documents
and the actions offered (`commands.offered`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Field
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.core.api import ChoiceLabelField
from motcua.core.choices import choice_label
from motcua.org.models import Role

from .. import commands, national_sync
from ..models import (
    ApplicantKind,
    DocumentKind,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierPaper,
    DossierPause,
    DossierStep,
    PaperSource,
    PauseKind,
    ResultChannel,
    StepState,
)
from ..states import Action, Channel, State
from .permissions import actor_for

if TYPE_CHECKING:  # types only
    from django_stubs_ext import StrOrPromise

PHONE = re.compile(r"^\+?[0-9][0-9 .-]{7,18}[0-9]$")


# ---------------------------------------------------------------------------------------------
# Output


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ProcedureBriefSerializer(serializers.Serializer):
    code = serializers.CharField(source="procedure.code")
    name = serializers.CharField()
    version = serializers.IntegerField(source="number")


def _now(context: Mapping[str, Any]) -> datetime:
    return context.get("now") or timezone.now()


STATE_HELP = gettext_lazy(
    "Mã trạng thái (TrangThaiHoSo): 1 mới đăng ký, 2 được tiếp nhận, 3 không được tiếp nhận, 4 đang xử lý, "
    "5 yêu cầu bổ sung, 6 chờ nghĩa vụ tài chính, 7 rút hồ sơ, 8 dừng xử lý, 9 đã xử lý xong, 10 đã trả kết quả."
)


def _model_label(name: str) -> StrOrPromise:
    field = Dossier._meta.get_field(name)
    if not isinstance(field, Field):  # the API labels the dossier's own columns only
        raise TypeError(f"{name} is not a column of Dossier")
    return capfirst(field.verbose_name)


class DossierListSerializer(serializers.Serializer):
    """One dossier in a list. Every field is declared (no ModelSerializer): building fields from the
    model on each response cost more than rendering a page of dossiers."""

    code = serializers.CharField(label=_model_label("code"), help_text=gettext_lazy("MaHoSo."))
    # Plain integers (with their labels beside them): the national codes are the contract.
    state = serializers.IntegerField(help_text=STATE_HELP)
    state_label = ChoiceLabelField(State, source="state")
    channel = serializers.IntegerField(
        help_text=gettext_lazy("KenhThucHien: 1 trực tiếp, 2 trực tuyến, 3 bưu chính.")
    )
    channel_label = ChoiceLabelField(Channel, source="channel")
    procedure = ProcedureBriefSerializer(source="procedure_version")
    agency = CodeNameSerializer()
    applicant_name = serializers.SerializerMethodField()
    submitted_at = serializers.DateTimeField(label=_model_label("submitted_at"))
    received_at = serializers.DateTimeField(allow_null=True, label=_model_label("received_at"))
    due_at = serializers.DateTimeField(allow_null=True, label=_model_label("due_at"))
    finished_at = serializers.DateTimeField(allow_null=True, label=_model_label("finished_at"))
    returned_at = serializers.DateTimeField(allow_null=True, label=_model_label("returned_at"))
    overdue = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_applicant_name(self, dossier: Dossier) -> str:
        return dossier.contact.name

    def get_overdue(self, dossier: Dossier) -> bool:
        return bool(
            dossier.due_at
            and dossier.state in (State.RECEIVED, State.PROCESSING)
            and dossier.due_at < _now(self.context)
        )

    def get_url(self, dossier: Dossier) -> str:
        return reverse("dossier-detail", kwargs={"code": dossier.code})


class ApplicantSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = ChoiceLabelField(ApplicantKind, source="kind")
    full_name = serializers.CharField()
    id_number = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    organisation = serializers.CharField()
    tax_code = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


class PaperSerializer(serializers.ModelSerializer):
    source = serializers.CharField(
        help_text=gettext_lazy("uploaded, scanned, paper, registry, earlier_result")
    )
    source_label = ChoiceLabelField(PaperSource, source="source")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DossierPaper
        fields = [
            "id",
            "requirement",
            "name",
            "kind",
            "count",
            "source",
            "source_label",
            "supplement_number",
            "download_url",
        ]

    # A site-relative link (uri-reference, not an absolute uri); null when the paper has no file.
    @extend_schema_field({"type": "string", "format": "uri-reference", "nullable": True})
    def get_download_url(self, paper: DossierPaper) -> str | None:
        if not paper.file:
            return None
        return reverse("dossier-paper-file", kwargs={"code": paper.dossier.code, "pk": paper.pk})


class StepSerializer(serializers.ModelSerializer):
    state = serializers.CharField(help_text=gettext_lazy("pending, active, done, returned"))
    outcome = serializers.CharField(help_text=gettext_lazy("early, on_time, late hoặc rỗng"))
    agency = CodeNameSerializer()
    unit = CodeNameSerializer(allow_null=True)
    assignee = serializers.CharField(source="assignee.full_name", allow_null=True, default=None)
    state_label = ChoiceLabelField(StepState, source="state")
    role = serializers.CharField(
        help_text=gettext_lazy(
            "desk_officer, specialist, unit_head, agency_leader hoặc rỗng: vai trò nhận bước khi "
            "chưa giao cho người cụ thể (rỗng: mọi người có vai trò xử lý)"
        )
    )
    role_label = ChoiceLabelField(Role, source="role")

    class Meta:
        model = DossierStep
        fields = [
            "id",
            "order",
            "work",
            "agency",
            "unit",
            "position",
            "role",
            "role_label",
            "assignee",
            "budget_amount",
            "budget_unit",
            "parallel_group",
            "is_interagency",
            "state",
            "state_label",
            "started_at",
            "due_at",
            "completed_at",
            "outcome",
            "note",
        ]


class EventSerializer(serializers.ModelSerializer):
    from_state = serializers.IntegerField(allow_null=True, help_text=STATE_HELP)
    to_state = serializers.IntegerField(help_text=STATE_HELP)
    action_label = serializers.SerializerMethodField()
    from_state_label = serializers.SerializerMethodField()
    to_state_label = ChoiceLabelField(State, source="to_state")

    class Meta:
        model = DossierEvent
        fields = [
            "at",
            "action",
            "action_label",
            "actor_label",
            "from_state",
            "from_state_label",
            "to_state",
            "to_state_label",
            "reason",
            "data",
        ]

    def get_action_label(self, event: DossierEvent) -> str:
        try:
            return str(Action(event.action).label)
        except ValueError:
            return event.action

    def get_from_state_label(self, event: DossierEvent) -> str | None:
        return choice_label(State, event.from_state) if event.from_state else None


class DocumentSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text=gettext_lazy("mau_01 … mau_06, result, step_file"))
    kind_label = ChoiceLabelField(DocumentKind, source="kind")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DossierDocument
        fields = [
            "id",
            "kind",
            "kind_label",
            "created_at",
            "signed_by",
            "signed_at",
            "sha256",
            "download_url",
        ]

    @extend_schema_field({"type": "string", "format": "uri-reference"})  # a site-relative link
    def get_download_url(self, document: DossierDocument) -> str:
        return reverse("dossier-document-file", kwargs={"code": document.dossier.code, "pk": document.pk})


class PauseSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text=gettext_lazy("supplement, fees"))
    kind_label = ChoiceLabelField(PauseKind, source="kind")

    class Meta:
        model = DossierPause
        fields = ["kind", "kind_label", "started_at", "ended_at"]


class AllowedActionSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()
    url = serializers.CharField()


class ReceivedPaperSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    requirement = serializers.IntegerField(source="requirement_id", allow_null=True)
    name = serializers.CharField()
    kind = serializers.CharField()
    count = serializers.IntegerField()
    source = serializers.CharField()


class DossierCreatedSerializer(DossierListSerializer):
    """The answer to a creation: the code, the state, the promised time and the papers received,
    from the objects the service wrote (no read-back: intake is the busiest write). The whole
    record is at `url` (officers and the signed-in applicant)."""

    original_due_at = serializers.DateTimeField(allow_null=True, label=_model_label("original_due_at"))
    postal_item_number = serializers.CharField(label=_model_label("postal_item_number"))
    # Decree 118/2025: where the result of a dossier received for another agency goes back ("" for
    # a dossier of the receiving agency itself), and whether its paper originals follow.
    return_place = serializers.CharField(label=_model_label("return_place"))
    originals_to_send = serializers.BooleanField(label=_model_label("originals_to_send"))
    papers = serializers.SerializerMethodField()

    @extend_schema_field(ReceivedPaperSerializer(many=True))
    def get_papers(self, dossier: Dossier) -> list[dict]:
        papers = getattr(dossier, "received_papers", None)  # services._create keeps what it wrote
        if papers is None:
            papers = dossier.papers.all()
        return ReceivedPaperSerializer(papers, many=True).data


class SyncStateSerializer(serializers.Serializer):
    """The dossier's last record for the national portal (issue 13)."""

    status = serializers.ChoiceField(
        choices=national_sync.Status.choices,
        help_text=gettext_lazy(
            "pending chờ gửi, sending đang gửi, sent đã gửi (chờ xác nhận), acknowledged Cổng DVCQG đã xác nhận, "
            "failed gửi lỗi (sẽ gửi lại), dead gửi lỗi (chờ cán bộ gửi lại)."
        ),
    )
    status_label = ChoiceLabelField(national_sync.Status, source="status")
    sequence = serializers.IntegerField(help_text=gettext_lazy("Thứ tự bản ghi của hồ sơ."))
    state = serializers.IntegerField(
        source="payload.TrangThaiHoSo", required=False, help_text=gettext_lazy("TrangThaiHoSo trong bản ghi.")
    )
    attempts = serializers.IntegerField()
    queued_at = serializers.DateTimeField(source="created_at")
    sent_at = serializers.DateTimeField(allow_null=True)
    acknowledged_at = serializers.DateTimeField(allow_null=True)
    next_attempt_at = serializers.DateTimeField(allow_null=True)
    partner_ref = serializers.CharField(help_text=gettext_lazy("Mã biên nhận của Cổng DVCQG."))
    partner_message = serializers.CharField(
        help_text=gettext_lazy("Phản hồi của Cổng DVCQG (lý do từ chối…).")
    )
    last_error = serializers.CharField()


class DossierDetailSerializer(DossierCreatedSerializer):
    """A whole dossier: applicant, papers, steps, pauses, events, documents and what the requester
    may do next."""

    supplement_requests = serializers.IntegerField(label=_model_label("supplement_requests"))
    return_channel = serializers.IntegerField(
        label=_model_label("return_channel"),
        help_text=gettext_lazy("1 tại Bộ phận Một cửa, 2 bản điện tử, 3 bưu chính."),
    )
    return_channel_label = ChoiceLabelField(ResultChannel, source="return_channel")
    returned_to = serializers.CharField(label=_model_label("returned_to"))
    # As given for this dossier (issue 8); older dossiers show the shared record.
    applicant = ApplicantSerializer(source="contact")
    papers = PaperSerializer(many=True)
    steps = StepSerializer(many=True)
    pauses = PauseSerializer(many=True)
    events = EventSerializer(many=True)
    documents = DocumentSerializer(many=True)
    allowed_actions = serializers.SerializerMethodField()
    sync = serializers.SerializerMethodField()

    @extend_schema_field(SyncStateSerializer(allow_null=True))
    def get_sync(self, dossier: Dossier) -> dict | None:
        """The national portal sync state; null when nothing was queued for the dossier."""
        delivery = national_sync.state_of(dossier)
        return SyncStateSerializer(delivery).data if delivery is not None else None

    @extend_schema_field(AllowedActionSerializer(many=True))
    def get_allowed_actions(self, dossier: Dossier) -> list[dict]:
        actor = actor_for(self.context["request"], dossier)
        situation = commands.Situation.of(dossier, list(dossier.steps.all()))
        return [
            {
                "action": action.value,
                "label": str(action.label),
                "url": reverse(f"dossier-{action_path(action)}", kwargs={"code": dossier.code}),
            }
            for action in commands.offered(actor, dossier, self.context.get("now"), situation=situation)
        ]


def action_path(action: Action) -> str:
    """The URL segment of an action's endpoint (`receive`, `request-supplement`, …)."""
    return Action(action).value.replace("_", "-")


class ErrorSerializer(serializers.Serializer):
    """Every error body (core.api.exception_handler)."""

    code = serializers.CharField(
        help_text=gettext_lazy("Mã lỗi ổn định, ví dụ invalid, transition_not_allowed.")
    )
    field = serializers.CharField(
        allow_null=True, required=False, help_text=gettext_lazy("Trường bị từ chối đầu tiên, nếu có.")
    )
    message = serializers.CharField(required=False, help_text=gettext_lazy("Lời nhắn đầu tiên."))
    detail = serializers.CharField()
    errors = serializers.DictField(required=False, help_text=gettext_lazy("Lỗi theo từng trường."))
