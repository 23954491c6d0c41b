"""The public statistics pages (like the national portal's), at /thong-ke/: no login."""

from django.urls import path

from .screens import public

app_name = "public-statistics"

urlpatterns = [path("", public.statistics, name="index")]
