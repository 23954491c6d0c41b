"""dashboards: API URLs (the dashboard's figures, the compliance cost)."""

from django.urls import path

from . import dashboards

urlpatterns = [
    path("dashboard/", dashboards.DashboardView.as_view(), name="api-dashboard"),
    path("compliance-cost/<str:code>/", dashboards.ComplianceCostView.as_view(), name="api-compliance-cost"),
    path(
        "compliance-cost/<str:code>/compare/",
        dashboards.ComplianceCostCompareView.as_view(),
        name="api-compliance-cost-compare",
    ),
]
