"""REST API of the dossier lifecycle (`/api/v1/dossiers/`).

Views check input with a serializer, call one service function and render the result; they never
change state themselves. Refusals come from the services: 400 bad input, 409 an action the dossier's
state does not allow, 403 a role or agency that may not act (core.api.exception_handler).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ParseError, PermissionDenied, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.core import limits
from motcua.core.throttles import SubmissionThrottle
from motcua.machines import rules as machine_rules
from motcua.machines import scopes

from .. import commands, downloads, selectors, services, sync
from ..models import Dossier, DossierDocument, DossierEvent, DossierPaper, DossierStep
from ..states import Action
from . import clock as _clock
from . import serializers as s
from .filters import DossierFilter
from .permissions import LoginRequired, actor_for, get_visible, machine_of, staff_of, visible_dossiers

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description=gettext_lazy(
        "Khóa do ứng dụng tạo (tối đa 100 ký tự) để gửi lại an toàn một yêu cầu tạo hồ sơ, cả hồ sơ nộp "
        "trực tuyến lẫn hồ sơ cán bộ tiếp nhận tại Bộ phận Một cửa hoặc qua bưu chính; khóa có hiệu lực "
        "riêng cho từng tài khoản (ứng dụng ẩn danh dùng chung một phạm vi). Cùng khóa và cùng nội dung trả "
        "lại đúng hồ sơ đã tạo (200, header Idempotent-Replayed: true), không tạo hồ sơ thứ hai; cùng khóa "
        "mà khác nội dung bị từ chối (422)."
    ),
)
MAX_KEY = 100


ERRORS = {
    400: OpenApiResponse(
        s.ErrorSerializer, description=gettext_lazy("Dữ liệu không hợp lệ; `errors` nêu từng trường.")
    ),
    401: OpenApiResponse(s.ErrorSerializer, description=gettext_lazy("Chưa đăng nhập.")),
    403: OpenApiResponse(
        s.ErrorSerializer, description=gettext_lazy("Vai trò hoặc cơ quan không được phép.")
    ),
    404: OpenApiResponse(s.ErrorSerializer, description=gettext_lazy("Không có hồ sơ mang mã này.")),
}
TRANSITION_ERRORS = {
    **ERRORS,
    409: OpenApiResponse(
        s.ErrorSerializer,
        description=gettext_lazy(
            "Thao tác không áp dụng cho trạng thái hiện tại (code `transition_not_allowed`)."
        ),
    ),
}


# ---------------------------------------------------------------------------------------------
# Actions: the API's rendering of `commands.COMMANDS`: per action its URL, its input serializer
# and how the validated data fill the command's typed input. The offer, the checks and the
# service are the table's.

C = commands

#: action → (URL segment, input serializer, validated data → the command's input)
ACTIONS: dict[Action, tuple[str, type, Callable[[dict], object]]] = {}


def _register(act: Action, serializer: type, to_input: Callable[[dict], object]) -> None:
    ACTIONS[act] = (s.action_path(act), serializer, to_input)


_register(Action.RECEIVE, s.EmptySerializer, lambda v: C.NoInput())
_register(
    Action.REQUEST_SUPPLEMENT,
    s.SupplementRequestSerializer,
    lambda v: C.SupplementRequestInput(
        reasons=[dict(i) for i in v.get("items", [])] + list(v.get("reasons", []))
    ),
)
_register(Action.SUPPLEMENT, s.SupplementSerializer, lambda v: C.SupplementInput(papers=v["paper_data"]))
_register(Action.REFUSE, s.ReasonSerializer, lambda v: C.ReasonInput(reason=v["reason"]))
_register(Action.AWAIT_FEES, s.AwaitFeesSerializer, lambda v: C.FeesInput(fees=[dict(f) for f in v["fees"]]))
_register(Action.PAY_FEES, s.EmptySerializer, lambda v: C.NoInput())
_register(Action.START_PROCESSING, s.EmptySerializer, lambda v: C.NoInput())
_register(
    Action.EXTEND, s.ExtendSerializer, lambda v: C.ExtendInput(reason=v["reason"], new_due=v["new_due"])
)
_register(Action.STOP, s.ReasonSerializer, lambda v: C.ReasonInput(reason=v["reason"]))
_register(Action.WITHDRAW, s.ReasonSerializer, lambda v: C.ReasonInput(reason=v["reason"]))
_register(Action.RESOLVE, s.EmptySerializer, lambda v: C.ResolveInput())
_register(
    Action.DELIVER,
    s.DeliverSerializer,
    lambda v: C.DeliverInput(
        received_by=v["received_by"],
        channel=v["channel"],
        postal_item_number=v.get("postal_item_number", ""),
    ),
)
_register(
    Action.COMPLETE_STEP,
    s.CompleteStepSerializer,
    lambda v: C.CompleteStepInput(
        step=v.get("step"), note=v.get("note", ""), files=[f["file"] for f in v.get("files", [])]
    ),
)
_register(
    Action.RETURN_STEP,
    s.ReturnStepSerializer,
    lambda v: C.ReturnStepInput(to_step=v["to_step"], from_step=v.get("from_step"), reason=v["reason"]),
)
_register(
    Action.TRANSFER,
    s.TransferSerializer,
    lambda v: C.TransferInput(
        agency=v["agency"],
        work=v["work"],
        budget=v["budget"],
        unit=v["unit"],
        parallel=v["parallel"],
        from_step=v.get("from_step"),
        note=v.get("note", ""),
    ),
)
_register(
    Action.ASSIGN_STEP,
    s.AssignStepSerializer,
    lambda v: C.AssignStepInput(step=v["step"], assignee=v["assignee"]),
)
_register(
    Action.ATTACH_RESULT,
    s.AttachResultSerializer,
    lambda v: C.AttachResultInput(file=v.get("file"), generate=v["generate"], sign=v["sign"]),
)
assert set(ACTIONS) == set(commands.COMMANDS), "every command has its API rendering"

ACTION_PATHS = {act: path for act, (path, _ser, _call) in ACTIONS.items()}
#: Actions that carry files: JSON (files in base64) or multipart/form-data like a creation (the JSON
#: document in the part `data`, each file in its own part, named by the paper's `upload`).
MULTIPART_ACTIONS = frozenset({Action.SUPPLEMENT})


def _attachment(
    model: type[DossierPaper] | type[DossierDocument],
    request: Request,
    dossier: Dossier,
    pk: int | str,
    missing: str,
) -> HttpResponse:
    """The file of the dossier's paper or document `pk`, as a download (404 `missing` if none)."""
    row = downloads.file_of(request.user, model, code=dossier.code, pk=pk)
    if row is None:
        raise NotFound(missing)
    return downloads.file_response(row)


