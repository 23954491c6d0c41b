"""The organisation's choice lists, apart from the models so that `validation` reads them without
importing the models (which call validation: no circle)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyLevel(models.TextChoices):
    MINISTRY = "ministry", _("Bộ, ngành trung ương")
    PROVINCE = "province", _("UBND tỉnh, thành phố")
    PROVINCE_OFFICE = "province_office", _("Văn phòng UBND tỉnh, thành phố")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    SUB_UNIT = "sub_unit", _("Đơn vị trực thuộc (phòng, chi cục)")
    VERTICAL = "vertical", _("Cơ quan ngành dọc")
    DISTRICT = "district", _("UBND quận, huyện (đến 30/6/2025)")
    COMMUNE = "commune", _("UBND xã, phường")
    OTHER = "other", _("Cơ quan khác")


class DeskKind(models.TextChoices):
    ONE_STOP = "one_stop", _("Bộ phận Một cửa")
    CENTRE = "centre", _("Trung tâm Phục vụ hành chính công")
    BRANCH = "branch", _("Chi nhánh Trung tâm Phục vụ hành chính công")
    # Decree 118/2025 (from 1/7/2025): the commune's own centre replaces its one-stop desk, and a
    # ministry has its own reception (Bộ phận Tiếp nhận và Trả kết quả). CENTRE is the province's.
    COMMUNE_CENTRE = "commune_centre", _("Trung tâm Phục vụ hành chính công cấp xã")
    MINISTRY = "ministry", _("Bộ phận Tiếp nhận và Trả kết quả của Bộ, ngành")


#: The desks Decree 118/2025 art. 5 lets receive regardless of administrative boundary within the
#: province (when the procedure is opened to it): the provincial centre, its branches, the communes'.
CENTRE_KINDS = frozenset({DeskKind.CENTRE, DeskKind.BRANCH, DeskKind.COMMUNE_CENTRE})
