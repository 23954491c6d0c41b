"""The reports' pages for leaders and the procedure-control office, under /bao-cao/; the public
statistics page is mounted by `public_urls` at /thong-ke/."""

from django.urls import include, path

app_name = "reports"

urlpatterns = [
    path("", include("motcua.reports.screens.dashboards_urls")),
    path("thong-ke/", include("motcua.reports.screens.statistics_urls")),
    path("bieu-mau/", include("motcua.reports.screens.tables_urls")),
    path("chi-so-766/", include("motcua.reports.screens.index766_urls")),
    path("nguy-co-tre-han/", include("motcua.reports.screens.risk_urls")),
]
