"""Factories for the dossiers' people: a citizen account with a verified identity.

`citizen_account()` makes a user (password `motcua-test`) whose VNeID-verified identity is linked
to it through `applicants.verified_login`, as the portal will do at an e-ID login; online
submissions are made with such an account (issue 8).
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.contrib.auth import get_user_model

from motcua.dossiers import applicants

_numbers = itertools.count(1)


def citizen_account(
    username: str | None = None,
    *,
    full_name: str = "Trần Thị Lan",
    id_number: str = "001190012345",
    date_of_birth: dt.date | None = dt.date(1990, 5, 1),
    **details,
):
    """A citizen's account linked to the verified identity given (created if new)."""
    user = get_user_model().objects.create_user(
        username or f"congdan{next(_numbers)}", password="motcua-test"
    )
    applicants.verified_login(
        user=user,
        data={"full_name": full_name, "id_number": id_number, "date_of_birth": date_of_birth, **details},
    )
    return user
