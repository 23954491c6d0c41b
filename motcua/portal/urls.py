"""The citizens' portal, mounted at the site's root (motcua/urls.py). Each part owns its URL module:
accounts (/dang-nhap/, /tai-khoan/), submission (/nop-truc-tuyen/…), tracking (/ho-so-cua-toi/, /kiosk/,
ratings, notifications), feedback (/phan-anh/…, /tai-khoan/phan-anh/)."""

from django.urls import include, path

app_name = "portal"

urlpatterns = [
    path("", include("motcua.portal.accounts.urls")),
    path("", include("motcua.portal.submission.urls")),
    path("", include("motcua.portal.tracking.urls")),
    path("", include("motcua.portal.payment.urls")),
    path("", include("motcua.portal.feedback.urls")),
]
