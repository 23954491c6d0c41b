from django.urls import path

from . import views

urlpatterns = [
    path("<slug:code>/api/ho-so/", views.receive, name="sector-simulator-receive"),
    path("", views.index, name="sector-simulator"),
]
