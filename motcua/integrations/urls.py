"""URLs of the local simulators. Mount with path("integrations/", include("motcua.integrations.urls"))."""

from django.urls import path

from . import sms_gateway
from .national_portal import callback as national_portal_callback

app_name = "integrations"

urlpatterns = [
    path("sms-gateway/v1/messages", sms_gateway.simulator_view, name="sms-gateway-messages"),
    # Not a simulator: the national portal's acknowledgements by callback (national_portal/callback.py).
    path("cong-dvc/xac-nhan/", national_portal_callback.acknowledgement, name="national-portal-ack"),
]
