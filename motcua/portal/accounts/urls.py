from django.urls import path

from . import views

urlpatterns = [
    path("dang-nhap/", views.login_page, name="login"),
    path("dang-nhap/vneid/", views.VNeIDStart.as_view(), name="vneid-start"),
    path("dang-nhap/vneid/callback/", views.VNeIDCallback.as_view(), name="vneid-callback"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("tai-khoan/", views.account, name="account"),
]
