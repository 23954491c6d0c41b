import json
from pathlib import Path

from django.conf import settings

from motcua.catalog import derive

SOURCE = json.loads((Path(settings.DATA_DIR) / "procedures.json").read_text(encoding="utf-8"))
BY_CODE = {x["code"]: x for x in SOURCE}


def paper(name, group=None, **kw):
    return {
        "name": name,
        "group": group,
        "kind": "original",
        "quantity": 1,
        "quantity_text": "1 bản chính",
        **kw,
    }


def test_submit_and_show_headings():
    out = derive.derive(
        {
            "papers": [
                paper("Tờ khai", "* Giấy tờ phải nộp:"),
                paper("Giấy tờ tùy thân", "* Giấy tờ phải xuất trình:"),
            ]
        }
    )
    assert [r["presentation"] for r in out.requirements] == ["submit", "show"]
    assert out.cases == [{"name": derive.DEFAULT_CASE, "is_default": True}]
    assert out.confidence == "high"


def test_a_row_opening_a_case_is_its_own_case():
    out = derive.derive(
        {
            "papers": [
                paper("Giấy chứng sinh"),
                paper("Trường hợp trẻ em bị bỏ rơi thì phải có biên bản về việc trẻ bị bỏ rơi."),
            ]
        }
    )
    assert [c["name"] for c in out.cases] == [derive.DEFAULT_CASE, "Trường hợp trẻ em bị bỏ rơi"]
    assert out.requirements[1]["case"] == "Trường hợp trẻ em bị bỏ rơi" and out.requirements[1]["mandatory"]
    assert out.requirements[0]["case"] == ""


def test_fallbacks_become_an_alternative_group():
    name = (
        "Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng xác nhận về "
        "việc sinh; nếu không có người làm chứng thì phải có giấy cam đoan về việc sinh."
    )
    assert derive.split_alternatives(name) == [
        "Giấy chứng sinh",
        "Văn bản của người làm chứng xác nhận về việc sinh",
        "Giấy cam đoan về việc sinh",
    ]
    out = derive.derive({"papers": [paper(name)]})
    assert len({r["alternative_group"] for r in out.requirements}) == 1
    assert out.requirements[0]["alternative_group"]


def test_channels_from_the_clause():
    assert derive.channels_of(
        "Tờ khai (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp hoặc gửi hồ sơ qua hệ thống "
        "bưu chính);"
    ) == ["desk", "post"]
    assert derive.channels_of(
        "Mẫu hộ tịch điện tử tương tác đăng ký khai sinh (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức "
        "trực tuyến)"
    ) == ["online"]
    assert derive.channels_of("Giấy chứng sinh") == []


def test_power_of_attorney_and_conditional_rows_are_optional():
    out = derive.derive(
        {
            "papers": [
                paper(
                    "Văn bản ủy quyền theo quy định của pháp luật trong trường hợp ủy quyền thực hiện việc đăng ký."
                ),
                paper("Giấy tờ chứng minh nơi cư trú trong trường hợp không khai thác được thông tin."),
                paper(
                    "Bản sao giấy tờ A",
                    "Trường hợp ủy quyền thực hiện thủ tục thì hồ sơ phải kèm theo một trong những giấy tờ sau:",
                ),
                paper(
                    "Bản sao giấy tờ B",
                    "Trường hợp ủy quyền thực hiện thủ tục thì hồ sơ phải kèm theo một trong những giấy tờ sau:",
                ),
            ]
        }
    )
    assert [r["mandatory"] for r in out.requirements] == [False, False, False, False]
    assert out.requirements[2]["alternative_group"] == out.requirements[3]["alternative_group"] != ""
    assert len(out.cases) == 1


def test_several_headings_are_several_cases_the_first_default():
    out = derive.derive(
        {
            "papers": [
                paper("Bản vẽ", "(1.1) Đối với công trình không theo tuyến:"),
                paper("Bản vẽ tuyến", "(1.2) Đối với công trình theo tuyến:"),
            ]
        }
    )
    assert out.cases == [
        {"name": "(1.1) Đối với công trình không theo tuyến:", "is_default": True},
        {"name": "(1.2) Đối với công trình theo tuyến:", "is_default": False},
    ]
    assert [r["case"] for r in out.requirements] == [c["name"] for c in out.cases]
    assert out.confidence == "medium"


def test_every_procedure_of_the_data_file_gets_one_default_case_and_a_confidence():
    for item in SOURCE:
        out = derive.derive(item)
        assert [c["is_default"] for c in out.cases].count(True) == 1, item["code"]
        assert out.confidence in ("high", "medium", "low")
        names = {c["name"] for c in out.cases}
        assert all(not r["case"] or r["case"] in names for r in out.requirements)
        assert len(out.requirements) >= len(item["papers"])


def test_birth_derivation_matches_the_hand_check_on_structure():
    out = derive.derive(BY_CODE["1.001193"])
    assert len(out.cases) == 3

    def named(start):
        (found,) = [r for r in out.requirements if r["name"].startswith(start)]
        return found

    assert named("Tờ khai đăng ký khai sinh")["channels"] == ["desk", "post"]
    assert named("Mẫu hộ tịch điện tử tương tác")["channels"] == ["online"]
    assert not named("Văn bản ủy quyền")["mandatory"]


def test_a_row_opening_with_no_such_paper_is_an_alternative_to_the_row_before():
    out = derive.derive(
        {
            "papers": [
                paper("Văn bản của cơ quan y tế xác nhận quan hệ cha con."),
                paper("Trường hợp không có văn bản nêu trên thì phải có văn bản cam đoan của các bên."),
            ]
        }
    )
    assert len(out.cases) == 1
    groups = {r["alternative_group"] for r in out.requirements}
    assert len(groups) == 1 and groups != {""}


def test_a_fallback_inside_brackets_is_a_note_not_an_alternative():
    name = (
        "Bản sao Thẻ Căn cước của người được cấp Phiếu (Xuất trình bản chính để đối chiếu, trường hợp không có "
        "bản chính thì nộp Bản sao có chứng thực theo quy định của pháp luật)"
    )
    assert derive.split_alternatives(name) == [name]
