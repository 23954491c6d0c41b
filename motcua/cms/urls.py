"""The CMS's addresses, included by motcua.urls: the pages at /cai-cach/, the admin at /cms-admin/,
the downloadable documents at /tai-lieu/, the pictures under /media/."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import media, views

urlpatterns = [
    path("cms-admin/", include(wagtailadmin_urls)),
    path("tai-lieu/", include(wagtaildocs_urls)),
    path("media/images/<path:name>", media.rendition, name="cms-rendition"),
    path("media/original_images/<path:name>", media.original, name="cms-original-image"),
    # Before the pages: "tim-kiem" is not a page's slug.
    path("cai-cach/tim-kiem/", views.search, name="cms-search"),
    path("cai-cach/", include(wagtail_urls)),
]
