"""The read replica (issue 8): lists and reports read from `DATABASE_REPLICA_URL` when it is configured.

Reads go to the replica only inside a read-only context: `reads_from_replica()` (a context manager and
decorator for selectors and reports), or a GET to one of the views named in `MOTCUA_REPLICA_VIEWS`
(ReplicaReadsMiddleware). Everything else stays on the primary, and so do, even inside such a context:

- every write, and every object saved, whatever database it was read from (db_for_write);
- locking reads (`select_for_update` and `get_or_create` are write-side querysets in Django);
- any read inside a transaction on the primary (a service's reads see its own writes);
- sessions, users and permissions (a sign-in just made must not look missing on a lagging replica).

Without a replica (`MOTCUA_READ_REPLICA` unset) the router sends everything to `default`."""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

_replica_reads: ContextVar[bool] = ContextVar("motcua_replica_reads", default=False)

# What may be read from the replica: the domain's data, never auth state.
REPLICA_APPS = {"dossiers", "catalog", "org", "calendars", "documents", "integrations", "reports"}


def replica_alias() -> str | None:
    return getattr(settings, "MOTCUA_READ_REPLICA", None) or None


@contextlib.contextmanager
def reads_from_replica():
    """Reads inside go to the replica, when there is one (usable as a decorator too)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = replica_alias()
        if alias is None or not _replica_reads.get():
            return "default"
        if model._meta.app_label not in REPLICA_APPS or connections["default"].in_atomic_block:
            return "default"
        return alias

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """GET and HEAD requests to the views in MOTCUA_REPLICA_VIEWS (lists, searches, reports) read from
    the replica; a page just written may lag behind by the replica's delay, nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.views = frozenset(getattr(settings, "MOTCUA_REPLICA_VIEWS", ()))

    def __call__(self, request):
        if replica_alias() is None or request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        from django.urls import Resolver404, resolve

        try:
            view_name = resolve(request.path_info).view_name
        except Resolver404:
            view_name = None
        if view_name not in self.views:
            return self.get_response(request)
        with reads_from_replica():
            return self.get_response(request)
