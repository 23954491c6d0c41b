from rest_framework.routers import SimpleRouter

from .api import ProcedureViewSet, SectorViewSet

router = SimpleRouter()
router.register("sectors", SectorViewSet, basename="sector")
router.register("procedures", ProcedureViewSet, basename="procedure")

urlpatterns = router.urls
