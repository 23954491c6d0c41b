"""The embedded demo: SQLite, eager Celery, debug off unless DEBUG=1 (an unknown address shows the
site's own 404 page, not Django's URL list); `make demo` serves static files with `runserver
--insecure`."""

import os

from .base import *  # noqa: F403
from .base import env_bool, sector_transports, vneid_settings

DEBUG = env_bool("DEBUG", False)
# Links printed on forms (Mẫu 01's lookup line, QR codes) are absolute.
MOTCUA_PUBLIC_BASE_URL = os.environ.get("MOTCUA_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
# Celery runs eagerly here and there is no beat: the outbox's due messages (failed ones whose
# backoff ended) are retried after a request, at most once a minute (integrations.retry).
MOTCUA_OUTBOX_RETRY_EVERY = int(os.environ.get("MOTCUA_OUTBOX_RETRY_EVERY", "60"))

# The national systems' simulators (VNeID, population data, payment, post) at /mo-phong/.
MOTCUA_SIMULATORS = True
# The simulated civil-status system (integrations/sector/simulator).
MOTCUA_SECTOR_SYSTEMS = {"ho-tich": {"NAME": "Hệ thống thông tin đăng ký và quản lý hộ tịch (mô phỏng)"}}
MOTCUA_DISPATCH_TRANSPORTS = {**MOTCUA_DISPATCH_TRANSPORTS, **sector_transports(MOTCUA_SECTOR_SYSTEMS)}  # noqa: F405
# The e-ID login goes to the VNeID simulator unless the environment names a provider.
if not os.environ.get("MOTCUA_VNEID_ISSUER"):
    globals().update(
        vneid_settings(MOTCUA_PUBLIC_BASE_URL + "/mo-phong/vneid", "motcua-demo", "motcua-demo-secret")
    )
MOTCUA_POPULATION_SOURCE = "simulator"
# One process (runserver): the public pages' cache in local memory sees every change (core.pagecache).
MOTCUA_PAGE_CACHE = env_bool("MOTCUA_PAGE_CACHE", True)
