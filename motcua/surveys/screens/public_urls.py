"""The public pages of the surveys and the quiz, mounted at the site's root (motcua/urls.py)."""

from django.urls import path

from . import answer_views, quiz_views

app_name = "surveys"

urlpatterns = [
    path("khao-sat/ki-ot/", answer_views.kiosk, name="kiosk"),
    path("khao-sat/ki-ot/bat-dau/", answer_views.kiosk_start, name="kiosk-start"),
    path("khao-sat/ki-ot/cau/<int:number>/", answer_views.kiosk_question, name="kiosk-question"),
    path("khao-sat/ki-ot/kiem-tra/", answer_views.kiosk_review, name="kiosk-review"),
    path("khao-sat/ki-ot/cam-on/", answer_views.kiosk_done, name="kiosk-done"),
    path("khao-sat/<str:token>/", answer_views.start, name="start"),
    path("khao-sat/<str:token>/cau/<int:number>/", answer_views.question, name="question"),
    path("khao-sat/<str:token>/kiem-tra/", answer_views.review, name="review"),
    path("khao-sat/<str:token>/cam-on/", answer_views.done, name="done"),
    path("cuoc-thi/", quiz_views.rounds, name="quiz-rounds"),
    path("cuoc-thi/<int:pk>/", quiz_views.round_page, name="quiz-round"),
    path("cuoc-thi/<int:pk>/bat-dau/", quiz_views.start, name="quiz-start"),
    path("cuoc-thi/<int:pk>/bai-thi/", quiz_views.sheet, name="quiz-sheet"),
    path("cuoc-thi/<int:pk>/ket-qua/", quiz_views.results, name="quiz-results"),
]
