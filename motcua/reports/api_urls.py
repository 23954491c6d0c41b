"""The reports' API, under /api/v1/: statistics/dossiers/, reports/one-stop/, index-766/, …"""

from django.urls import include, path

urlpatterns = [
    path("", include("motcua.reports.api.statistics_urls")),
    path("", include("motcua.reports.api.tables_urls")),
    path("", include("motcua.reports.api.index766_urls")),
    path("", include("motcua.reports.api.risk_urls")),
    path("", include("motcua.reports.api.dashboards_urls")),
]
