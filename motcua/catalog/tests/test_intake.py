import pytest
from django.core.exceptions import ValidationError

from motcua.catalog import intake
from motcua.catalog.intake import check_components

from .cases import birth_with_cases, component

pytestmark = pytest.mark.django_db

DESK, ONLINE, POST = 1, 2, 3


def papers(version, *names, shown=()):
    out = [{"requirement_id": component(version, n).pk} for n in names]
    out += [{"requirement_id": component(version, n).pk, "shown_only": True} for n in shown]
    return out


def codes(error: ValidationError, field="papers") -> list[str]:
    return [e.code for e in error.error_dict[field]]


PLAIN_DESK = ("Tờ khai đăng ký khai sinh", "Giấy chứng sinh")
ID = ("Căn cước của người đi đăng ký",)


def test_the_plain_case_at_the_desk_needs_exactly_its_papers():
    version = birth_with_cases()
    case = check_components(
        version, case_id=None, channel=DESK, papers=papers(version, *PLAIN_DESK, shown=ID)
    )
    assert case.name == "Trường hợp thông thường" and case.is_default
    # the other alternative does as well; the optional power of attorney may be added
    check_components(
        version,
        channel=DESK,
        papers=papers(
            version,
            "Tờ khai đăng ký khai sinh",
            "Văn bản của người làm chứng xác nhận về việc sinh",
            "Văn bản ủy quyền",
            shown=ID,
        ),
    )


def test_missing_papers_are_named_with_a_stable_code():
    version = birth_with_cases()
    with pytest.raises(ValidationError) as caught:
        check_components(version, channel=DESK, papers=papers(version, "Tờ khai đăng ký khai sinh"))
    assert codes(caught.value) == ["missing_component", "missing_component"]
    text = " ".join(caught.value.messages)
    assert "Giấy chứng sinh; Văn bản của người làm chứng" in text
    assert "Chưa xuất trình giấy tờ bắt buộc: Căn cước" in text


def test_two_papers_of_one_alternative_group_are_refused():
    version = birth_with_cases()
    with pytest.raises(ValidationError) as caught:
        check_components(
            version,
            channel=DESK,
            papers=papers(
                version, *PLAIN_DESK, "Văn bản của người làm chứng xác nhận về việc sinh", shown=ID
            ),
        )
    assert codes(caught.value) == ["alternatives"]


def test_a_component_of_another_case_or_channel_is_a_field_error():
    version = birth_with_cases()
    with pytest.raises(ValidationError) as caught:
        check_components(
            version,
            channel=DESK,
            papers=papers(version, *PLAIN_DESK, "Biên bản xác nhận việc trẻ bị bỏ rơi", shown=ID),
        )
    assert codes(caught.value) == ["component_other_case"]
    assert "Trẻ em bị bỏ rơi" in caught.value.messages[0]
    with pytest.raises(ValidationError) as caught:
        check_components(
            version,
            channel=DESK,
            papers=papers(version, *PLAIN_DESK, "Tờ khai điện tử tương tác", shown=ID),
        )
    assert codes(caught.value) == ["component_other_channel"]


def test_online_uses_the_e_form_and_the_abandoned_case_its_record():
    version = birth_with_cases()
    abandoned = version.cases.get(name="Trẻ em bị bỏ rơi")
    case = check_components(
        version,
        case_id=abandoned.pk,
        channel=ONLINE,
        papers=papers(version, "Tờ khai điện tử tương tác", "Biên bản xác nhận việc trẻ bị bỏ rơi", shown=ID),
    )
    assert case == abandoned
    # by post, the paper tờ khai as at the desk
    check_components(
        version,
        case_id=abandoned.pk,
        channel=POST,
        papers=papers(version, "Tờ khai đăng ký khai sinh", "Biên bản xác nhận việc trẻ bị bỏ rơi", shown=ID),
    )


def test_an_unknown_case_is_refused_on_the_case_field():
    version = birth_with_cases()
    other = birth_with_cases(code="1.000894", name="Đăng ký kết hôn")
    with pytest.raises(ValidationError) as caught:
        check_components(version, case_id=other.cases.first().pk, channel=DESK, papers=[])
    assert codes(caught.value, "case") == ["unknown_case"]


def test_a_paper_to_hand_in_cannot_be_merely_shown():
    version = birth_with_cases()
    with pytest.raises(ValidationError) as caught:
        check_components(
            version,
            channel=DESK,
            papers=papers(version, "Tờ khai đăng ký khai sinh", shown=("Giấy chứng sinh", *ID)),
        )
    assert "shown_not_showable" in codes(caught.value)


def test_the_checklist_groups_alternatives():
    version = birth_with_cases()
    case = intake.resolve_case(version, None)
    items = intake.checklist(version, case=case, channel=DESK).items
    names = [[r.name for r in i] if isinstance(i, list) else i.name for i in items]
    assert names == [
        "Tờ khai đăng ký khai sinh",
        ["Giấy chứng sinh", "Văn bản của người làm chứng xác nhận về việc sinh"],
        "Văn bản ủy quyền",
        "Căn cước của người đi đăng ký",
    ]


def test_a_version_with_only_its_default_case_checks_every_mandatory_component():
    from .factories import published_version

    version = published_version()  # no case given: the services give it its default case
    case = check_components(version, channel=DESK, papers=[{"requirement_id": version.requirements.get().pk}])
    assert case.is_default
    with pytest.raises(ValidationError):
        check_components(version, channel=DESK, papers=[])
