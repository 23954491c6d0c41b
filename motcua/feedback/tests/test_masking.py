"""Personal data masked before publishing; procedure names are not."""

from motcua.catalog.tests.factories import published_version
from motcua.feedback import masking, selectors, services
from motcua.feedback.states import Category

from .conftest import at, officer

PLANTED = (
    "Tôi là Nguyễn Văn An, CCCD 001085012345, điện thoại 0912 345 678, nhà ở số 12 ngõ 34 phố Hàng Bông. "
    "Hồ sơ Đăng ký khai sinh của tôi bị chậm; bà Hoa ở bộ phận một cửa hẹn mãi. Thư: an.nguyen@example.vn"
)


def test_a_planted_name_id_phone_and_address_are_masked():
    masked = masking.mask(PLANTED)
    for secret in (
        "Nguyễn Văn An",
        "001085012345",
        "0912 345 678",
        "số 12 ngõ 34 phố Hàng Bông",
        "Hoa",
        "an.nguyen@",
    ):
        assert secret not in masked, secret
    assert "[họ tên]" in masked and "[số giấy tờ]" in masked and "[số điện thoại]" in masked
    assert "[địa chỉ]" in masked and "[thư điện tử]" in masked
    assert "Đăng ký khai sinh" in masked  # a procedure name is not personal data
    assert masked.startswith("Tôi là [họ tên], CCCD [số giấy tờ]")


def test_other_phone_and_id_forms():
    masked = masking.mask("Gọi +84 912.345.678 hoặc 024 3825 1234; CMND 012345678.")
    assert "912" not in masked and "3825" not in masked and "012345678" not in masked


def test_a_name_the_sender_gave_is_masked_even_without_a_title_or_a_common_surname():
    assert masking.mask("Ý kiến của Khổng Minh Tú về thủ tục.", names=["Khổng Minh Tú"]) == (
        "Ý kiến của [họ tên] về thủ tục."
    )


def test_the_draft_keeps_procedure_names_that_look_like_names(send, ward, controller, ward_officer):
    published_version(code="1.999001", name="Cấp phép tổ chức sự kiện tại Hoàng Thành Thăng Long")
    assert "Hoàng Thành Thăng Long" not in masking.mask("tại Hoàng Thành Thăng Long")  # a surname-led run
    item = send(
        at(16),
        title="Chậm Cấp phép tổ chức sự kiện tại Hoàng Thành Thăng Long",
        content="Tôi, Trần Thị Lan (0987654321), nộp hồ sơ Cấp phép tổ chức sự kiện tại Hoàng Thành Thăng Long.",
    )
    services.route(
        feedback=item,
        actor=officer(controller),
        category=Category.PROCEDURE_IMPLEMENTATION,
        agency=ward,
        now=at(16, 10),
    )
    services.answer(
        feedback=item, actor=officer(ward_officer), text="Ông Phạm Quốc Toàn đã liên hệ bà Lan.", now=at(17)
    )
    item.refresh_from_db()
    draft = selectors.masked_draft(item)
    assert "Hoàng Thành Thăng Long" in draft["title"] and "Hoàng Thành Thăng Long" in draft["content"]
    assert "Trần Thị Lan" not in draft["content"] and "0987654321" not in draft["content"]
    assert "Phạm Quốc Toàn" not in draft["answer"] and "Lan" not in draft["answer"]
