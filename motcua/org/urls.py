from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("bo-phan-mot-cua/", views.desks, name="desks"),
    path("bo-phan-mot-cua/<int:pk>/", views.desk_detail, name="desk_detail"),
]
