"""The organisation of a province (or ministry): agencies, service desks, staff and their roles."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold

from .choices import AgencyLevel as AgencyLevel  # re-exported: defined apart for validation
from .choices import DeskKind as DeskKind
from .codes import MAX_LENGTH, validate_agency_code


class AgencyQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Agencies that exist on `day` (valid_to is the last day of existence)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


class Agency(models.Model):
    code = models.CharField(
        _("mã định danh điện tử"), max_length=MAX_LENGTH, validators=[validate_agency_code], db_index=True
    )
    name = models.CharField(_("tên cơ quan"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    level = models.CharField(_("cấp"), max_length=20, choices=AgencyLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(
        _("hiệu lực đến"), null=True, blank=True, help_text=_("Ngày cuối cùng tồn tại.")
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phones = models.CharField(_("điện thoại"), max_length=128, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    website = models.URLField(_("trang thông tin"), blank=True)
    code_verified = models.BooleanField(
        _("mã đã xác minh"),
        default=True,
        help_text=_(
            "Bỏ chọn khi mã định danh chưa được đối chiếu với danh mục mã chính thức (ví dụ dữ liệu mẫu)."
        ),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    # Folded name/short name/code (motcua.core.text.fold): one diacritics-insensitive search that
    # behaves identically on SQLite and PostgreSQL; derived, so it is refreshed on every save.
    search_text = models.CharField(max_length=600, blank=True, editable=False)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="agency_validity_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.search_text = fold(" ".join(filter(None, [self.name, self.short_name, self.code])))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "short_name", "code"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def clean(self):
        # The one set of rules for agencies: services, admin forms and imports all reach it here.
        from .validation import validate_agency

        validate_agency(self)

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def ancestors(self):
        """From the parent up to the root; the tree is shallow (≤ 5 levels)."""
        node, chain = self.parent, []
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class ServiceDesk(models.Model):
    name = models.CharField(_("tên"), max_length=255)
    kind = models.CharField(_("loại"), max_length=16, choices=DeskKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc trung tâm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    host_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan quản lý"), on_delete=models.PROTECT, related_name="hosted_desks"
    )
    agencies = models.ManyToManyField(
        Agency, verbose_name=_("cơ quan được phục vụ"), related_name="service_desks", blank=True
    )
    address = models.CharField(_("địa chỉ"), max_length=255)
    area_m2 = models.DecimalField(_("diện tích (m²)"), max_digits=8, decimal_places=1, null=True, blank=True)
    office_hours = models.CharField(
        _("giờ làm việc"), max_length=255, default="Thứ Hai – Thứ Sáu: 08:00–12:00, 13:00–17:00"
    )
    saturday_morning = models.BooleanField(_("làm việc sáng thứ Bảy"), default=False)
    phone = models.CharField(_("điện thoại"), max_length=64, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True, help_text=_("Hiển thị công khai trên trang danh bạ."))

    class Meta:
        verbose_name = _("bộ phận tiếp nhận và trả kết quả")
        verbose_name_plural = _("bộ phận tiếp nhận và trả kết quả")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        from .validation import validate_desk

        validate_desk(self)


class Hotline(models.Model):
    desk = models.ForeignKey(ServiceDesk, on_delete=models.CASCADE, related_name="hotlines")
    label = models.CharField(_("nội dung"), max_length=128)
    phone = models.CharField(_("số điện thoại"), max_length=32)

    class Meta:
        verbose_name = _("đường dây nóng")
        verbose_name_plural = _("đường dây nóng")

    def __str__(self):
        return f"{self.label}: {self.phone}"


class Role(models.TextChoices):
    DESK_OFFICER = "desk_officer", _("Công chức Một cửa")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    UNIT_HEAD = "unit_head", _("Lãnh đạo phòng")
    AGENCY_LEADER = "agency_leader", _("Lãnh đạo cơ quan")
    CONTROL_OFFICER = "control_officer", _("Cán bộ kiểm soát TTHC")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


class Staff(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff")
    full_name = models.CharField(_("họ và tên"), max_length=128)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="staff"
    )
    unit = models.ForeignKey(
        Agency,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit_staff",
    )
    desk = models.ForeignKey(
        ServiceDesk,
        verbose_name=_("làm việc tại"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    position = models.CharField(_("chức vụ"), max_length=128, blank=True)
    is_leader = models.BooleanField(_("là lãnh đạo"), default=False)
    public_phone = models.CharField(_("điện thoại công khai"), max_length=32, blank=True)
    show_in_directory = models.BooleanField(_("công khai trong danh bạ"), default=True)

    class Meta:
        verbose_name = _("cán bộ, công chức")
        verbose_name_plural = _("cán bộ, công chức")
        ordering = ["-is_leader", "full_name"]

    def __str__(self):
        return self.full_name

    def clean(self):
        from .validation import validate_staff

        validate_staff(self)

    def has_role(self, role: str) -> bool:
        return any(r.role == role for r in self.roles.all())


class StaffRole(models.Model):
    """One row per role held; a separate table so that 'who holds role R at agency A' is one indexed query."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [models.UniqueConstraint(fields=["staff", "role"], name="staff_role_once")]

    def __str__(self):
        return self.get_role_display()
