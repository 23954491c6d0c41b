import factory
from factory.django import DjangoModelFactory

from motcua.catalog import services
from motcua.catalog.models import Sector
from motcua.org.tests.factories import CommuneFactory

# Catalogue tests mostly need implementing communes; the organisation's factory makes them.
AgencyFactory = CommuneFactory


class SectorFactory(DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


def version_data(**overrides) -> dict:
    data = {
        "code": "1.001193",
        "name": "Đăng ký khai sinh",
        "sector": "Hộ tịch",
        "levels": ["commune"],
        "steps": "Nộp hồ sơ tại Bộ phận Một cửa; công chức tư pháp - hộ tịch kiểm tra và cấp Giấy khai sinh.",
        "channels": ["desk", "post", "online_partial"],
        "time_amount": 1,
        "time_unit": "working_day",
        "applicant_types": ["0"],
        "applicants_text": "Công dân Việt Nam",
        "result_name": "Giấy khai sinh",
        "confidence": "high",
        "source_url": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x",
        "requirements": [{"name": "Tờ khai đăng ký khai sinh", "kind": "original", "quantity": 1}],
        "fees": [{"name": "Lệ phí", "amount_vnd": 0, "text": "Miễn phí", "collected_at": "1"}],
        "implementing_agencies": [],
    }
    data.update(overrides)
    return data


def published_version(**overrides):
    version = services.create_draft(data=version_data(**overrides))
    return services.publish_version(version=version)
