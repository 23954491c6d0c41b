"""The reports' own tables (rollups, index methodology, risk scores): each topic keeps its models in
its own module, imported here so Django finds them."""

from .risk_models import ApologyDraft, RiskScore  # noqa: F401
