"""Tests: the database comes from DATABASE_URL (SQLite by default, PostgreSQL in CI's second run)."""

from .base import *  # noqa: F403
from .base import sector_transports, vneid_settings

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = PROJECT_DIR / "var" / "test-media"  # noqa: F405
# Tests create and change procedures and agencies inside rolled-back transactions (whose ids SQLite
# reuses): no process memory of them, except in the tests of core.refcache itself.
MOTCUA_REFERENCE_CACHE_SECONDS = 0

# The read replica's alias, a test mirror of the primary (issue 8): the router's tests turn it on with
# MOTCUA_READ_REPLICA = "replica"; left off, every read goes to default as before.
if "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
else:
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # noqa: F405

# No throttling by default (the local-memory counts would carry from one test to the next); the
# throttle tests set low rates and clear the cache themselves.
REST_FRAMEWORK = {**REST_FRAMEWORK}  # noqa: F405
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"public_lookup": None, "submission": None}

# The national systems' simulators (VNeID, population data, payment, post) at /mo-phong/.
MOTCUA_SIMULATORS = True
# The simulated civil-status system (integrations/sector/simulator).
MOTCUA_SECTOR_SYSTEMS = {"ho-tich": {"NAME": "Hệ thống thông tin đăng ký và quản lý hộ tịch (mô phỏng)"}}
MOTCUA_DISPATCH_TRANSPORTS = {**MOTCUA_DISPATCH_TRANSPORTS, **sector_transports(MOTCUA_SECTOR_SYSTEMS)}  # noqa: F405
MOTCUA_SIMULATOR_DIR = str(PROJECT_DIR / "var" / "test-simulators")  # noqa: F405
# The e-ID login goes to the VNeID simulator, as the test client's server sees it.
globals().update(vneid_settings("http://testserver/mo-phong/vneid", "motcua-test", "motcua-test-secret"))
MOTCUA_POPULATION_SOURCE = "simulator"
# The public pages' shared cache (core.pagecache) keeps nothing: tests roll back, so the bumps that
# invalidate it never commit. Its own tests turn it on and run the commit callbacks.
MOTCUA_PAGE_CACHE = False
