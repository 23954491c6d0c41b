"""risk: URLs, under /bao-cao/nguy-co-tre-han/."""

from django.urls import path

from . import risk_views as views

urlpatterns = [
    path("", views.at_risk, name="at-risk"),
    path("thu-xin-loi/<int:pk>/ky/", views.sign, name="apology-sign"),
    path("diem-nghen/", views.bottleneck_page, name="bottlenecks"),
]
