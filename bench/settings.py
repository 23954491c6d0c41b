"""The benchmark's server settings: `motcua.settings.production` (DEBUG off, SECRET_KEY and hosts from
the environment, Celery tasks sent to a broker instead of run in the request)."""

from motcua.settings.production import *  # noqa: F403
