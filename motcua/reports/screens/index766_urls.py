"""index766: URLs (filled by its topic)."""

urlpatterns: list = []
