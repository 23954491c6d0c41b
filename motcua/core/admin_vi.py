"""The admin in Vietnamese where Django hard-codes English: the alt text of the yes/no icons
("True"/"False") becomes "Có"/"Không" (in the request's language). The other untranslated admin
strings are translated in motcua/locale/vi (settings.LOCALE_PATHS)."""

from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

_LABELS = {True: _("Có"), False: _("Không"), None: _("Không rõ")}


def boolean_icon(field_val):
    icon = {True: "yes", False: "no", None: "unknown"}[field_val]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), _LABELS[field_val])


def install() -> None:
    admin_list._boolean_icon = boolean_icon
