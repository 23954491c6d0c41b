"""Officers sign in as Django users; every permission check then reads their `Staff` record (agency,
desk, roles). The backend loads that record with the user, in the same query, on each request."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import prefetch_related_objects

from .models import Staff


class StaffBackend(ModelBackend):
    """Django's ModelBackend, with `user.staff` (and its agency, which the workspace's header names)
    joined into `get_user`."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("staff__agency")
        try:
            user = users.get(pk=user_id)  # not first(): no ORDER BY to build on every request
        except ObjectDoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def staff_of(user) -> Staff | None:
    """The officer behind `user`, with their roles loaded once; None for citizens and anonymous."""
    if user is None or not user.is_authenticated:
        return None
    try:
        staff = user.staff
    except ObjectDoesNotExist:
        return None
    prefetch_related_objects([staff], "roles")  # nothing to do when already loaded
    return staff


def subtree_ids(agency_id: int) -> list[int]:
    """The agency and every agency below it (the tree is shallow: one query per level)."""
    from .models import Agency

    ids, level = [agency_id], [agency_id]
    while level:
        level = list(Agency.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        ids += level
    return ids


def administered_agency_ids(user) -> list[int] | None:
    """The agencies `user` administers in the admin site: None for the installation's operator (a
    superuser: everything), their agency's subtree for an officer, nothing for anyone else."""
    if user.is_superuser:
        return None
    staff = staff_of(user)
    return subtree_ids(staff.agency_id) if staff is not None else []
