import pytest

from motcua.org.models import Agency


@pytest.fixture
def province(db):
    return Agency.objects.create(code="000.00.00.H26", name="UBND thành phố Hà Nội", level="province")


@pytest.fixture
def department(province):
    return Agency.objects.create(code="000.00.12.H26", name="Sở Tư pháp", level="department", parent=province)


@pytest.fixture
def sub_unit(department):
    return Agency.objects.create(
        code="000.12.01.H26", name="Phòng Hành chính tư pháp", level="sub_unit", parent=department
    )
