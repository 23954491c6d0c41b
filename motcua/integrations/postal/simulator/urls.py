from django.urls import path

from . import views

urlpatterns = [
    path("api/buu-gui/", views.create, name="postal-create"),
    path("", views.control, name="postal-control"),
]
