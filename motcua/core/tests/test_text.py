from hypothesis import given
from hypothesis import strategies as st

from motcua.core.text import fold


def test_fold_strips_vietnamese_diacritics_and_case():
    assert fold("Đăng ký  KHAI SINH") == "dang ky khai sinh"
    assert fold("Chứng thực bản sao từ bản chính") == "chung thuc ban sao tu ban chinh"


def test_fold_of_nothing_is_empty():
    assert fold(None) == ""
    assert fold("   ") == ""


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)
