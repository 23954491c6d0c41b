"""Fees as rules, pinned to the published texts of data/procedures.json."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from motcua.catalog import fees
from motcua.catalog.fees import PER_COPY, PER_DOSSIER, PER_PAGE, fee_for, parse_rule

from .factories import published_version


def published_fees(code: str) -> list[dict]:
    data = json.loads((Path(settings.DATA_DIR) / "procedures.json").read_text(encoding="utf-8"))
    return next(item for item in data if item["code"] == code)["fees"]


def rule_for(fee: dict):
    return parse_rule(
        text=fee["text"], description=fee.get("description") or "", amount_vnd=fee.get("amount_vnd")
    )


def test_certified_copy_rule_is_read_from_the_published_text():
    vnd, usd = published_fees("2.000815")
    rule = rule_for(vnd)
    assert (rule.amount, rule.per, rule.steps, rule.cap_per_copy) == (
        2000,
        PER_PAGE,
        [{"from_page": 3, "amount": 1000}],
        200000,
    )
    assert rule.confidence == "high" and rule.currency == "VND"
    # 2.000 đ for each of the first two pages, 1.000 đ from the third, at most 200.000 đ a copy
    assert fees.per_copy(rule, 1) == 2000
    assert fees.per_copy(rule, 5) == 2 * 2000 + 3 * 1000
    assert fees.per_copy(rule, 198) == 200000 and fees.per_copy(rule, 500) == 200000
    other = rule_for(usd)  # at a representative office abroad
    assert (other.currency, other.amount, other.per) == ("USD", 10, PER_COPY)


@pytest.mark.django_db
def test_five_pages_two_copies_cost_fourteen_thousand():
    version = published_version(
        code="2.000815",
        name="Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        sector="Chứng thực",
        fees=[{**f, "channels": ["desk"]} for f in published_fees("2.000815")],
    )
    total, lines = fee_for(version, pages=5, copies=2, channel=1)
    assert total == 14000  # 2 × (2 × 2.000 + 3 × 1.000)
    assert [line.amount for line in lines if line.currency == "VND"] == [14000]
    assert lines[0].explanation == "5 trang × 2 bản: 7.000 đ/bản"
    assert fee_for(version, pages=300, copies=3)[0] == 600000  # capped per copy


def test_signature_certification_is_per_case():
    rule = rule_for(published_fees("2.000884")[0])
    assert (rule.amount, rule.per, rule.confidence) == (10000, PER_DOSSIER, "high")


def test_birth_registration_and_copy_from_the_register_are_free():
    for code in ("1.001193", "2.000908"):
        (fee,) = published_fees(code)
        rule = rule_for(fee)
        assert (rule.amount, rule.confidence) == (0, "high")


def test_death_registration_on_time_is_exempt_and_the_amount_is_the_provinces():
    data = json.loads((Path(settings.DATA_DIR) / "procedures.json").read_text(encoding="utf-8"))
    death = [f for item in data for f in item["fees"] if "khai tử đúng hạn" in f["text"]]
    assert death
    rule = rule_for(death[0])
    assert rule.free_on_time and rule.set_by_province and rule.confidence == "low"
    assert "người thuộc hộ nghèo" in rule.exemptions


@pytest.mark.django_db
def test_on_time_exemption_and_unknown_amounts():
    version = published_version(
        fees=[
            {
                "name": "Lệ phí",
                "amount_vnd": None,
                "text": "Miễn phí (Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định. Miễn lệ phí đối với "
                "trường hợp đăng ký khai tử đúng hạn, người thuộc hộ nghèo.)",
            }
        ]
    )
    assert fee_for(version, on_time=True)[0] == 0
    total, lines = fee_for(version, on_time=False)
    assert total is None and lines[0].explanation == "mức thu do Hội đồng nhân dân cấp tỉnh quyết định"


@pytest.mark.django_db
def test_temporary_residence_fee_depends_on_the_channel():
    version = published_version(
        code="1.004194",
        name="Đăng ký tạm trú",
        fees=[
            {**f, "channels": ["online"] if f["channels"] == ["Trực tuyến"] else ["desk"]}
            for f in published_fees("1.004194")
        ],
    )
    assert fee_for(version, channel=2)[0] == 7000
    assert fee_for(version, channel=1)[0] == 10000


@pytest.mark.django_db
def test_a_maintainers_rule_wins_over_the_text():
    version = published_version(fees=[{"name": "Phí", "amount_vnd": 5000, "text": "5.000 đồng"}])
    fee = version.fees.get()
    fee.rule = {"amount": 3000, "per": "copy"}
    fee.save()
    assert fee_for(version, copies=3)[0] == 9000


def test_a_figure_the_text_contradicts_lowers_the_confidence():
    rule = parse_rule(
        text="100 VNĐ (Phí công bố nội dung đăng ký doanh nghiệp: 100.000 đồng/lần)", amount_vnd=100
    )
    assert rule.confidence == "low"


def test_every_published_fee_is_read_without_error():
    data = json.loads((Path(settings.DATA_DIR) / "procedures.json").read_text(encoding="utf-8"))
    rules = [rule_for(f) for item in data for f in item["fees"]]
    assert rules and all(r.confidence in ("high", "medium", "low") for r in rules)
    # most of them are understood
    assert sum(r.confidence != "low" for r in rules) >= len(rules) // 2


# The hand-checked procedures' fees, pinned to their published text:
# code → [(amount, per, set by the province)] in the order the source lists them.
PINNED = {
    "1.001193": [(0, PER_DOSSIER, False)],  # birth registration: free
    "2.000815": [(2000, PER_PAGE, False), (10, PER_COPY, False)],  # certified copy (the 10 is USD, abroad)
    "2.000884": [(10000, PER_DOSSIER, False), (10, PER_COPY, False)],  # signature certification
    "2.000908": [(0, PER_DOSSIER, False)],  # copy from the original register: free
    # residence, permanent then temporary: online, then at the desk
    "1.004222": [(10000, PER_DOSSIER, False), (20000, PER_DOSSIER, False)],
    "1.004194": [(7000, PER_DOSSIER, False), (10000, PER_DOSSIER, False)],
    "1.001612": [(150000, PER_DOSSIER, True), (50000, PER_DOSSIER, True)],  # business household
    "2.000720": [(None, PER_DOSSIER, True)],  # its change: set by the province
}


@pytest.mark.parametrize("code", sorted(PINNED))
def test_hand_checked_fees_match_the_published_text(code):
    rules = [rule_for(f) for f in published_fees(code)]
    assert [(r.amount, r.per, r.set_by_province) for r in rules] == PINNED[code]
    # what the province sets is never "sure"
    assert all(r.confidence == "low" for r in rules if r.set_by_province)
