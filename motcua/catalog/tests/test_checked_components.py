"""The ten most used procedures: their cases, alternatives and channels, pinned to the published text.

Each test quotes the sentence of `data/procedures.json` (the portal's "Thành phần hồ sơ") that the hand-checked
components of `data/components_checked.json` rest on, checks the quote is really there, and checks what the
catalogue loads from it.
"""

import json
import re
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings

from motcua.catalog import loader
from motcua.catalog.models import Procedure, ProcedureVersion, Sector, VersionState

DATA = Path(settings.DATA_DIR)
SOURCE = {x["code"]: x for x in json.loads((DATA / "procedures.json").read_text(encoding="utf-8"))}
CHECKED = loader.checked_components()
TEN = {
    "1.001193": "khai sinh",
    "1.000656": "khai tử",
    "1.000894": "kết hôn",
    "2.000815": "chứng thực bản sao từ bản chính",
    "2.000884": "chứng thực chữ ký",
    "2.000908": "cấp bản sao từ sổ gốc",
    "1.004194": "tạm trú",
    "1.004222": "thường trú",
    "1.001612": "thành lập hộ kinh doanh",
    "2.000720": "thay đổi nội dung đăng ký hộ kinh doanh",
}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def published(code: str) -> str:
    item = SOURCE[code]
    parts = [p["name"] for p in item["papers"]] + [n["text"] for n in item["paper_notes"]]
    parts += [p.get("group") or "" for p in item["papers"]]
    return norm(" ".join(parts))


def says(code: str, quote: str) -> None:
    assert norm(quote) in published(code), f"{code}: not in the published text: {quote!r}"


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        loader.load_catalogue()
        yield {
            v.procedure.code: v
            for v in ProcedureVersion.objects.filter(state=VersionState.PUBLISHED, procedure__code__in=TEN)
            .select_related("procedure")
            .prefetch_related("cases", "requirements__case")
        }
        Procedure.objects.all().delete()
        Sector.objects.all().delete()


def components(version, *, case=None, channel="desk", presentation=None, mandatory=None):
    """The components of `version` that apply to `case` (name; None: the default) on `channel`."""
    cases = list(version.cases.all())
    chosen = next(c for c in cases if (c.name == case if case else c.is_default))
    out = []
    for r in version.requirements.all():
        if r.case_id not in (None, chosen.id):
            continue
        if r.channels and channel not in r.channels:
            continue
        if presentation and r.presentation != presentation:
            continue
        if mandatory is not None and r.mandatory != mandatory:
            continue
        out.append(r)
    return out


def test_the_ten_are_the_names_searched_for():
    assert set(CHECKED) == set(TEN)
    for code, words in TEN.items():
        assert words in SOURCE[code]["name"].lower(), code


def test_every_checked_component_quotes_the_published_text():
    for code, entry in CHECKED.items():
        assert entry["checked_against"] == SOURCE[code]["detail_url"]
        names = {c["name"] for c in entry["cases"]}
        assert sum(c["is_default"] for c in entry["cases"]) == 1, code
        for req in entry["requirements"]:
            says(code, req["quote"])
            assert not req["case"] or req["case"] in names


@pytest.mark.django_db
def test_loaded_as_checked(loaded):
    assert set(loaded) == set(TEN)
    for code, version in loaded.items():
        assert version.components_origin == "checked" and version.components_confidence == "high"
        assert [c.is_default for c in version.cases.all()].count(True) == 1
        assert version.requirements.count() == len(CHECKED[code]["requirements"])
        assert version.eform_schema and version.eform_layout, code


