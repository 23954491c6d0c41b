"""index766: API URLs, under /api/v1/."""

from django.urls import path

from . import index766

urlpatterns = [
    path("index-766/", index766.Index766View.as_view(), name="api-index766"),
    path("index-766/items/", index766.Index766ItemsView.as_view(), name="api-index766-items"),
    path("index-766/ranking/", index766.Index766RankingView.as_view(), name="api-index766-ranking"),
    path("index-766/how-to-gain/", index766.Index766GainsView.as_view(), name="api-index766-gains"),
]
