from django.urls import path

from . import simulator

app_name = "population-simulator"

urlpatterns = [
    path("", simulator.people, name="people"),
    path("cong-dan/<str:id_number>", simulator.person, name="person"),
]
