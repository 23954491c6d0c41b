from django.contrib.auth import views as auth_views
from django.urls import path

from . import applicant_views, assisted_views, feedback_views, sync_views, views

app_name = "office"

urlpatterns = [
    path("", views.my_work, name="queue"),
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(next_page="office:login"), name="logout"),
    path("tiep-nhan/", views.intake, name="intake"),
    path("tiep-nhan/thu-tuc/", views.intake_procedures, name="intake_procedures"),
    path("tiep-nhan/hen-tra/", views.intake_promised, name="intake_promised"),
    path("tiep-nhan/thanh-phan/", views.intake_papers, name="intake_papers"),
    path("tiep-nhan/phi/", views.intake_fee, name="intake_fee"),
    path("tiep-nhan/nguoi-nop/", views.intake_applicant, name="intake_applicant"),
    # Assisted submission (nộp hộ): an online submission made at the desk for a citizen.
    path("nop-ho/", assisted_views.start, name="assisted"),
    path("nop-ho/<uuid:token>/", assisted_views.submit, name="assisted_submit"),
    path("tra-cuu/", views.search, name="search"),
    path("so-theo-doi/", views.tracking_book, name="tracking_book"),
    # Issue 13: the national portal sync records that failed, for the control office to replay.
    path("dong-bo/", sync_views.sync_problems, name="sync_problems"),
    path("dong-bo/<int:pk>/gui-lai/", sync_views.sync_replay, name="sync_replay"),
    path("ho-so/<str:code>/", views.dossier_detail, name="dossier"),
    path("ho-so/<str:code>/thao-tac/<str:action>/", views.dossier_action, name="action"),
    path("ho-so/<str:code>/he-thong-nganh/", views.sector_handoff, name="sector_handoff"),
    # Issue 8: the shared person record changes only by a correction with a reason.
    path("ho-so/<str:code>/nguoi-nop/", applicant_views.correct_applicant, name="correct_applicant"),
    path("ho-so/<str:code>/van-ban/<int:pk>/", views.document_file, name="document"),
    path("ho-so/<str:code>/giay-to/<int:pk>/", views.paper_file, name="paper"),
    path("ho-so/<str:code>/in/<str:kind>/", views.print_form, name="print"),
    path("ho-so/<str:code>/to-khai/", views.declaration, name="declaration"),
    # Feedback and petitions (phản ánh, kiến nghị): the control office's and the agencies' queues.
    path("phan-anh/", feedback_views.feedback_queue, name="feedback_queue"),
    path("phan-anh/moi/", feedback_views.feedback_new, name="feedback_new"),
    path("phan-anh/<str:code>/", feedback_views.feedback_detail, name="feedback"),
    path("phan-anh/<str:code>/tep/<int:pk>/", feedback_views.feedback_file, name="feedback_file"),
]
