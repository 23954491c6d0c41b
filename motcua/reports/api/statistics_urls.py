"""statistics: API URLs."""

from django.urls import path

from .statistics import DossierStatisticsView

urlpatterns = [path("statistics/dossiers/", DossierStatisticsView.as_view(), name="statistics_dossiers")]
