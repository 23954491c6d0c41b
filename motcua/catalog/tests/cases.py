"""A birth registration with its published cases, alternatives, channels and shown papers, as
1.001193 publishes them (a test fixture for intake, the API and the desk)."""

from motcua.catalog import services
from motcua.catalog.models import Presentation, ProcedureCase, Requirement

from .factories import version_data


def birth_with_cases(*, agencies=(), **overrides):
    """A published 1.001193 with two cases (the plain one by default, and an abandoned child) and:

    - the paper tờ khai (desk, post) and the interactive e-form (online), every case;
    - Giấy chứng sinh, or else the witness's statement (alternatives, group "chung-sinh"), plain case;
    - the record of the abandoned child, abandoned case;
    - the power of attorney (optional), every case;
    - the ID card, shown only, every case.
    """
    data = version_data(requirements=[], implementing_agencies=list(agencies), **overrides)
    draft = services.create_draft(data=data)
    plain = ProcedureCase.objects.create(
        version=draft, order=0, name="Trường hợp thông thường", is_default=True
    )
    abandoned = ProcedureCase.objects.create(version=draft, order=1, name="Trẻ em bị bỏ rơi")
    rows = [
        dict(
            name="Tờ khai đăng ký khai sinh", channels=["desk", "post"], template="Tờ khai đăng ký khai sinh"
        ),
        dict(name="Tờ khai điện tử tương tác", channels=["online", "online_partial", "online_full"]),
        dict(name="Giấy chứng sinh", case=plain, alternative_group="chung-sinh"),
        dict(
            name="Văn bản của người làm chứng xác nhận về việc sinh",
            case=plain,
            alternative_group="chung-sinh",
        ),
        dict(name="Biên bản xác nhận việc trẻ bị bỏ rơi", case=abandoned),
        dict(name="Văn bản ủy quyền", mandatory=False),
        dict(name="Căn cước của người đi đăng ký", presentation=Presentation.SHOW),
    ]
    Requirement.objects.bulk_create(Requirement(version=draft, order=i, **row) for i, row in enumerate(rows))
    return services.publish_version(version=draft)


def component(version, name) -> Requirement:
    return version.requirements.get(name=name)
