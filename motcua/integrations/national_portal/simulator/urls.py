from django.urls import path

from . import views

urlpatterns = [
    path("api/token/", views.token, name="national-portal-token"),
    path("api/ho-so/", views.dossiers, name="national-portal-dossiers"),
    path("api/ho-so/trang-thai/", views.status, name="national-portal-status"),
    path("api/thong-ke/", views.counts, name="national-portal-counts"),
    path("api/cau-hinh/", views.settings_api, name="national-portal-settings"),
    path("api/gui-xac-nhan/", views.send_acknowledgements, name="national-portal-send-acks"),
    path("", views.control, name="national-portal-control"),
]
