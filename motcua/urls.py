from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic.base import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from motcua.core import views as core_views
from motcua.core.api_version import api_major
from motcua.dossiers.downloads import result_download

admin.site.site_header = "MotCua — Quản trị"
admin.site.site_title = "MotCua"
admin.site.index_title = "Quản trị hệ thống Một cửa điện tử"

api_v1 = [
    path("", include("motcua.org.api_urls")),
    path("", include("motcua.catalog.api_urls")),
    path("calendar/", include("motcua.calendars.api_urls")),
    path("", include("motcua.dossiers.api_urls")),
    path("", include("motcua.reports.api_urls")),
    path("", include("motcua.integrations.webhooks.api_urls")),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page links to.
    path("favicon.ico", RedirectView.as_view(url=static_url("favicon.svg"), permanent=True)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("thu-tuc/", include("motcua.catalog.urls")),
    path("co-quan/", include("motcua.org.urls")),
    path("tra-cuu/", include("motcua.dossiers.tracking_urls")),
    # The surveys' and the quiz's pages: the control office's (/can-bo/khao-sat/, /bao-cao/khao-sat/)
    # and the public ones (/khao-sat/, /cuoc-thi/).
    path("", include("motcua.surveys.screens.office_urls")),
    path("", include("motcua.surveys.screens.public_urls")),
    path("can-bo/", include("motcua.office.urls")),
    path("bao-cao/", include("motcua.reports.urls")),
    path("thong-ke/", include("motcua.reports.public_urls")),
    path("api/v1/", include(api_v1)),
    # The API's session login (the browsable API's form), watched by the lockout like every login.
    path("api/auth/", include("rest_framework.urls")),
    # Machine clients' OAuth2 endpoints (client credentials only, throttled): token and revocation.
    path("o/", include("motcua.machines.urls")),
    path("integrations/", include("motcua.integrations.urls")),
    path("ket-qua/<str:token>/", result_download, name="result-download"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The same document at the version's own address (motcua/core/api_version.py; docs/api/).
    path(f"api/{api_major()}/schema/", SpectacularAPIView.as_view(), name="schema-versioned"),
    # The split view serves Swagger UI's initialiser as a file: no inline script, so the CSP holds.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # The public reform pages and their editors' admin (Wagtail, issue 14).
    path("", include("motcua.cms.urls")),
    # The citizens' portal last: its paths are Vietnamese words at the root (/dang-nhap/, /tai-khoan/…).
    path("", include("motcua.portal.urls")),
]
# The national systems' simulators (VNeID, population data, payment, post): demo and tests only.
if getattr(settings, "MOTCUA_SIMULATORS", False):
    urlpatterns.insert(0, path("mo-phong/", include("motcua.integrations.simulator_urls")))
# Unknown API paths answer the API's error format; an outage of the database or Redis answers 503.
handler404 = "motcua.core.views.not_found"
handler500 = "motcua.core.views.server_error"

# No static serving of MEDIA_URL, even with DEBUG: every file goes through a view that checks who
# asks (core.files.serve).
