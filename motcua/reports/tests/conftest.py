"""Fixtures of the reports' tests: the dossiers app's commune, procedure with a process, and staff."""

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
