"""The control office's survey screens, mounted at the site's root (motcua/urls.py): the
management under /can-bo/khao-sat/, the results under /bao-cao/khao-sat/."""

from django.urls import path

from . import office_views as views

app_name = "survey_office"

urlpatterns = [
    path("can-bo/khao-sat/", views.campaign_list, name="list"),
    path("can-bo/khao-sat/tao-moi/", views.campaign_create, name="create"),
    path("can-bo/khao-sat/<int:pk>/", views.campaign_detail, name="detail"),
    path("can-bo/khao-sat/<int:pk>/gui-loi-moi/", views.campaign_send, name="send"),
    path("can-bo/khao-sat/<int:pk>/ket-thuc/", views.campaign_close, name="close"),
    path("can-bo/cuoc-thi/<int:pk>/cong-bo/", views.round_publish, name="round-publish"),
    path("bao-cao/khao-sat/<int:pk>/", views.campaign_results, name="results"),
    path("bao-cao/khao-sat/<int:pk>/ket-qua.xlsx", views.campaign_results_xlsx, name="results-xlsx"),
]