@pytest.mark.django_db
def test_birth_plain_case_at_the_desk_needs_three_papers_and_one_optional(loaded):
    birth = loaded["1.001193"]
    says("1.001193", "Tờ khai đăng ký khai sinh theo mẫu (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức "
         "trực tiếp hoặc gửi hồ sơ qua hệ thống bưu chính)")  # fmt: skip
    says("1.001193", "Mẫu hộ tịch điện tử tương tác đăng ký khai sinh (do người yêu cầu cung cấp thông tin theo "
         "hướng dẫn trên Cổng dịch vụ công, nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tuyến)")  # fmt: skip
    says("1.001193", "Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản của người làm chứng "
         "xác nhận về việc sinh; nếu không có người làm chứng thì phải có giấy cam đoan về việc sinh.")  # fmt: skip
    says(
        "1.001193", "Văn bản ủy quyền (được chứng thực) theo quy định của pháp luật trong trường hợp ủy quyền"
    )
    assert [c.name for c in birth.cases.all()] == [
        "Đăng ký khai sinh thông thường",
        "Trẻ em bị bỏ rơi",
        "Trẻ em sinh ra do mang thai hộ",
    ]
    desk = components(birth, channel="desk", mandatory=True)
    submit = [r for r in desk if r.presentation == "submit"]
    show = [r for r in desk if r.presentation == "show"]
    # the paper tờ khai and one of the birth-proof group are handed in, the identity paper is shown
    assert [r.name for r in submit if not r.alternative_group] == ["Tờ khai đăng ký khai sinh theo mẫu"]
    assert {r.alternative_group for r in submit if r.alternative_group} == {"chung-sinh"}
    assert [r.name for r in submit if r.alternative_group] == [
        "Giấy chứng sinh",
        "Văn bản của người làm chứng xác nhận về việc sinh",
        "Giấy cam đoan về việc sinh",
    ]
    assert len(show) == 1 and show[0].name.startswith("Giấy tờ tùy thân")
    needed = len({r.alternative_group or r.id for r in desk})
    assert needed == 3
    optional = components(birth, channel="desk", mandatory=False, presentation="submit")
    assert [r.name for r in optional] == [
        "Văn bản ủy quyền (được chứng thực) trong trường hợp ủy quyền thực hiện việc đăng ký khai sinh"
    ]
    # online: the e-form instead of the paper tờ khai, no identity paper shown at a desk
    online = components(birth, channel="online", mandatory=True)
    assert "Mẫu hộ tịch điện tử tương tác đăng ký khai sinh" in [r.name for r in online]
    assert "Tờ khai đăng ký khai sinh theo mẫu" not in [r.name for r in online]
    assert not [r for r in online if r.presentation == "show"]


@pytest.mark.django_db
def test_birth_abandoned_child_and_surrogacy_are_their_own_cases(loaded):
    birth = loaded["1.001193"]
    says("1.001193", "Trường hợp trẻ em bị bỏ rơi thì phải có biên bản về việc trẻ bị bỏ rơi do cơ quan có "
         "thẩm quyền lập.")  # fmt: skip
    says("1.001193", "Trường hợp khai sinh cho trẻ em sinh ra do mang thai hộ phải có văn bản xác nhận của cơ sở "
         "y tế đã thực hiện kỹ thuật hỗ trợ sinh sản cho việc mang thai hộ.")  # fmt: skip
    plain = {r.name for r in components(birth)}
    abandoned = {r.name for r in components(birth, case="Trẻ em bị bỏ rơi")}
    surrogacy = {r.name for r in components(birth, case="Trẻ em sinh ra do mang thai hộ")}
    assert abandoned - plain == {"Biên bản về việc trẻ bị bỏ rơi do cơ quan có thẩm quyền lập"}
    assert surrogacy - plain == {
        "Văn bản xác nhận của cơ sở y tế đã thực hiện kỹ thuật hỗ trợ sinh sản cho việc mang thai hộ"
    }
    assert not any("bỏ rơi" in n or "mang thai hộ" in n for n in plain)


@pytest.mark.django_db
def test_civil_status_by_post_sends_certified_copies_of_the_papers_to_show(loaded):
    for code in ("1.001193", "1.000656", "1.000894"):
        says(code, "Trường hợp gửi hồ sơ qua hệ thống bưu chính thì phải gửi kèm theo bản sao có chứng thực các "
             "giấy tờ phải xuất trình nêu trên.")  # fmt: skip
        says(code, "để chứng minh về nhân thân khi làm thủ tục trực tiếp tại cơ quan đăng ký hộ tịch")
        post = components(loaded[code], channel="post", mandatory=True)
        assert "Bản sao có chứng thực các giấy tờ phải xuất trình" in [r.name for r in post]
        assert not [r for r in post if r.presentation == "show"]
        desk = components(loaded[code], channel="desk", mandatory=True, presentation="show")
        assert [r.name for r in desk] == [
            "Giấy tờ tùy thân của người có yêu cầu (hộ chiếu, thẻ căn cước công dân, thẻ căn cước, căn cước "
            "điện tử, giấy chứng nhận căn cước hoặc giấy tờ khác có dán ảnh)"
        ]


