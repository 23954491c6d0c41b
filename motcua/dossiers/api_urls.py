from django.urls import path
from rest_framework.routers import SimpleRouter

from .api.public import TrackingView
from .api.sector import sector_callback
from .api.views import DossierViewSet

router = SimpleRouter()
router.register("dossiers", DossierViewSet, basename="dossier")

urlpatterns = [
    *router.urls,
    path("tracking/<str:code>/", TrackingView.as_view(), name="tracking-api"),
    # A sector system's signed callback (its result, its code, its refusal): dossiers.sector_callbacks.
    path("sector-systems/<slug:system>/callback/", sector_callback, name="sector-callback"),
]
