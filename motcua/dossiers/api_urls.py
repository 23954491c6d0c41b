from django.urls import path
from rest_framework.routers import SimpleRouter

from .api.public import TrackingView
from .api.views import DossierViewSet

router = SimpleRouter()
router.register("dossiers", DossierViewSet, basename="dossier")

urlpatterns = [
    *router.urls,
    path("tracking/<str:code>/", TrackingView.as_view(), name="tracking-api"),
]