@pytest.mark.django_db
def test_death_certificate_or_its_substitutes(loaded):
    death = loaded["1.000656"]
    says("1.000656", "Giấy báo tử hoặc giấy tờ thay Giấy báo tử do cơ quan có thẩm quyền cấp.")
    says("1.000656", "chứng minh sự kiện chết đối với trường hợp đăng ký khai tử cho người chết đã lâu, không có "
         "Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử.")  # fmt: skip
    group = [r.name for r in death.requirements.all() if r.alternative_group == "bao-tu"]
    assert len(group) == 3 and group[0] == "Giấy báo tử"
    says("1.000656", "Trường hợp không xác định được nơi cư trú cuối cùng của người chết thì xuất trình giấy tờ "
         "chứng minh nơi người đó chết hoặc nơi phát hiện thi thể của người chết.")  # fmt: skip
    special = components(
        death, case="Không xác định được nơi cư trú cuối cùng của người chết", presentation="show"
    )
    assert "Giấy tờ chứng minh nơi người đó chết hoặc nơi phát hiện thi thể của người chết" in [
        r.name for r in special
    ]
    says(
        "1.000656",
        "Tờ khai đăng ký khai tử theo mẫu (nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp)",
    )
    paper = next(r for r in death.requirements.all() if r.name == "Tờ khai đăng ký khai tử theo mẫu")
    assert paper.channels == ["desk", "post"]


@pytest.mark.django_db
def test_marriage_one_declaration_for_both(loaded):
    marriage = loaded["1.000894"]
    says("1.000894", "Hai bên nam, nữ có thể khai chung vào một Tờ khai đăng ký kết hôn")
    assert marriage.cases.count() == 1
    desk = components(marriage, mandatory=True, presentation="submit")
    assert [r.name for r in desk] == ["Tờ khai đăng ký kết hôn theo mẫu, có đủ thông tin của hai bên nam, nữ"]
    online = components(marriage, channel="online", mandatory=True)
    assert [r.name for r in online] == ["Mẫu hộ tịch điện tử tương tác đăng ký kết hôn"]


@pytest.mark.django_db
def test_certified_copy_shows_the_original_and_the_copy_is_optional(loaded):
    copy = loaded["2.000815"]
    says("2.000815", "Trường hợp người yêu cầu chứng thực chỉ xuất trình bản chính thì cơ quan, tổ chức tiến hành "
         "chụp từ bản chính để thực hiện chứng thực")  # fmt: skip
    (shown,) = components(copy, mandatory=True)
    assert shown.presentation == "show" and shown.kind == "original"
    (optional,) = components(copy, mandatory=False)
    assert optional.presentation == "submit" and optional.kind == "copy"


@pytest.mark.django_db
def test_signature_and_register_copy_take_one_of_three_identity_papers(loaded):
    for code in ("2.000884", "2.000908"):
        says(code, "Một trong các giấy tờ sau: Căn cước điện tử; bản chính hoặc bản sao của Thẻ căn cước công dân "
             "hoặc Thẻ căn cước hoặc Giấy chứng nhận căn cước hoặc Hộ chiếu hoặc giấy tờ xuất nhập cảnh hoặc giấy "
             "tờ có giá trị đi lại quốc tế còn giá trị sử dụng")  # fmt: skip
        group = [r for r in loaded[code].requirements.all() if r.alternative_group == "tuy-than"]
        assert next(r.name for r in group) == "Căn cước điện tử" and len(group) == 3
        assert all(r.mandatory for r in group)
    assert all(r.presentation == "show" for r in loaded["2.000884"].requirements.all() if r.mandatory)
    says(
        "2.000908",
        "trong trường hợp người yêu cầu là người đại diện theo pháp luật, người đại diện theo ủy quyền",
    )
    register = loaded["2.000908"]
    default = {r.name for r in components(register, mandatory=True)}
    other = next(c.name for c in register.cases.all() if not c.is_default)
    assert {r.name for r in components(register, case=other, mandatory=True)} - default == {
        "Bản chính hoặc bản sao có chứng thực giấy tờ chứng minh quan hệ với người được cấp bản chính"
    }


