from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("bo-phan-mot-cua/", views.desks, name="desks"),
]
