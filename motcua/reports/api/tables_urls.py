"""tables: seed 003's tables (Phụ lục I–III) as JSON."""

from django.urls import path

from .tables import OneStopTableView

urlpatterns = [
    path("reports/one-stop/", OneStopTableView.as_view(), name="reports-one-stop"),
]
