"""risk: API URLs (at-risk dossiers, apology drafts, bottlenecks, the event log)."""

from django.urls import path

from . import risk_views as views

urlpatterns = [
    path("at-risk/", views.AtRiskView.as_view(), name="api-at-risk"),
    path("apology-drafts/", views.ApologyDraftsView.as_view(), name="api-apology-drafts"),
    path("apology-drafts/<int:pk>/sign/", views.SignApologyView.as_view(), name="api-apology-sign"),
    path("bottlenecks/", views.BottlenecksView.as_view(), name="api-bottlenecks"),
    path("event-log/", views.EventLogView.as_view(), name="api-event-log"),
]
