"""The local simulators of the national systems, mounted at /mo-phong/ in the demo and the tests only
(MOTCUA_SIMULATORS). Each system's package under integrations/ adds its own `simulator/urls.py` here."""

from django.urls import include, path

urlpatterns: list = [
    path("thanh-toan/", include("motcua.integrations.payment.simulator.urls")),
    path("buu-chinh/", include("motcua.integrations.postal.simulator.urls")),
    path("vneid/", include("motcua.integrations.vneid.simulator.urls")),
    path("he-thong-nganh/", include("motcua.integrations.sector.simulator.urls")),
    path("dan-cu/", include("motcua.integrations.population.simulator_urls")),
    path("nhan-thong-bao/", include("motcua.integrations.webhooks.simulator.urls")),
    path("cong-dvc/", include("motcua.integrations.national_portal.simulator.urls")),
]
