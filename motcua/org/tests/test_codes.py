import pytest
from django.core.exceptions import ValidationError

from motcua.org.codes import level1_group, validate_agency_code


@pytest.mark.parametrize(
    "code",
    ["000.00.00.H26", "000.00.12.H26", "000.01.12.H26", "000.00.100.H26", "01.G02", "000.00.00.B01"],
)
def test_good_codes(code):
    validate_agency_code(code)


@pytest.mark.parametrize(
    ("code", "error_code"),
    [
        ("", "required"),
        ("000.00.12.h26", "bad_characters"),
        ("000-00-12-H26", "bad_characters"),
        ("000.00.12.H26 ", "bad_characters"),
        ("000.00.12", "bad_structure"),
        ("H26", "bad_structure"),
        ("000.00.12.HH6", "bad_structure"),
        ("000..12.H26", "bad_structure"),
        ("0.00.12.H26", "bad_structure"),
        ("000.00.12.H26.000", "bad_structure"),
        ("000." * 9 + "H26", "too_long"),
    ],
)
def test_bad_codes(code, error_code):
    with pytest.raises(ValidationError) as exc:
        validate_agency_code(code)
    assert exc.value.code == error_code
    assert exc.value.messages[0]  # a Vietnamese sentence, not an empty string


def test_level1_group():
    assert level1_group("000.00.12.H26") == "H26"