def allowed_for(request: Request, dossier: Dossier) -> list[Action]:
    """The actions the requester may take on `dossier` now (what clients should offer):
    `commands.offered`, the same answer the office's buttons give."""
    return commands.offered(actor_for(request, dossier), dossier, _clock.now())


def _detail_queryset():
    return Dossier.objects.select_related(
        "procedure_version__procedure", "agency", "applicant"
    ).prefetch_related(
        "papers",
        Prefetch("steps", queryset=DossierStep.objects.select_related("agency", "unit", "assignee")),
        "pauses",
        Prefetch("events", queryset=DossierEvent.objects.order_by("at", "id")),
        "documents",
    )


def _action_view(act: Action) -> Callable:
    path, serializer_class, to_input = ACTIONS[act]

    def view(self, request, code=None):
        dossier = get_visible(request, code, Dossier.objects.select_related("applicant", "procedure_version"))
        actor = actor_for(request, dossier)
        # A read-only pre-check, so an action not offered answers 409 (state) or 403 (role, agency,
        # step) whatever the body: the offer's own reason; the service checks again on the locked row.
        refusal = commands.refusal(actor, dossier, act)
        if refusal is not None:
            raise refusal
        payload, uploads = self._payload(request) if act in MULTIPART_ACTIONS else (request.data, {})
        context = {"request": request, "uploads": uploads, "dossier": dossier, "online": actor.staff is None}
        serializer = serializer_class(data=payload, context=context)
        serializer.is_valid(raise_exception=True)
        commands.run(
            act, dossier=dossier, actor=actor, data=to_input(serializer.validated_data), now=_clock.now()
        )
        return self._render_detail(request, dossier.code)

    view.__name__ = act.value
    view = action(detail=True, methods=["post"], url_path=path, url_name=path)(view)
    # After @action, which replaces the function's kwargs where extend_schema keeps its schema.
    request_schema: dict[str, type] | type | None
    if act in MULTIPART_ACTIONS:
        request_schema = {
            "application/json": serializer_class,
            "multipart/form-data": s.MultipartCreateSerializer,
        }
    else:
        request_schema = serializer_class if serializer_class is not s.EmptySerializer else None
    return extend_schema(
        summary=act.label,
        request=request_schema,
        responses={200: s.DossierDetailSerializer, **TRANSITION_ERRORS},
        tags=["dossiers"],
    )(view)


