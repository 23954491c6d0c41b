from django.urls import path

from .api import public

app_name = "tracking"

urlpatterns = [
    path("", public.tracking_form, name="form"),
    path("<str:code>/", public.tracking_page, name="status"),
]
