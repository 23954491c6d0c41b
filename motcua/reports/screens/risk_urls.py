"""risk: URLs (filled by its topic)."""

urlpatterns: list = []
