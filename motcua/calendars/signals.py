"""Built calendars are cached; any change to their inputs invalidates them (admin edits included)."""

from django.db.models.signals import post_delete, post_save

from motcua.org.models import Agency

from . import services
from .models import AgencyCalendar, CalendarDay, OfficeHours


def _invalidate(**kwargs):
    services.invalidate()


def connect() -> None:
    # Agency too: a calendar inherits along `parent`, and a new agency may reuse a deleted one's pk.
    for model in (AgencyCalendar, OfficeHours, CalendarDay, Agency):
        post_save.connect(
            _invalidate, sender=model, dispatch_uid=f"calendars-invalidate-save-{model.__name__}"
        )
        post_delete.connect(
            _invalidate, sender=model, dispatch_uid=f"calendars-invalidate-delete-{model.__name__}"
        )
