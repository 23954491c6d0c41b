from rest_framework.routers import SimpleRouter

from .api.views import AgencyViewSet, DeskViewSet

router = SimpleRouter()
router.register("agencies", AgencyViewSet, basename="agency")
router.register("desks", DeskViewSet, basename="desk")

urlpatterns = router.urls
