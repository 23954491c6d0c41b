from django.urls import path

from . import views

urlpatterns = [
    path("dang-nhap/", views.login_page, name="login"),
    path("dang-nhap/vneid/", views.VNeIDStart.as_view(), name="vneid-start"),
    path("dang-nhap/vneid/callback/", views.VNeIDCallback.as_view(), name="vneid-callback"),
    path("dang-nhap/mat-khau/", views.LocalLogin.as_view(), name="password-login"),
    path("dang-ky/", views.register, name="register"),
    path("dang-ky/xac-nhan/<str:token>/", views.register_confirm, name="register-confirm"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("tai-khoan/", views.account, name="account"),
]
