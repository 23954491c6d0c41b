"""Dossiers (hồ sơ): one application for one procedure version, received by one agency.

Every change goes through `services.py`, which checks `transitions.py` on the locked row and writes a
`DossierEvent` in the same transaction; the event table is append-only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import ApplicantType
from motcua.core.text import fold
from motcua.core.uploads import storage_name
from motcua.org.models import Role

from .contacts import contact_of
from .states import Channel, State


class DossierCodeCounter(models.Model):
    """The last dossier number handed out per receiving agency and day.

    Locked and incremented inside the transaction that creates the dossier, so concurrent intakes
    queue on this row and a rolled-back intake gives its number back: codes stay unique and gap-free.
    """

    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm mã hồ sơ")
        verbose_name_plural = _("bộ đếm mã hồ sơ")
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="dossier_code_counter_once_a_day")
        ]

    def __str__(self):
        return f"{self.agency_id}/{self.day}: {self.last}"


# The applicant of a dossier is one of the catalogue's applicant types (national `LoaiDoiTuong`).
ApplicantKind = ApplicantType


class Applicant(models.Model):
    """A person (by personal ID number) or an organisation (by tax code): the shared record.

    Created at the first intake; afterwards it changes only from a verified source (an e-ID login,
    the population database, an officer's correction with a reason), each change an
    `ApplicantEvent` (`applicants.py`). What a request gives goes on its dossier only
    (`Dossier.applicant_details`, read through `Dossier.contact`)."""

    kind = models.CharField(_("loại đối tượng"), max_length=1, choices=ApplicantKind.choices)
    full_name = models.CharField(_("họ và tên"), max_length=128)
    # The name folded (core.text.fold: lower case, no diacritics), written with the name: officers
    # search "nguyen van an" on SQLite and PostgreSQL alike (a trigram index on PostgreSQL).
    name_folded = models.CharField(_("họ và tên (không dấu)"), max_length=128, blank=True, default="")
    id_number = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True, db_index=True)
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    organisation = models.CharField(_("tên tổ chức"), max_length=255, blank=True)
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True, db_index=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    # The citizen's portal account, linked by the portal after a VNeID-verified login with the same
    # personal ID number (selectors.link_applicant_account); empty for desk-only applicants.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applicant_profiles",
    )

    class Meta:
        verbose_name = _("người nộp hồ sơ")
        verbose_name_plural = _("người nộp hồ sơ")
        # One row per person and per organisation: parallel intakes for the same person meet here
        # (applicants.person_for_intake then finds the row the other one created).
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~models.Q(id_number=""), name="applicant_one_per_id_number"
            ),
            models.UniqueConstraint(
                fields=["tax_code"],
                condition=~models.Q(tax_code="") & models.Q(id_number=""),
                name="applicant_one_per_tax_code",
            ),
        ]

    def __str__(self):
        return self.organisation or self.full_name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.full_name)[:128]
        if kwargs.get("update_fields") is not None and "full_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_folded"}
        super().save(*args, **kwargs)


class ResultChannel(models.IntegerChoices):
    DESK = 1, _("Nhận tại Bộ phận Một cửa")
    ELECTRONIC = 2, _("Nhận bản điện tử")
    POST = 3, _("Nhận qua bưu chính công ích")


class ReturnPlace(models.TextChoices):
    """Where the citizen asked, at intake, to get the result of a dossier received regardless of
    administrative boundary (Decree 118/2025): "" is the desk that received it, as before."""

    RECEIVING_CENTRE = "receiving_centre", _("Tại trung tâm đã tiếp nhận")
    COMPETENT_AGENCY = "competent_agency", _("Tại cơ quan có thẩm quyền giải quyết")
    POST = "post", _("Qua bưu chính công ích")
    ELECTRONIC = "electronic", _("Bản điện tử")


class Dossier(models.Model):
    code = models.CharField(_("mã hồ sơ"), max_length=64, unique=True)
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("thủ tục"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    # The competent agency: its steps run there, its queues and reports count it. A dossier
    # received by another agency's centre (Decree 118/2025) names that one in `receiving_agency`.
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan tiếp nhận"), on_delete=models.PROTECT, related_name="dossiers"
    )
    receiving_agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("trung tâm tiếp nhận (không phụ thuộc địa giới)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers_received_for_others",
        help_text=_(
            "Cơ quan quản lý trung tâm đã tiếp nhận hồ sơ thay cơ quan có thẩm quyền; trống nếu là chính nó."
        ),
    )
    receiving_desk = models.ForeignKey(
        "org.ServiceDesk",
        verbose_name=_("nơi tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_place = models.CharField(
        _("nơi nhận kết quả"), max_length=20, choices=ReturnPlace.choices, blank=True, default=""
    )
    originals_to_send = models.BooleanField(
        _("phải chuyển bản gốc"),
        default=False,
        help_text=_("Hồ sơ giấy (bản gốc) phải chuyển tiếp về cơ quan có thẩm quyền."),
    )
    applicant = models.ForeignKey(
        Applicant, verbose_name=_("người nộp"), on_delete=models.PROTECT, related_name="dossiers"
    )
    channel = models.PositiveSmallIntegerField(_("kênh tiếp nhận"), choices=Channel.choices)
    state = models.PositiveSmallIntegerField(_("trạng thái"), choices=State.choices, db_index=True)
    state_before_pause = models.PositiveSmallIntegerField(choices=State.choices, null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"))
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hẹn trả"), null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(_("hẹn trả ban đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc xử lý"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    supplement_requests = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    postal_item_number = models.CharField(_("số hiệu bưu gửi"), max_length=32, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A client's retried online submission carries the same key and gets the same dossier back.
    idempotency_key = models.CharField(max_length=128, null=True, blank=True, unique=True)
    return_channel = models.PositiveSmallIntegerField(
        _("hình thức nhận kết quả"), choices=ResultChannel.choices, default=ResultChannel.DESK
    )
    returned_to = models.CharField(_("người nhận kết quả"), max_length=128, blank=True)

    # Not stored: what intake puts on the dossier it created or replayed, for the caller's answer.
    received_papers: list[DossierPaper]
    replayed: bool
    # The case of the procedure the dossier was received under (its components were checked).
    case = models.ForeignKey(
        "catalog.ProcedureCase",
        verbose_name=_("trường hợp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The interactive declaration (tờ khai điện tử), validated against the version's JSON Schema.
    eform_data = models.JSONField(_("tờ khai điện tử"), null=True, blank=True)
    # The applicant's details as given for this dossier (name, id_number, tax_code, organisation,
    # address, phone, email): what its forms print and where its notifications go. The shared
    # Applicant row changes only from a verified source.
    applicant_details = models.JSONField(_("thông tin người nộp trên hồ sơ"), default=dict, blank=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["agency", "state", "due_at"], name="dossier_queue"),
            # The tracking book and searches by date of receipt.
            models.Index(fields=["agency", "received_at"], name="dossier_book"),
            # The reports' "finished in the period, or still open" (the national index's 2.1 and 2.2):
            # NULL is the open dossiers, a range the finished ones.
            models.Index(fields=["agency", "finished_at"], name="dossier_finished"),
            # The dossier list (newest first) of an agency: `visible_dossiers` + default ordering.
            models.Index(fields=["agency", "-submitted_at", "-id"], name="dossier_list"),
        ]

    def __str__(self):
        return self.code

    @property
    def contact(self):
        """The applicant as given for this dossier (`contacts.Contact`): what its forms print and
        where its notifications go. Dossiers recorded before the details were kept read the shared
        record instead. The one accessor: every reader of a dossier's applicant goes through it."""
        return contact_of(self)


class PaperSource(models.TextChoices):
    """Where a paper came from: the once-only principle needs to know (DOMAIN.md §7.1)."""

    UPLOADED = "uploaded", _("Người nộp tải lên")
    SCANNED = "scanned", _("Số hóa tại Bộ phận Một cửa")
    PAPER = "paper", _("Bản giấy nộp tại Bộ phận Một cửa")
    REGISTRY = "registry", _("Lấy từ cơ sở dữ liệu quốc gia, chuyên ngành")
    EARLIER_RESULT = "earlier_result", _("Kết quả điện tử đã cấp trước đây")


def paper_upload_to(instance: object, filename: str) -> str:
    """Papers are stored under random names (core.uploads.storage_name): a dossier's code or an
    event id names no file. Names stored before keep working."""
    return storage_name("dossiers", filename)


def document_upload_to(instance: object, filename: str) -> str:
    return storage_name("dossiers/documents", filename)


class DossierPaper(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="papers")
    requirement = models.ForeignKey(
        "catalog.Requirement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.TextField(_("tên giấy tờ"))
    kind = models.CharField(_("loại bản"), max_length=12)
    count = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    source = models.CharField(_("nguồn"), max_length=16, choices=PaperSource.choices)
    file = models.FileField(_("tệp"), upload_to=paper_upload_to, blank=True)
    # Papers handed over at intake have none; those brought to answer the N-th supplement request
    # carry N (the SUPPLEMENT event lists their ids too).
    supplement_number = models.PositiveSmallIntegerField(
        _("bổ sung lần thứ"),
        null=True,
        blank=True,
        help_text=_("Trống: nộp khi tiếp nhận; N: nộp khi bổ sung hồ sơ lần thứ N."),
    )
    # A paper only shown at the desk (giấy tờ phải xuất trình): recorded as seen, never stored.
    shown_only = models.BooleanField(_("chỉ xuất trình"), default=False)
    # The document of the person's electronic store the file is (an online upload, or a paper kept
    # earlier); `from_store`: taken again from the store, not brought for this dossier (the
    # once-only principle, recorded per component: DuocLayTuKhoDMQG).
    stored_document = models.ForeignKey(
        "StoredDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="papers"
    )
    from_store = models.BooleanField(_("lấy từ kho dữ liệu"), default=False)

    class Meta:
        verbose_name = _("giấy tờ trong hồ sơ")
        verbose_name_plural = _("giấy tờ trong hồ sơ")
        ordering = ["id"]

    def __str__(self):
        return self.name[:80]


class PauseKind(models.TextChoices):
    SUPPLEMENT = "supplement", _("Chờ bổ sung hồ sơ")
    FEES = "fees", _("Chờ thực hiện nghĩa vụ tài chính")


class DossierPause(models.Model):
    """An interval during which the legal clock stood still; `ended_at` is empty while it lasts."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(_("loại tạm dừng"), max_length=12, choices=PauseKind.choices)
    started_at = models.DateTimeField(_("bắt đầu"))
    ended_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thời gian tạm dừng")
        verbose_name_plural = _("thời gian tạm dừng")
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=models.Q(ended_at__isnull=True), name="dossier_one_open_pause"
            )
        ]

    def __str__(self):
        return f"{self.dossier_id} {self.kind} {self.started_at:%Y-%m-%d %H:%M}"


class StepState(models.TextChoices):
    PENDING = "pending", _("Chưa đến lượt")
    ACTIVE = "active", _("Đang xử lý")
    DONE = "done", _("Đã hoàn thành")
    RETURNED = "returned", _("Bị trả lại")
    CLOSED = "closed", _("Đã đóng")  # the dossier was stopped, withdrawn or refused before its turn


class StepOutcome(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class DossierStep(models.Model):
    """One step of a dossier's internal process, copied from the procedure's process definition at
    the agency (so later edits of the definition do not rewrite running dossiers)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("bước"))
    work = models.TextField(_("nội dung công việc"))
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "org.Agency",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.CharField(_("chức danh thực hiện"), max_length=255, blank=True)
    # The role holding `position` (motcua.org.positions): an unassigned step reaches only the holders
    # of this role; "" restricts nobody (steps.may_act_on_step, selectors.my_steps).
    role = models.CharField(
        _("vai trò thực hiện"), max_length=20, choices=Role.choices, blank=True, default=""
    )
    assignee = models.ForeignKey(
        "org.Staff",
        verbose_name=_("người được giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossier_steps",
    )
    budget_amount = models.DecimalField(_("thời gian"), max_digits=7, decimal_places=2)
    budget_unit = models.CharField(_("đơn vị thời gian"), max_length=16)
    parallel_group = models.PositiveSmallIntegerField(_("nhóm song song"), null=True, blank=True)
    is_interagency = models.BooleanField(_("liên thông"), default=False)
    # The sector system the step's process names (catalog ProcessStep.sector_system), copied at planning.
    sector_system = models.CharField(_("hệ thống ngành"), max_length=30, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=StepState.choices, default=StepState.PENDING
    )
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn xử lý"), null=True, blank=True)
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("kết quả"), max_length=8, choices=StepOutcome.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = _("bước xử lý hồ sơ")
        ordering = ["order", "id"]
        indexes = [
            models.Index(fields=["state", "agency", "due_at"], name="dossier_step_queue"),
            models.Index(fields=["state", "assignee", "due_at"], name="dossier_step_mine"),
            # Dossiers an agency holds (or held) a step of without having received them: a step at
            # another agency than the dossier's is always `is_interagency` (steps.py), so this
            # small partial index is the inter-agency half of `visible_dossiers`.
            models.Index(
                fields=["agency", "dossier"],
                name="dossier_step_held",
                condition=models.Q(is_interagency=True),
            ),
        ]

    def __str__(self):
        return f"{self.dossier_id} #{self.order} {self.work[:40]}"


class DocumentKind(models.TextChoices):
    RECEIPT = "mau_01", _("Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    SUPPLEMENT_REQUEST = "mau_02", _("Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    REFUSAL = "mau_03", _("Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ")
    APOLOGY = "mau_04", _("Mẫu 04 — Văn bản xin lỗi và đề nghị gia hạn")
    STOP_NOTICE = "mau_05", _("Mẫu 05 — Thông báo dừng giải quyết hồ sơ")
    CONTROL_SLIP = "mau_06", _("Mẫu 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ")
    RESULT = "result", _("Kết quả giải quyết")
    STEP_FILE = "step_file", _("Tệp đính kèm của bước xử lý")


class DossierDocument(models.Model):
    """A document issued for or attached to a dossier: the legal forms, files of a step, the result."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("loại văn bản"), max_length=10, choices=DocumentKind.choices)
    file = models.FileField(_("tệp"), upload_to=document_upload_to)
    created_at = models.DateTimeField(_("tạo lúc"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    step = models.ForeignKey(
        DossierStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="files"
    )
    signed_by = models.CharField(_("người ký số"), max_length=128, blank=True)
    signed_at = models.DateTimeField(_("ký số lúc"), null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    # The event a legal form was issued for: rendering is idempotent per (event, kind).
    event = models.ForeignKey(
        "DossierEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )

    class Meta:
        verbose_name = _("văn bản của hồ sơ")
        verbose_name_plural = _("văn bản của hồ sơ")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "kind"],
                condition=models.Q(event__isnull=False),
                name="dossier_document_once_per_event",
            )
        ]

    def __str__(self):
        return f"{self.dossier_id} {self.kind}"


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("the dossier event log is append-only")

    def delete(self):
        raise TypeError("the dossier event log is append-only")


class DossierEvent(models.Model):
    """The audit trail: who did what to which dossier, when, from which state to which."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("thời điểm"), db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    actor_label = models.CharField(_("người thực hiện"), max_length=128)
    action = models.CharField(_("thao tác"), max_length=32)
    from_state = models.PositiveSmallIntegerField(choices=State.choices, null=True, blank=True)
    to_state = models.PositiveSmallIntegerField(choices=State.choices)
    reason = models.TextField(_("lý do"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký hồ sơ")
        verbose_name_plural = _("nhật ký hồ sơ")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.dossier_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("the dossier event log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("the dossier event log is append-only")


class ApplicantSource(models.TextChoices):
    """Where a change of the shared person record came from: only these may change it."""

    INTAKE = "intake", _("Lần tiếp nhận đầu tiên")
    E_ID = "e_id", _("Đăng nhập định danh điện tử (VNeID)")
    POPULATION_DB = "population_db", _("Cơ sở dữ liệu quốc gia về dân cư")
    CORRECTION = "correction", _("Cán bộ sửa thông tin")


class ApplicantEvent(models.Model):
    """The audit trail of a person record: who changed what, when, from which source and why;
    `changes` holds `{field: [before, after]}` of each changed field. Append-only."""

    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    actor_label = models.CharField(_("người thực hiện"), max_length=128, blank=True)
    source = models.CharField(_("nguồn"), max_length=16, choices=ApplicantSource.choices)
    reason = models.TextField(_("lý do"), blank=True)
    changes = models.JSONField(_("thay đổi"), default=dict)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký người nộp hồ sơ")
        verbose_name_plural = _("nhật ký người nộp hồ sơ")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.applicant_id} {self.source} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("the applicant event log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("the applicant event log is append-only")


# Online payment and public post (issue 11), in their own module.
from .payment_models import PaymentAttempt, PaymentIntent, PaymentNotice, Shipment, ShipmentKind  # noqa: E402, F401


def stored_upload_to(instance: StoredDocument, filename: str) -> str:
    return storage_name("store", filename)


class StoredDocument(models.Model):
    """A paper in a person's electronic store (kho dữ liệu điện tử): uploaded once, digitised at the
    desk, or an electronic result; offered again where a later procedure needs the same paper
    (the once-only principle, DOMAIN.md §7.1). Kept with its source."""

    applicant = models.ForeignKey(
        Applicant, verbose_name=_("chủ sở hữu"), on_delete=models.CASCADE, related_name="stored_documents"
    )
    name = models.TextField(_("tên giấy tờ"))
    # The paper's kind as the catalogue names it (the component's name folded): what a later
    # procedure's component is matched on.
    kind_key = models.CharField(_("loại giấy tờ"), max_length=255, db_index=True)
    source = models.CharField(_("nguồn"), max_length=16, choices=PaperSource.choices)
    file = models.FileField(_("tệp"), upload_to=stored_upload_to)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    # The dossier it came from (a result, a digitised paper); empty for a citizen's own upload.
    dossier = models.ForeignKey(Dossier, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # pyHanko's verdict on the PDF's signatures at upload ([] unsigned): what the officer sees.
    signatures = models.JSONField(_("chữ ký số"), default=list, blank=True)
    created_at = models.DateTimeField(_("lưu lúc"))

    class Meta:
        verbose_name = _("giấy tờ trong kho dữ liệu")
        verbose_name_plural = _("kho dữ liệu điện tử")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name[:80]


class OnlineDraft(models.Model):
    """An online submission being prepared (hồ sơ nháp): saved step by step, resumed later. Its
    token is the submission's idempotency key: a retried submit returns the same dossier."""

    token = models.UUIDField(unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="online_drafts")
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion", on_delete=models.CASCADE, related_name="+"
    )
    agency = models.ForeignKey(
        "org.Agency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    case = models.ForeignKey(
        "catalog.ProcedureCase", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    eform_data = models.JSONField(null=True, blank=True)
    # {requirement id: stored document id}: each component provided, from an upload or the store.
    papers = models.JSONField(default=dict, blank=True)
    return_channel = models.PositiveSmallIntegerField(
        choices=ResultChannel.choices, default=ResultChannel.DESK
    )
    # Filled by a desk officer submitting on a citizen's behalf (nộp hộ): who, and the consent.
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent = models.TextField(blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    # Assisted: the citizen as the population database gives them (id_number, full_name,
    # date_of_birth, address), picked by the officer by ID number; the draft's user is the officer.
    citizen = models.JSONField(default=dict, blank=True)
    dossier = models.OneToOneField(
        Dossier, null=True, blank=True, on_delete=models.SET_NULL, related_name="online_draft"
    )
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("hồ sơ nháp trực tuyến")
        verbose_name_plural = _("hồ sơ nháp trực tuyến")
        ordering = ["-updated_at"]

    def __str__(self):
        return f"{self.procedure_version_id}:{self.token}"


# --- Ratings of the service (rules in ratings.py) ---------------------------------------------


class Level(models.IntegerChoices):
    SATISFIED = 3, _("Hài lòng")
    ACCEPTABLE = 2, _("Chấp nhận được")
    NOT_SATISFIED = 1, _("Không hài lòng")


#: The satisfaction survey's criteria, in the survey's order.
CRITERIA = (
    ("access", _("Tiếp cận dịch vụ")),
    ("procedure", _("Thủ tục hành chính")),
    ("attitude", _("Thái độ của cán bộ")),
    ("timeliness", _("Thời gian giải quyết")),
    ("result", _("Kết quả giải quyết")),
)


class RatingChannel(models.TextChoices):
    ONLINE = "online", _("Trực tuyến")
    COUNTER = "counter", _("Tại quầy")


class DossierRating(models.Model):
    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="rating")
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    overall = models.PositiveSmallIntegerField(_("mức độ hài lòng"), choices=Level.choices)
    access = models.PositiveSmallIntegerField(_("tiếp cận dịch vụ"), choices=Level.choices)
    procedure = models.PositiveSmallIntegerField(_("thủ tục hành chính"), choices=Level.choices)
    attitude = models.PositiveSmallIntegerField(_("thái độ của cán bộ"), choices=Level.choices)
    timeliness = models.PositiveSmallIntegerField(_("thời gian giải quyết"), choices=Level.choices)
    result = models.PositiveSmallIntegerField(_("kết quả giải quyết"), choices=Level.choices)
    comment = models.TextField(_("góp ý"), blank=True)
    channel = models.CharField(_("hình thức"), max_length=8, choices=RatingChannel.choices)
    rated_at = models.DateTimeField(_("đánh giá lúc"))
    changed_at = models.DateTimeField(_("sửa lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đánh giá mức độ hài lòng")
        verbose_name_plural = _("đánh giá mức độ hài lòng")
        indexes = [models.Index(fields=["agency", "rated_at"], name="rating_agency_time")]

    def __str__(self):
        return f"{self.dossier_id}: {self.overall}"


# --- The citizen's in-portal notifications (rules in notices.py) ----------------------------


class CitizenNotice(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(DossierEvent, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"))
    at = models.DateTimeField(_("thời điểm"))
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo cho công dân")
        verbose_name_plural = _("thông báo cho công dân")
        ordering = ["-at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="notice_once_per_event")]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread")]

    def __str__(self):
        return self.subject


from .sector_models import DossierExternalCode, SectorCallback, SectorHandoff  # noqa: E402, F401
