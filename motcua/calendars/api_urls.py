from django.urls import path

from . import api

urlpatterns = [
    path("due-time", api.DueTimeView.as_view(), name="calendar-due-time"),
    path("working-days", api.WorkingDaysView.as_view(), name="calendar-working-days"),
]
