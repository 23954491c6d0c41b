from django.urls import path

from . import views

urlpatterns = [
    path("<slug:slug>/", views.callback, name="webhook-simulator-callback"),
    path("", views.inboxes, name="webhook-simulator"),
]