@extend_schema_view(
    list=extend_schema(
        summary=gettext_lazy("Danh sách hồ sơ trong phạm vi của người hỏi"),
        description=gettext_lazy(
            "Cán bộ: hồ sơ của cơ quan mình (hoặc đang xử lý liên thông); công dân: hồ sơ mình đã nộp."
        ),
        responses={200: s.DossierListSerializer, 401: ERRORS[401]},
        tags=["dossiers"],
    ),
    retrieve=extend_schema(
        summary=gettext_lazy("Một hồ sơ: giấy tờ, các bước, nhật ký, văn bản, thao tác được phép"),
        parameters=[
            OpenApiParameter("code", str, OpenApiParameter.PATH, description=gettext_lazy("Mã hồ sơ"))
        ],
        responses={200: s.DossierDetailSerializer, **ERRORS},
        tags=["dossiers"],
    ),
)
class DossierViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    lookup_field = "code"
    lookup_value_regex = r"[0-9A-Za-z.\-]+"
    filterset_class = DossierFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["submitted_at", "received_at", "due_at", "code"]
    ordering = ["-submitted_at", "-id"]
    parser_classes = [JSONParser, MultiPartParser]
    queryset = Dossier.objects.none()
    # What machine clients may do here, per action (machines.rules; the agency: access.visible_dossiers
    # and, for a creation, the intake's agency).
    machine_scopes = {
        "list": scopes.DOSSIERS_READ,
        "retrieve": scopes.DOSSIERS_READ,
        "create": scopes.DOSSIERS_WRITE,
        "sync_record": scopes.SYNC,
    }

    def get_permissions(self):
        if self.action == "create":
            return [AllowAny()]
        return [IsAuthenticated()]

    def get_throttles(self):
        # Submissions are throttled per user (per address when anonymous): core.throttles.
        return [SubmissionThrottle()] if self.action == "create" else []

    def get_serializer_class(self):
        return s.DossierListSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "now": _clock.now()}

    def get_queryset(self):
        return (
            visible_dossiers(self.request)
            .select_related("procedure_version__procedure", "agency", "applicant")
            .defer(*selectors.row_defer())
        )

    # -----------------------------------------------------------------------------------------

    def retrieve(self, request, code=None):
        dossier = get_visible(request, code, _detail_queryset())
        return Response(s.DossierDetailSerializer(dossier, context=self.get_serializer_context()).data)

    def _render_detail(self, request, code, status_code=status.HTTP_200_OK, headers=None):
        dossier = _detail_queryset().get(code=code)
        data = s.DossierDetailSerializer(dossier, context=self.get_serializer_context()).data
        return Response(data, status=status_code, headers=headers)

    # -----------------------------------------------------------------------------------------

    @extend_schema(
        summary=gettext_lazy("Tiếp nhận hồ sơ (tại Bộ phận Một cửa, qua bưu chính) hoặc nộp trực tuyến"),
        description=gettext_lazy(
            "Cán bộ Một cửa đã đăng nhập: tiếp nhận hồ sơ đầy đủ (kênh 1 trực tiếp hoặc 3 bưu chính, kèm số hiệu "
            "bưu gửi): hồ sơ được cấp mã, hẹn trả và ở trạng thái 2; số định danh đã có mà họ tên khác bị từ "
            "chối (400, code `identity_mismatch`). Công dân đã đăng nhập, tài khoản đã xác thực định danh: nộp "
            "trực tuyến cho chính mình (họ tên, số định danh đúng như đã xác thực), hồ sơ ở trạng thái 1 chờ Bộ "
            "phận Một cửa kiểm tra; địa chỉ, điện thoại, thư điện tử ghi trên hồ sơ này. Không nộp ẩn danh "
            "(401). Tệp: PDF, JPEG, PNG "
            "(kiểm tra theo nội dung), tối đa 20 MB mỗi tệp; gửi base64 trong JSON hoặc multipart/form-data "
            "(tài liệu JSON trong phần `data`, mỗi tệp một phần, giấy tờ nêu tên phần ở `upload`)."
        ),
        request={
            "application/json": s.DossierCreateSerializer,
            "multipart/form-data": s.MultipartCreateSerializer,
        },
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            201: OpenApiResponse(
                s.DossierCreatedSerializer,
                description=gettext_lazy(
                    "Hồ sơ đã tạo; toàn bộ hồ sơ (các bước, nhật ký, văn bản) ở Location."
                ),
            ),
            200: OpenApiResponse(
                s.DossierCreatedSerializer,
                description=gettext_lazy(
                    "Gửi lại với cùng Idempotency-Key và cùng nội dung: hồ sơ đã tạo lần trước."
                ),
            ),
            400: ERRORS[400],
            401: OpenApiResponse(
                s.ErrorSerializer,
                description=gettext_lazy(
                    "Chưa đăng nhập: không nộp hồ sơ ẩn danh (code `not_authenticated`)."
                ),
            ),
            403: OpenApiResponse(
                s.ErrorSerializer,
                description=gettext_lazy(
                    "Vai trò hoặc cơ quan không được phép; tài khoản chưa xác thực định danh (code "
                    "`identity_not_verified`); nộp cho người khác (code `not_your_identity`)."
                ),
            ),
            422: OpenApiResponse(
                s.ErrorSerializer,
                description=gettext_lazy(
                    "Idempotency-Key đã dùng cho nội dung khác (code `idempotency_key_reused`)."
                ),
            ),
        },
        examples=[
            OpenApiExample(
                "Nộp trực tuyến",
                request_only=True,
                media_type="application/json",
                value={
                    "procedure": "1.001193",
                    "agency": "000.00.31.H26",
                    "applicant": {
                        "kind": "0",
                        "full_name": "Trần Thị Lan",
                        "id_number": "001190012345",
                        "phone": "0912345678",
                    },
                    "papers": [
                        {
                            "requirement": 1,
                            "kind": "original",
                            "file_name": "to-khai.pdf",
                            "file_base64": "JVBERi0...",
                        }
                    ],
                },
            )
        ],
        tags=["dossiers"],
    )
    def create(self, request):
        if not request.user.is_authenticated:  # issue 8: no anonymous online submission
            raise LoginRequired()
        payload, uploads = self._payload(request)
        staff = staff_of(request)
        machine = machine_of(request)
        online = staff is None
        serializer = s.DossierCreateSerializer(
            data=payload, context={"request": request, "uploads": uploads, "online": online}
        )
        serializer.is_valid(raise_exception=True)
        key = (request.headers.get("Idempotency-Key") or "").strip()
        if len(key) > MAX_KEY:
            raise ValidationError({"Idempotency-Key": [_("Khóa tối đa %(n)s ký tự.") % {"n": MAX_KEY}]})
        owner = request.user.pk if request.user.is_authenticated else "anon"
        scoped = f"api:{owner}:{key}" if key else None
        intake = serializer.to_intake(online=online)
        now = _clock.now()
        # The channel, the papers and a repeated Idempotency-Key are the intake command's checks.
        if machine is not None:  # forwarded online submission, for an agency granted dossiers:write
            machine_rules.require_agency(machine, intake.agency)
            dossier = services.submit_online(
                intake=intake,
                now=now,
                idempotency_key=scoped,
                machine=services.MachineSubmission(
                    user=request.user, client_name=str(machine.client), client_id=machine.client.client_id
                ),
            )
        elif staff is None:  # online
            user = request.user if request.user.is_authenticated else None
            dossier = services.submit_online(intake=intake, now=now, user=user, idempotency_key=scoped)
        else:
            dossier = services.receive_at_desk(officer=staff, intake=intake, now=now, idempotency_key=scoped)
        if getattr(dossier, "replayed", False):
            existing = (
                Dossier.objects.select_related("procedure_version__procedure", "agency", "applicant")
                .prefetch_related("papers")
                .get(pk=dossier.pk)
            )
            response = self._created(request, existing, status.HTTP_200_OK)
            response["Idempotent-Replayed"] = "true"
            return response
        return self._created(request, dossier)

    def _created(self, request, dossier, status_code=status.HTTP_201_CREATED):
        """What was recorded, from the service's own objects (no read-back: intake is the busiest
        write); the whole record (steps, events, forms, actions) is at Location."""
        data = s.DossierCreatedSerializer(dossier, context=self.get_serializer_context()).data
        location = request.build_absolute_uri(reverse("dossier-detail", kwargs={"code": dossier.code}))
        return Response(data, status=status_code, headers={"Location": location})

    @staticmethod
    def _payload(request):
        content_type = request.content_type or ""
        if content_type.startswith("multipart/"):
            raw = request.data.get("data")
            if not raw:
                raise ParseError(_("Thiếu phần `data` chứa tài liệu JSON của hồ sơ."))
            if limits.json_too_deep(raw.encode() if isinstance(raw, str) else raw, limits.max_depth()):
                raise ParseError(
                    _("Nội dung JSON lồng nhau quá sâu (tối đa %(depth)s cấp).")
                    % {"depth": limits.max_depth()},
                    code="json_too_deep",
                )
            try:
                payload = json.loads(raw)
            except ValueError as error:
                raise ParseError(_("Phần `data` không phải JSON hợp lệ.")) from error
            return payload, request.FILES
        return request.data, {}

    # -----------------------------------------------------------------------------------------
    # Files: streamed only to those who may see the dossier.

    @extend_schema(
        summary=gettext_lazy("Tải tệp giấy tờ của hồ sơ"),
        responses={(200, "application/octet-stream"): bytes, **ERRORS},
        tags=["dossiers"],
    )
    @action(detail=True, methods=["get"], url_path=r"papers/(?P<pk>\d+)/file", url_name="paper-file")
    def paper_file(self, request, code=None, pk=None):
        return _attachment(DossierPaper, request, get_visible(request, code), pk, _("Không có tệp này."))

    @extend_schema(
        summary=gettext_lazy("Tải văn bản của hồ sơ (phiếu, kết quả)"),
        responses={(200, "application/octet-stream"): bytes, **ERRORS},
        tags=["dossiers"],
    )
    @action(detail=True, methods=["get"], url_path=r"documents/(?P<pk>\d+)", url_name="document-file")
    def document_file(self, request, code=None, pk=None):
        return _attachment(
            DossierDocument, request, get_visible(request, code), pk, _("Không có văn bản này.")
        )

    @extend_schema(
        summary=gettext_lazy("Bản ghi đồng bộ lên Cổng Dịch vụ công quốc gia"),
        description=gettext_lazy(
            "Các trường theo quy ước của Cổng (MaHoSo, NgayTiepNhan, NgayHenTra, NgayKetThucXuLy, "
            "ThoiGianGiaiQuyet, DonViTinh, KenhThucHien, TrangThaiHoSo, MaKetQua, DuongDanTepTinKetQua, "
            "DanhSachLePhi, HoSoCoThanhPhanSoHoa, TaiLieuNop, TaiKhoanDuocXacThucVoiVNeID, MaCSDL…); "
            "ngày giờ dạng yyyyMMddHHmmss. Chỉ cán bộ xem được, và ứng dụng kết nối có phạm vi `sync` cho cơ quan "
            "của hồ sơ."
        ),
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
        tags=["dossiers"],
    )
    @action(detail=True, methods=["get"], url_path="sync-record", url_name="sync-record")
    def sync_record(self, request, code=None):
        if staff_of(request) is None and machine_of(request) is None:
            raise PermissionDenied(_("Chỉ cán bộ xem được bản ghi đồng bộ."))
        dossier = get_visible(request, code)
        return Response(sync.sync_record(dossier))

    # -----------------------------------------------------------------------------------------

    receive = _action_view(Action.RECEIVE)
    request_supplement = _action_view(Action.REQUEST_SUPPLEMENT)
    supplement = _action_view(Action.SUPPLEMENT)
    refuse = _action_view(Action.REFUSE)
    await_fees = _action_view(Action.AWAIT_FEES)
    pay_fees = _action_view(Action.PAY_FEES)
    start_processing = _action_view(Action.START_PROCESSING)
    extend = _action_view(Action.EXTEND)
    stop = _action_view(Action.STOP)
    withdraw = _action_view(Action.WITHDRAW)
    complete_step = _action_view(Action.COMPLETE_STEP)
    return_step = _action_view(Action.RETURN_STEP)
    transfer = _action_view(Action.TRANSFER)
    assign_step = _action_view(Action.ASSIGN_STEP)
    attach_result = _action_view(Action.ATTACH_RESULT)
    resolve = _action_view(Action.RESOLVE)
    deliver = _action_view(Action.DELIVER)
