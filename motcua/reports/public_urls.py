"""The public statistics pages (like the national portal's), at /thong-ke/: no login."""

urlpatterns: list = []
