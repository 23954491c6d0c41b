import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.identity import (
    PROVINCE_CODES,
    TAX_CODE_WEIGHTS,
    Gender,
    parse_personal_id,
    tax_check_digit,
    validate_personal_id,
    validate_tax_code,
)

TODAY = dt.date(2026, 11, 23)
valid_provinces = st.sampled_from(sorted(PROVINCE_CODES))
invalid_provinces = st.integers(0, 999).map(lambda n: f"{n:03d}").filter(lambda c: c not in PROVINCE_CODES)
random_part = st.integers(0, 999_999).map(lambda n: f"{n:06d}")


def code_of(exc_info) -> str:
    return exc_info.value.code


# --- personal ID number -------------------------------------------------------------------------


def test_province_list_is_the_63_provinces_within_001_096():
    assert len(PROVINCE_CODES) == 63
    assert min(PROVINCE_CODES) == "001" and max(PROVINCE_CODES) == "096"
    assert PROVINCE_CODES["001"] == "Hà Nội" and PROVINCE_CODES["079"] == "Hồ Chí Minh"
    # Codes the circular leaves unused (gaps where old provinces were split) are not valid.
    for unused in ("000", "003", "005", "041", "097", "099"):
        assert unused not in PROVINCE_CODES


def test_known_number_decodes():
    parsed = parse_personal_id("001 0 85 012345", today=TODAY)
    assert parsed.number == "001085012345"
    assert parsed.province_name == "Hà Nội"
    assert parsed.gender == Gender.MALE
    assert parsed.birth_year == 1985
    assert parse_personal_id("079303001234", today=TODAY).gender == Gender.FEMALE
    assert parse_personal_id("079303001234", today=TODAY).birth_year == 2003


@given(
    province=valid_provinces,
    born=st.dates(dt.date(1900, 1, 1), TODAY),
    gender=st.sampled_from(Gender),
    rest=random_part,
)
def test_numbers_built_by_the_rule_validate_with_matching_birth_date_and_gender(province, born, gender, rest):
    century = (born.year - 1900) // 100
    digit = century * 2 + (1 if gender == Gender.FEMALE else 0)
    number = f"{province}{digit}{born.year % 100:02d}{rest}"
    assert validate_personal_id(number, date_of_birth=born, gender=gender, today=TODAY) == number
    parsed = parse_personal_id(number, today=TODAY)
    assert (parsed.birth_year, parsed.gender) == (born.year, gender)


@given(province=invalid_provinces, rest=st.integers(0, 10**9 - 1).map(lambda n: f"{n:09d}"))
def test_unknown_province_code_is_refused(province, rest):
    with pytest.raises(ValidationError) as exc:
        validate_personal_id(f"{province}0{rest[1:]}", today=TODAY)
    assert code_of(exc) == "personal_id_province"
    assert "Mã tỉnh" in exc.value.messages[0]


@given(
    st.text(max_size=15).filter(
        lambda s: (
            not (
                len(s.replace(" ", "").replace(".", "")) == 12
                and all(c in "0123456789" for c in s.replace(" ", "").replace(".", ""))
            )
        )
    )
)
def test_anything_but_12_digits_is_refused(text):
    with pytest.raises(ValidationError) as exc:
        validate_personal_id(text, today=TODAY)
    assert code_of(exc) == "personal_id_format"
    assert "12 chữ số" in exc.value.messages[0]


@given(province=valid_provinces, digit=st.integers(4, 9), yy=st.integers(0, 99), rest=random_part)
def test_a_birth_year_after_today_is_refused(province, digit, yy, rest):
    with pytest.raises(ValidationError) as exc:
        validate_personal_id(f"{province}{digit}{yy:02d}{rest}", today=TODAY)
    assert code_of(exc) == "personal_id_birth_year_future"


def test_this_century_digit_is_refused_for_years_not_yet_reached():
    with pytest.raises(ValidationError):
        validate_personal_id("001227000001", today=TODAY)  # born 2027
    assert validate_personal_id("001226000001", today=TODAY) == "001226000001"  # born 2026


