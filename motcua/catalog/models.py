"""The procedure catalogue: sectors, procedures and their versions, papers, fees and internal processes.

A `Procedure` is only the identity (the national code). Everything the law says about it lives in a
`ProcedureVersion`, which is drafted, published, then amended (replaced) or abolished. A published
version is never edited in place: `services.py` is the only writer and refuses it, and the admin
shows published versions read-only.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold

CODE_RE = re.compile(r"^\d\.\d{6}$")


def validate_procedure_code(value: str) -> None:
    if not value or not CODE_RE.match(value):
        raise ValidationError(
            gettext("Mã thủ tục “%(code)s” không hợp lệ: phải có dạng d.dddddd (ví dụ 1.001193).")
            % {"code": value},
            code="bad_procedure_code",
        )


class Level(models.TextChoices):
    MINISTRY = "ministry", _("Cấp bộ")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện (đến 30/6/2025)")
    COMMUNE = "commune", _("Cấp xã")
    OTHER = "other", _("Cơ quan khác")


class Channel(models.TextChoices):
    DESK = "desk", _("Trực tiếp")
    POST = "post", _("Dịch vụ bưu chính công ích")
    ONLINE_FULL = "online_full", _("Trực tuyến toàn trình")
    ONLINE_PARTIAL = "online_partial", _("Trực tuyến một phần")
    ONLINE = "online", _("Trực tuyến (chưa rõ mức độ)")


class TimeUnit(models.TextChoices):
    WORKING_HOUR = "working_hour", _("giờ làm việc")
    WORKING_DAY = "working_day", _("ngày làm việc")
    DAY = "day", _("ngày")
    MONTH = "month", _("tháng")
    SAME_DAY = "same_day", _("trong ngày")


class StepUnit(models.TextChoices):
    WORKING_HOUR = "working_hour", _("giờ làm việc")
    WORKING_DAY = "working_day", _("ngày làm việc")
    DAY = "day", _("ngày")
    MONTH = "month", _("tháng")


class PaperKind(models.TextChoices):
    ORIGINAL = "original", _("Bản chính")
    COPY = "copy", _("Bản sao")
    EITHER = "either", _("Bản chính hoặc bản sao")
    ELECTRONIC = "electronic", _("Bản điện tử")


class FeeCollection(models.TextChoices):
    """National `HinhThucThu` codes: 1 at intake, 2 at supplement, 4 at result."""

    INTAKE = "1", _("Thu khi tiếp nhận hồ sơ")
    SUPPLEMENT = "2", _("Thu khi bổ sung hồ sơ")
    RESULT = "4", _("Thu khi trả kết quả")


class ApplicantType(models.TextChoices):
    """National `LoaiDoiTuong` codes: 0 citizen, 1 enterprise, 2 household business."""

    CITIZEN = "0", _("Công dân")
    ENTERPRISE = "1", _("Doanh nghiệp, tổ chức")
    HOUSEHOLD_BUSINESS = "2", _("Hộ kinh doanh")


class Confidence(models.TextChoices):
    HIGH = "high", _("Cao")
    MEDIUM = "medium", _("Trung bình")
    LOW = "low", _("Thấp")


class ComponentsOrigin(models.TextChoices):
    CHECKED = "checked", _("Đã đối chiếu thủ công với văn bản công bố")
    DERIVED = "derived", _("Tách tự động từ văn bản công bố")


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đã công bố")
    AMENDED = "amended", _("Đã được sửa đổi, thay thế")
    ABOLISHED = "abolished", _("Đã bãi bỏ")


class Sector(models.Model):
    name = models.CharField(_("tên lĩnh vực"), max_length=255, unique=True)
    code = models.CharField(_("mã lĩnh vực"), max_length=32, blank=True)
    ministry = models.CharField(_("bộ, ngành quản lý"), max_length=255, blank=True)
    name_folded = models.CharField(max_length=255, editable=False, default="")

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class Procedure(models.Model):
    code = models.CharField(_("mã thủ tục"), max_length=8, unique=True, validators=[validate_procedure_code])
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self):
        # cheap: the name only when the caller prefetched `published` (a list), never a query per row
        published = getattr(self, "published", None)
        return f"{self.code} {published[0].name}" if published else self.code


class ProcedureVersion(models.Model):
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản số"), default=1)
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=VersionState.choices, default=VersionState.DRAFT
    )
    effective_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    effective_to = models.DateField(
        _("hiệu lực đến"), null=True, blank=True, help_text=_("Ngày cuối cùng áp dụng.")
    )
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True, editable=False)

    name = models.CharField(_("tên thủ tục"), max_length=500)
    sector = models.ForeignKey(
        Sector, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="versions"
    )
    levels = models.CharField(
        _("cấp thực hiện"),
        max_length=80,
        blank=True,
        help_text=_("Mã các cấp, cách nhau bởi dấu phẩy: ministry, province, district, commune, other."),
    )
    levels_text = models.CharField(_("cấp thực hiện (nguyên văn)"), max_length=255, blank=True)
    implementing_agencies = models.ManyToManyField(
        "org.Agency", verbose_name=_("cơ quan thực hiện"), related_name="implemented_versions", blank=True
    )
    coordinating_agencies = models.ManyToManyField(
        "org.Agency", verbose_name=_("cơ quan phối hợp"), related_name="coordinated_versions", blank=True
    )
    agency_text = models.TextField(_("cơ quan thực hiện (nguyên văn)"), blank=True)
    competent_authority = models.TextField(_("cơ quan có thẩm quyền"), blank=True)
    issuing_ministry = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    steps = models.TextField(_("trình tự thực hiện"), blank=True)
    channels = models.JSONField(_("cách thức thực hiện"), default=list, blank=True)
    time_amount = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    time_unit = models.CharField(_("đơn vị thời hạn"), max_length=16, choices=TimeUnit.choices, blank=True)
    time_text = models.TextField(_("thời hạn (nguyên văn, theo kênh)"), blank=True)
    applicant_types = models.JSONField(_("loại đối tượng"), default=list, blank=True)
    applicants_text = models.TextField(_("đối tượng thực hiện"), blank=True)
    result_name = models.TextField(_("kết quả thực hiện"), blank=True)
    result_paper = models.BooleanField(_("kết quả bản giấy"), default=False)
    result_electronic = models.BooleanField(_("kết quả điện tử"), default=False)
    legal_basis = models.JSONField(_("căn cứ pháp lý"), default=list, blank=True)
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    requirement_notes = models.TextField(_("ghi chú về thành phần hồ sơ"), blank=True)
    publication_decision = models.CharField(_("quyết định công bố"), max_length=128, blank=True)

    source_url = models.URLField(_("nguồn (địa chỉ)"), max_length=500, blank=True)
    source_ref = models.CharField(_("nguồn (tham chiếu)"), max_length=500, blank=True)
    retrieved_version = models.CharField(_("phiên bản nguồn"), max_length=500, blank=True)
    confidence = models.CharField(
        _("độ tin cậy"), max_length=8, choices=Confidence.choices, default=Confidence.HIGH
    )
    flags = models.JSONField(_("cảnh báo dữ liệu"), default=list, blank=True)
    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    # How the cases and components were obtained: checked by hand against the published text, or
    # derived automatically from it (catalog/derive.py), with the derivation's confidence.
    components_origin = models.CharField(
        _("nguồn thành phần hồ sơ"), max_length=8, choices=ComponentsOrigin.choices, blank=True
    )
    components_confidence = models.CharField(
        _("độ tin cậy của thành phần hồ sơ"), max_length=8, choices=Confidence.choices, blank=True
    )
    # The interactive declaration (tờ khai điện tử): a JSON Schema and its layout (catalog/eforms.py).
    eform_schema = models.JSONField(_("tờ khai điện tử (JSON Schema)"), null=True, blank=True)
    eform_layout = models.JSONField(_("bố cục tờ khai điện tử"), default=list, blank=True)

    name_folded = models.CharField(max_length=500, editable=False, default="")
    search_folded = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="catalog_version_number_once"),
            # A version dated in the future waits published beside the one in force (whose period
            # then ends the day before): at most one published version is open-ended.
            models.UniqueConstraint(
                fields=["procedure"],
                condition=Q(state="published", effective_to__isnull=True),
                name="catalog_one_open_published_version",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="catalog_version_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.procedure.code} v{self.number} — {self.name}"

    @property
    def code(self) -> str:
        return self.procedure.code

    @property
    def level_list(self) -> list[str]:
        return [x for x in self.levels.split(",") if x]

    def level_labels(self) -> list[str]:
        labels = dict(Level.choices)
        return [str(labels.get(x, x)) for x in self.level_list]

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(x, x)) for x in self.channels]

    def applicant_type_labels(self) -> list[str]:
        labels = dict(ApplicantType.choices)
        return [str(labels.get(x, x)) for x in self.applicant_types]

    def time_limit_display(self) -> str:
        if self.time_unit == TimeUnit.SAME_DAY:
            return gettext("Trong ngày làm việc")
        if self.time_amount is None or not self.time_unit:
            return ""
        amount = self.time_amount.normalize()
        return f"{amount:f} {self.get_time_unit_display()}"

    @property
    def is_editable(self) -> bool:
        return self.state == VersionState.DRAFT


class ProcedureCase(models.Model):
    """A case (trường hợp) of a procedure version: the components its applicant hands in or shows.

    Every version has at least one case, one of them the default (the plain case the desk starts
    from). A component without a case (`Requirement.case` empty) belongs to every case.
    """

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="cases")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    name = models.TextField(_("tên trường hợp"))
    is_default = models.BooleanField(_("trường hợp mặc định"), default=False)

    class Meta:
        verbose_name = _("trường hợp")
        verbose_name_plural = _("trường hợp")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name[:80]


class Presentation(models.TextChoices):
    SUBMIT = "submit", _("Giấy tờ phải nộp")
    SHOW = "show", _("Giấy tờ phải xuất trình")


class Requirement(models.Model):
    """A component (thành phần hồ sơ) of a version: in one case (or all), to hand in or to show,
    mandatory or optional, possibly one of an alternative group, for some channels (or all)."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="requirements")
    case = models.ForeignKey(
        ProcedureCase,
        verbose_name=_("trường hợp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="requirements",
        help_text=_("Trống: áp dụng cho mọi trường hợp."),
    )
    presentation = models.CharField(
        _("nộp hay xuất trình"), max_length=8, choices=Presentation.choices, default=Presentation.SUBMIT
    )
    # Components of one case sharing a non-empty group are alternatives: exactly one of them is needed.
    alternative_group = models.CharField(_("nhóm thay thế"), max_length=32, blank=True)
    # Channel values (Channel: desk, post, online…); empty: every channel.
    channels = models.JSONField(_("áp dụng cho kênh"), default=list, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    group = models.TextField(_("trường hợp, nhóm giấy tờ"), blank=True)
    name = models.TextField(_("tên giấy tờ"))
    kind = models.CharField(
        _("loại bản"), max_length=12, choices=PaperKind.choices, default=PaperKind.ORIGINAL
    )
    quantity = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    quantity_text = models.CharField(_("số lượng (nguyên văn)"), max_length=64, blank=True)
    template = models.CharField(_("mẫu đơn, tờ khai"), max_length=255, blank=True)
    template_url = models.URLField(_("địa chỉ tải mẫu"), max_length=500, blank=True)
    mandatory = models.BooleanField(_("bắt buộc"), default=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name[:80]

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(x, x)) for x in self.channels]


class FeeItem(models.Model):
    version = models.ForeignKey(ProcedureVersion, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("tên phí, lệ phí"), max_length=128)
    amount_vnd = models.BigIntegerField(_("mức thu (đồng)"), null=True, blank=True)
    text = models.TextField(_("mức thu (nguyên văn)"), blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    channels = models.JSONField(_("áp dụng cho kênh"), default=list, blank=True)
    collected_at = models.CharField(
        _("thời điểm thu"), max_length=1, choices=FeeCollection.choices, default=FeeCollection.INTAKE
    )
    # The fee as a rule (catalog.fees.Rule: amount, per page/copy/dossier, steps, cap per copy,
    # exemptions), written by a maintainer; empty: read from the published text with a confidence.
    rule = models.JSONField(
        _("quy tắc tính phí"),
        default=dict,
        blank=True,
        help_text=_(
            'Trống: đọc từ mức thu nguyên văn. Ví dụ: {"amount": 2000, "per": "page", '
            '"steps": [{"from_page": 3, "amount": 1000}], "cap_per_copy": 200000}'
        ),
    )

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.name}: {self.text or self.amount_vnd}"


class ProcessOrigin(models.TextChoices):
    PUBLISHED = "published", _("Do cơ quan công bố")
    GENERATED = "generated", _("Do MotCua tạo mẫu, cơ quan chưa công bố")


class ProcessDefinition(models.Model):
    """The internal process (quy trình nội bộ) of one procedure version at one implementing agency."""

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.CASCADE,
        related_name="processes",
    )
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan thực hiện"), on_delete=models.CASCADE, related_name="processes"
    )
    origin = models.CharField(
        _("nguồn quy trình"), max_length=12, choices=ProcessOrigin.choices, default=ProcessOrigin.PUBLISHED
    )
    decision = models.CharField(_("quyết định phê duyệt quy trình"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["version__procedure__code", "agency__code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "agency"], name="catalog_one_process_per_agency")
        ]

    def __str__(self):
        return f"{self.version.procedure.code} @ {self.agency.code}"

    @property
    def is_generated(self) -> bool:
        return self.origin == ProcessOrigin.GENERATED


class ProcessStep(models.Model):
    process = models.ForeignKey(ProcessDefinition, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(_("bước"))
    work = models.TextField(_("nội dung công việc"))
    responsible_agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan thực hiện bước"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="process_steps",
    )
    responsible = models.CharField(_("trách nhiệm (đơn vị, chức danh)"), max_length=255, blank=True)
    amount = models.DecimalField(_("thời gian"), max_digits=7, decimal_places=2)
    unit = models.CharField(_("đơn vị thời gian"), max_length=16, choices=StepUnit.choices)
    form = models.CharField(_("biểu mẫu, kết quả"), max_length=255, blank=True)
    parallel_group = models.PositiveSmallIntegerField(
        _("nhóm song song"),
        null=True,
        blank=True,
        help_text=_("Các bước cùng số nhóm chạy song song (liên thông); chỉ tính bước dài nhất của nhóm."),
    )
    is_interagency = models.BooleanField(_("liên thông với cơ quan khác"), default=False)
    # The ministry's system that decides this step (a code of MOTCUA_SECTOR_SYSTEMS, e.g. "ho-tich"):
    # the dossier is handed to it when the step starts (dossiers.sector).
    sector_system = models.CharField(
        _("hệ thống ngành"),
        max_length=30,
        blank=True,
        help_text=_("Mã hệ thống chuyên ngành giải quyết bước này; hồ sơ được chuyển sang khi bước bắt đầu."),
    )

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.order}. {self.work[:60]}"

    def budget_display(self) -> str:
        return f"{self.amount.normalize():f} {self.get_unit_display()}"


class BoundaryFreeOpening(models.Model):
    """A procedure opened to intake regardless of administrative boundary (Decree 118/2025 art. 5:
    the provincial and commune centres receive it for any competent agency in the province) for a
    period, as the list the province publishes says; `valid_to` is the last day (empty: open-ended).

    Per procedure (not per version): the province's list names procedures by national code, and an
    amended version stays on the list."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="boundary_free_openings"
    )
    valid_from = models.DateField(_("tiếp nhận không phụ thuộc địa giới từ ngày"))
    valid_to = models.DateField(
        _("đến ngày"), null=True, blank=True, help_text=_("Ngày cuối cùng; để trống nếu chưa có hạn.")
    )
    published_list = models.CharField(
        _("danh mục công bố"),
        max_length=255,
        help_text=_("Số, ngày của quyết định công bố danh mục (ví dụ: Quyết định số …/QĐ-UBND)."),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("thủ tục tiếp nhận không phụ thuộc địa giới hành chính")
        verbose_name_plural = _("thủ tục tiếp nhận không phụ thuộc địa giới hành chính")
        ordering = ["procedure__code", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="boundary_free_opening_ordered",
            ),
            models.UniqueConstraint(fields=["procedure", "valid_from"], name="boundary_free_opening_once"),
        ]

    def __str__(self):
        return f"{self.procedure.code} {self.valid_from:%d/%m/%Y}–{self.valid_to or ''}"
