"""The benchmark's server settings: `motcua.settings.production` (DEBUG off, SECRET_KEY and hosts from
the environment, Celery tasks sent to a broker instead of run in the request)."""

from motcua.settings.production import *  # noqa: F403

# The benchmark measures intake throughput from a few officers' sessions: no per-user throttle.
REST_FRAMEWORK = {**REST_FRAMEWORK}  # noqa: F405
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
    "public_lookup": None,
    "submission": None,
}
