# The dossier tests' commune, procedure with a process, and desk officer.
from motcua.dossiers.tests.conftest import desk, police, process_version, ward  # noqa: F401