def test_mismatched_birth_year_and_gender_are_refused_with_clear_messages():
    with pytest.raises(ValidationError) as exc:
        validate_personal_id("001085012345", date_of_birth=dt.date(1986, 1, 1), today=TODAY)
    assert code_of(exc) == "personal_id_birth_year_mismatch"
    assert "1985" in exc.value.messages[0] and "1986" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        validate_personal_id("001085012345", gender="female", today=TODAY)
    assert code_of(exc) == "personal_id_gender_mismatch"
    assert "nam" in exc.value.messages[0]


def test_usable_as_a_field_validator_without_keyword_arguments():
    # Django calls validators with the value only.
    assert validate_personal_id("001085012345") == "001085012345"


# --- tax code -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "0100109106",  # Viettel (Tập đoàn Công nghiệp - Viễn thông Quân đội)
        "0100684378",  # Vietnam Post
        "0300588569",  # Vinamilk
        "0100109106-001",
    ],
)
def test_real_tax_codes_validate(code):
    assert validate_tax_code(code) == code


def test_branch_code_without_hyphen_or_with_spaces_is_normalised():
    assert validate_tax_code("0100109106001") == "0100109106-001"
    assert validate_tax_code(" 0100 109 106 ") == "0100109106"


def check_digit_by_hand(nine: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(nine, TAX_CODE_WEIGHTS, strict=True))
    return None if total % 11 == 0 else 10 - total % 11


nine_digits = st.integers(0, 10**9 - 1).map(lambda n: f"{n:09d}")


@given(nine=nine_digits)
def test_check_digit_matches_the_official_formula(nine):
    assert tax_check_digit(nine) == check_digit_by_hand(nine)


@given(nine=nine_digits, last=st.integers(0, 9))
def test_exactly_one_tenth_digit_is_accepted(nine, last):
    expected = tax_check_digit(nine)
    code = f"{nine}{last}"
    if expected == last:
        assert validate_tax_code(code) == code
    else:
        with pytest.raises(ValidationError) as exc:
            validate_tax_code(code)
        assert code_of(exc) == "tax_code_check_digit"
        assert "chữ số kiểm tra" in exc.value.messages[0]


@given(nine=nine_digits, branch=st.integers(1, 999))
def test_branch_codes_of_a_valid_parent_validate(nine, branch):
    check = tax_check_digit(nine)
    if check is None:
        return
    assert validate_tax_code(f"{nine}{check}-{branch:03d}") == f"{nine}{check}-{branch:03d}"


def test_branch_000_and_bad_parent_are_refused():
    with pytest.raises(ValidationError) as exc:
        validate_tax_code("0100109106-000")
    assert code_of(exc) == "tax_code_branch"
    with pytest.raises(ValidationError) as exc:
        validate_tax_code("0100109107-001")
    assert code_of(exc) == "tax_code_check_digit"


def test_nine_digits_with_no_possible_check_digit_have_no_valid_code():
    # 000000000 weighs 0, 0 mod 11 = 0 → 10 − 0 = 10: no tax code starts with nine zeros.
    assert tax_check_digit("000000000") is None
    for last in range(10):
        with pytest.raises(ValidationError):
            validate_tax_code(f"000000000{last}")


@pytest.mark.parametrize(
    "bad", ["", "123", "01001091", "0100109106-01", "0100109106-0011", "01001O9106", "abc"]
)
def test_malformed_tax_codes_are_refused(bad):
    with pytest.raises(ValidationError) as exc:
        validate_tax_code(bad)
    assert code_of(exc) == "tax_code_format"
    assert "Mã số thuế" in exc.value.messages[0]


@pytest.mark.parametrize("value", ["٠٠١٠٨٥٠١٢٣٤٥", "００１０８５０１２３４５"])
def test_non_ascii_digits_are_not_digits_here(value):
    # Python's str.isdigit() and re's \d accept Arabic-Indic and full-width digits; an ID must not.
    with pytest.raises(ValidationError):
        validate_personal_id(value, today=TODAY)
    with pytest.raises(ValidationError):
        validate_tax_code(value[:10])


def test_messages_are_translated_to_english():
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as exc:
        validate_tax_code("0100109107")
    assert exc.value.messages == ["The check digit (10th digit) of tax code “0100109107” is wrong."]
