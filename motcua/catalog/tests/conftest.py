import pytest

from .factories import AgencyFactory


@pytest.fixture
def org_tree(db):
    """A tiny province: two communes, the justice department and the city police (vertical)."""
    return {
        "communes": [
            AgencyFactory(code="000.01.01.H26", name="UBND phường Ba Đình", level="commune"),
            AgencyFactory(code="000.02.01.H26", name="UBND xã Sóc Sơn", level="commune"),
        ],
        "stp": AgencyFactory(code="000.00.10.H26", name="Sở Tư pháp", short_name="STP", level="department"),
        "catp": AgencyFactory(
            code="000.00.90.H26", name="Công an thành phố", short_name="CATP", level="vertical"
        ),
    }
