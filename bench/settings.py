"""The benchmark's server settings: `motcua.settings.production` (DEBUG off, SECRET_KEY and hosts from
the environment, Celery tasks sent to a broker instead of run in the request), plus one workaround.

Workaround (remove once fixed in motcua/dossiers/api/permissions.py): `staff_of()` primes
`type(request.user).staff`, but under session authentication `request.user` is Django's
`SimpleLazyObject`, so every authenticated API request fails with AttributeError (the API tests
authenticate with `force_authenticate`, which hands DRF a plain User). `ConcreteUser` below resolves
the lazy user once per request — what the first attribute access would do anyway.
"""

from motcua.settings.production import *  # noqa: F403
from motcua.settings.production import MIDDLEWARE

from .middleware import with_concrete_user

MIDDLEWARE = with_concrete_user(MIDDLEWARE)