@pytest.mark.django_db
def test_temporary_residence_three_cases_from_the_three_headings(loaded):
    temp = loaded["1.004194"]
    for heading in (
        "* Hồ sơ đăng ký tạm trú gồm:",
        "* Đăng ký tạm trú theo danh sách, hồ sơ gồm:",
        "Đăng ký tạm trú tại nơi đơn vị đóng quân trong Công an nhân dân",
    ):
        says("1.004194", heading)
    assert next(c.name for c in temp.cases.all()) == "Đăng ký tạm trú"
    assert temp.cases.count() == 3
    plain = components(temp, mandatory=True)
    assert [r.name for r in plain] == [
        "Tờ khai thay đổi thông tin cư trú (Mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA)"
    ]
    assert plain[0].template == "MuCT01banhnhkmtheoThngts53.doc"
    says("1.004194", "Trường hợp không khai thác được thông tin thì công dân xuất trình giấy tờ, tài liệu chứng "
         "minh chỗ ở hợp pháp")  # fmt: skip
    (proof,) = components(temp, mandatory=False)
    assert proof.presentation == "show"
    unit = components(
        temp, case="Đăng ký tạm trú tại nơi đơn vị đóng quân trong Công an nhân dân, Quân đội nhân dân"
    )
    assert len([r for r in unit if r.alternative_group == "gioi-thieu"]) == 2


@pytest.mark.django_db
def test_permanent_residence_the_declaration_is_ct01_or_ct02(loaded):
    perm = loaded["1.004222"]
    says("1.004222", "Tờ khai thay đổi thông tin cư trú (mẫu CT01 ban hành kèm theo Thông tư số 53/2025/TT-BCA) "
         "hoặc Tờ khai thay đổi thông tin về cư trú dùng cho công dân Việt Nam định cư ở nước ngoài")  # fmt: skip
    forms = [r for r in perm.requirements.all() if r.alternative_group == "to-khai"]
    assert len(forms) == 2 and all(r.case_id is None and r.mandatory for r in forms)
    says(
        "1.004222", "Hợp đồng, văn bản về việc cho thuê, cho mượn, cho ở nhờ được công chứng hoặc chứng thực"
    )
    rent = {r.name for r in components(perm, case="Chỗ ở hợp pháp do thuê, mượn, ở nhờ", mandatory=True)}
    assert "Hợp đồng, văn bản về việc cho thuê, cho mượn, cho ở nhờ được công chứng hoặc chứng thực" in rent
    assert perm.cases.count() == 7


@pytest.mark.django_db
def test_business_household_power_of_attorney_papers_are_optional_alternatives(loaded):
    for code in ("1.001612", "2.000720"):
        says(
            code, "Trường hợp ủy quyền thực hiện thủ tục thì hồ sơ phải kèm theo một trong những giấy tờ sau:"
        )
        proxy = [r for r in loaded[code].requirements.all() if r.alternative_group == "uy-quyen"]
        assert len(proxy) == 3 and not any(r.mandatory for r in proxy)
    founding = loaded["1.001612"]
    says("1.001612", "Giấy đề nghị đăng ký hộ kinh doanh;")
    assert [r.name for r in components(founding, mandatory=True)] == ["Giấy đề nghị đăng ký hộ kinh doanh"]
    family = components(
        founding, case="Hộ kinh doanh do các thành viên hộ gia đình đăng ký thành lập", mandatory=True
    )
    assert len(family) == 2
    change = loaded["2.000720"]
    says("2.000720", "* Trường hợp nội dung đăng ký thay đổi về: tên hộ kinh doanh, địa chỉ trụ sở, vốn kinh "
         "doanh, ngành, nghề kinh doanh")  # fmt: skip
    assert change.cases.count() == 4
    assert [r.name for r in components(change, mandatory=True)] == [
        "Giấy đề nghị đăng ký thay đổi nội dung đăng ký hộ kinh doanh do chủ hộ kinh doanh ký"
    ]


def test_time_limits_the_scrape_lacks_come_from_the_law_checked_by_hand():
    """The certified copy, the signature certification and the business household registration have
    no time limit in the scrape: the hand-checked entries carry the law's (so the desk can receive them)."""
    import json

    from motcua.catalog import loader

    raws = {r["code"]: r for r in json.loads(loader.default_path().read_text(encoding="utf-8"))}
    checked = loader.checked_components()
    for code, unit in (("2.000815", "same_day"), ("2.000884", "same_day"), ("1.001612", "working_day")):
        assert raws[code]["time_limit"]["amount"] is None  # the scrape has none
        item = loader.to_item(raws[code], {}, checked)
        assert item["time_unit"] == unit
        assert "Nghị định" in item["time_text"]
