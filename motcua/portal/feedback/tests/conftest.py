"""The feedback tests' world, shared with the portal's feedback screens."""

from motcua.feedback.tests.conftest import (  # noqa: F401 (the feedback tests' fixtures)
    _fresh_calendars,
    citizen,
    city,
    controller,
    other_officer,
    other_ward,
    send,
    ward,
    ward_officer,
)
