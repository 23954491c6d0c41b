from django.urls import path, re_path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.search, name="search"),
    re_path(r"^(?P<code>\d\.\d{6})/$", views.detail, name="detail"),
    re_path(r"^(?P<code>\d\.\d{6})/noi-bo/$", views.staff_detail, name="staff_detail"),
]
