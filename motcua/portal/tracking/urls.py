from django.urls import path

from . import views

urlpatterns = [
    path("ho-so-cua-toi/", views.my_dossiers, name="my-dossiers"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("danh-gia/", views.ratings_index, name="ratings"),
    path("danh-gia/<str:code>/", views.rate, name="rate"),
    path("danh-gia-tai-quay/<str:code>/", views.rate_at_counter, name="rate-at-counter"),
    path("kiosk/", views.kiosk, name="kiosk"),
]
