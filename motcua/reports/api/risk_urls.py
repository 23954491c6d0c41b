"""risk: API URLs (filled by its topic)."""

urlpatterns: list = []
