"""dashboards: the leaders' dashboard at /bao-cao/ and the compliance cost per procedure."""

from django.urls import path

from . import dashboards

urlpatterns = [
    path("", dashboards.dashboard, name="dashboard"),
    path("chi-phi-tuan-thu/", dashboards.cost_index, name="cost-index"),
    path("chi-phi-tuan-thu/<str:code>/", dashboards.procedure_cost, name="cost"),
]
