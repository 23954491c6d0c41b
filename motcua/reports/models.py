"""The reports' own tables (rollups, index methodology, risk scores): each topic keeps its models in
its own module, imported here so Django finds them."""

from .index766.models import IndexIndicator, IndexMethodology  # noqa: F401
from .risk_models import ApologyDraft, RiskScore  # noqa: F401
from .rollup_models import AgencyDailyRollup, DailyRollup, RollupEntry  # noqa: F401
from .table_models import OneStopList as OneStopList
