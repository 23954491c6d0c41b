"""Fixtures of the reports' tests: the dossiers app's commune, procedure with a process, and staff;
the feedback tests' city and second ward (the index's 5.1–5.3)."""

from motcua.dossiers.tests.conftest import (  # noqa: F401  (pytest fixtures)
    desk,
    head,
    police,
    police_officer,
    process_version,
    processing,
    received,
    specialist,
    ward,
)
from motcua.feedback.tests.conftest import city, other_ward  # noqa: F401  (pytest fixtures)
