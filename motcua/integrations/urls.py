"""URLs of the local simulators. Mount with path("integrations/", include("motcua.integrations.urls"))."""

from django.urls import path

from . import sms_gateway

app_name = "integrations"

urlpatterns = [
    path("sms-gateway/v1/messages", sms_gateway.simulator_view, name="sms-gateway-messages"),
]
