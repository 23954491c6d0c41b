from django.urls import path

from . import views

urlpatterns = [
    path("phan-anh/", views.published_list, name="feedback"),
    path("phan-anh/gui/", views.send_step, {"step": "kind"}, name="feedback-send"),
    path("phan-anh/gui/<slug:step>/", views.send_step, name="feedback-send-step"),
    path("phan-anh/da-gui/<str:code>/", views.sent, name="feedback-sent"),
    path("phan-anh/cong-khai/<str:code>/", views.published_detail, name="feedback-published"),
    path("tai-khoan/phan-anh/", views.my_feedback, name="my-feedback"),
    path("tai-khoan/phan-anh/<str:code>/", views.my_feedback_detail, name="my-feedback-detail"),
    path("tai-khoan/phan-anh/<str:code>/tep/<int:pk>/", views.attachment, name="my-feedback-file"),
]
