"""index766: the screens, under /bao-cao/chi-so-766/."""

from django.urls import path

from . import index766

urlpatterns = [
    path("", index766.index, name="index766"),
    path("chi-tieu/<str:code>/", index766.items, name="index766-items"),
]
