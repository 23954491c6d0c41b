"""index766: API URLs (filled by its topic)."""

urlpatterns: list = []
