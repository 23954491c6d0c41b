"""A birth registration with its published cases, alternatives, channels and shown papers, as
1.001193 publishes them (a test fixture for intake, the API and the desk)."""

from motcua.catalog import services
from motcua.catalog.models import Requirement

from .factories import version_data

PLAIN = "Trường hợp thông thường"
ABANDONED = "Trẻ em bị bỏ rơi"


def birth_with_cases(*, agencies=(), **overrides):
    """A published 1.001193 with two cases (the plain one by default, and an abandoned child) and:

    - the paper tờ khai (desk, post) and the interactive e-form (online), every case;
    - Giấy chứng sinh, or else the witness's statement (alternatives, group "chung-sinh"), plain case;
    - the record of the abandoned child, abandoned case;
    - the power of attorney (optional), every case;
    - the ID card, shown only, every case.
    """
    rows = [
        dict(
            name="Tờ khai đăng ký khai sinh", channels=["desk", "post"], template="Tờ khai đăng ký khai sinh"
        ),
        dict(name="Tờ khai điện tử tương tác", channels=["online", "online_partial", "online_full"]),
        dict(name="Giấy chứng sinh", case=PLAIN, alternative_group="chung-sinh"),
        dict(
            name="Văn bản của người làm chứng xác nhận về việc sinh",
            case=PLAIN,
            alternative_group="chung-sinh",
        ),
        dict(name="Biên bản xác nhận việc trẻ bị bỏ rơi", case=ABANDONED),
        dict(name="Văn bản ủy quyền", mandatory=False),
        dict(name="Căn cước của người đi đăng ký", presentation="show"),
    ]
    data = version_data(
        cases=[{"name": PLAIN, "is_default": True}, {"name": ABANDONED, "is_default": False}],
        requirements=[{"kind": "original", "quantity": 1, **row} for row in rows],
        implementing_agencies=list(agencies),
        **overrides,
    )
    return services.publish_version(version=services.create_draft(data=data))


def component(version, name) -> Requirement:
    return version.requirements.get(name=name)
