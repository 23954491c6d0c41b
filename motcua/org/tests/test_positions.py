"""The free-text position of a process step → the role holding it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.text import fold
from motcua.org.models import Role
from motcua.org.positions import role_for_position

DESK, SPECIALIST, UNIT_HEAD, LEADER = (
    Role.DESK_OFFICER,
    Role.SPECIALIST,
    Role.UNIT_HEAD,
    Role.AGENCY_LEADER,
)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        # the one-stop desk
        ("Bộ phận Một cửa", DESK),
        ("Công chức Một cửa", DESK),  # not any "công chức"
        ("Cán bộ tại Bộ phận Một cửa", DESK),
        ("Chuyên viên Bộ phận Một cửa", DESK),
        ("Bộ phận tiếp nhận và trả kết quả", DESK),
        ("Tiếp nhận và trả kết quả", DESK),
        ("Bộ phận TN&TKQ", DESK),
        ("Trung tâm Phục vụ hành chính công", DESK),
        # specialists
        ("Chuyên viên xử lý", SPECIALIST),
        ("Công chức Tư pháp - Hộ tịch", SPECIALIST),
        ("Công chức địa chính", SPECIALIST),
        ("Cán bộ thụ lý", SPECIALIST),
        ("Viên chức Văn phòng Đăng ký đất đai", SPECIALIST),
        ("Chuyên viên xử lý, trình Lãnh đạo phòng", SPECIALIST),  # the position comes first
        # unit heads
        ("Lãnh đạo phòng chuyên môn", UNIT_HEAD),  # not any "lãnh đạo"
        ("Lãnh đạo Phòng Tư pháp", UNIT_HEAD),
        ("Trưởng phòng", UNIT_HEAD),
        ("Phó Trưởng phòng Hành chính tư pháp", UNIT_HEAD),
        ("Lãnh đạo đơn vị", UNIT_HEAD),
        ("Trưởng bộ phận", UNIT_HEAD),
        # agency leaders
        ("Lãnh đạo cơ quan", LEADER),
        ("Lãnh đạo UBND xã", LEADER),
        ("Lãnh đạo Sở", LEADER),
        ("Chủ tịch UBND", LEADER),
        ("Chủ tịch UBND phường", LEADER),
        ("Phó Chủ tịch", LEADER),
        ("Phó Chủ tịch UBND, phụ trách Bộ phận Một cửa", LEADER),  # the qualifier comes after
        ("Giám đốc Sở", LEADER),
        ("Phó Giám đốc Sở", LEADER),
        ("Giám đốc Trung tâm Phục vụ hành chính công", LEADER),
        ("Thủ trưởng cơ quan", LEADER),
        ("Chi cục trưởng", LEADER),
        ("Người đứng đầu cơ quan", LEADER),
        # case, diacritics and spaces do not matter
        ("LÃNH ĐẠO CƠ QUAN", LEADER),
        ("lanh dao phong", UNIT_HEAD),
        ("  bộ   phận\tmột cửa ", DESK),
        # no position: no restriction
        ("", ""),
        (None, ""),
        ("Công an", ""),
        ("Phòng Kinh tế", ""),
        ("Văn thư", ""),
        ("Văn phòng Đăng ký đất đai", ""),
        # whole words only
        ("Trưởng thôn", ""),
        ("Phòng Giáo dục", ""),
        ("canbo", ""),
    ],
)
def test_role_for_position(text, role):
    assert role_for_position(text) == role


VIETNAMESE = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ &-,.",
    max_size=60,
)


@given(st.text(max_size=200))
def test_never_raises_and_answers_a_role_or_nothing(text):
    assert role_for_position(text) in {"", *Role.values}


@given(
    st.lists(st.sampled_from(["lãnh đạo", "phòng", "cơ quan", "chuyên viên", "một cửa", "chủ tịch"])),
    VIETNAMESE,
)
def test_case_and_diacritics_do_not_matter(words, tail):
    text = " ".join([*words, tail])
    assert role_for_position(text) == role_for_position(text.upper()) == role_for_position(fold(text))
