"""statistics: URLs (under /bao-cao/thong-ke/)."""

from django.urls import path

from . import statistics

urlpatterns = [
    path("", statistics.statistics_page, name="statistics"),
    path("xlsx/", statistics.statistics_xlsx, name="statistics_xlsx"),
    path("ho-so/", statistics.statistics_dossiers, name="statistics_dossiers"),
]
