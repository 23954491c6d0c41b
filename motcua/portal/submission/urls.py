from django.urls import path

from . import store_views, verify_views, views

_draft = "nop-truc-tuyen/nhap/<uuid:token>/"

urlpatterns = [
    path("nop-truc-tuyen/nhap/", views.drafts, name="submission-drafts"),
    path(f"{_draft}co-quan/", views.agency, name="submission-agency"),
    path(f"{_draft}truong-hop/", views.case, name="submission-case"),
    path(f"{_draft}to-khai/", views.eform, name="submission-eform"),
    path(f"{_draft}giay-to/<int:requirement_id>/", views.component, name="submission-component"),
    path(f"{_draft}nhan-ket-qua/", views.result, name="submission-result"),
    path(f"{_draft}kiem-tra/", views.review, name="submission-review"),
    path(f"{_draft}da-nop/", views.done, name="submission-done"),
    path("nop-truc-tuyen/bo-sung/<str:code>/", views.supplement, name="submission-supplement"),
    path("nop-truc-tuyen/ket-qua/<str:code>/", views.result_download, name="submission-result-download"),
    path("nop-truc-tuyen/<str:code>/", views.start, name="submission-start"),
    path("kho-du-lieu/", store_views.store_list, name="store"),
    path("kho-du-lieu/<int:pk>/tai-ve/", store_views.store_download, name="store-download"),
    path("xac-minh/", verify_views.verify, name="verify"),
]
