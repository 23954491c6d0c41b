"""The national population database as a plugin: look a person up by ID number, check what an
applicant typed, fill in residence. `lookup_person` and `verify` are what the portal calls; the
simulator holds the same people as the VNeID simulator."""

from .base import Check, PersonRecord
from .lookup import lookup_person, verify

__all__ = ["Check", "PersonRecord", "lookup_person", "verify"]
