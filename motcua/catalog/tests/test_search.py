import pytest
from django.db import connection

from motcua.catalog import selectors, services

from .factories import AgencyFactory, published_version


@pytest.fixture
def catalogue(db):
    commune = AgencyFactory(code="000.01.01.H26", name="UBND phường Ba Đình", level="commune")
    stp = AgencyFactory(code="000.00.10.H26", name="Sở Tư pháp", short_name="STP", level="department")
    return {
        "birth": published_version(
            code="1.001193", name="Đăng ký khai sinh", implementing_agencies=[commune]
        ),
        "birth_foreign": published_version(
            code="2.000528",
            name="Đăng ký khai sinh có yếu tố nước ngoài",
            levels=["province"],
            implementing_agencies=[stp],
        ),
        "marriage": published_version(
            code="1.000894",
            name="Đăng ký kết hôn",
            result_name="Giấy chứng nhận kết hôn",
            implementing_agencies=[commune],
        ),
        "copy": published_version(
            code="2.000815",
            name="Chứng thực bản sao từ bản chính giấy tờ",
            sector="Chứng thực",
            result_name="Bản sao được chứng thực từ bản chính (dùng cho hồ sơ đăng ký khai sinh)",
        ),
        "commune": commune,
        "stp": stp,
    }


def codes(qs):
    return [v.procedure.code for v in qs]


@pytest.mark.parametrize(
    "query",
    [
        "dang ky khai sinh",
        "Đăng ký khai sinh",
        "ĐĂNG KÝ KHAI SINH",
        "DANG KY   khai SINH",
        "đăng ky khai sinh",
    ],
)
def test_search_ignores_diacritics_and_case(catalogue, query):
    found = codes(selectors.search_procedures(query=query))
    assert found[0] == "1.001193"
    assert "2.000528" in found
    assert "1.000894" not in found


def test_every_word_must_match(catalogue):
    assert codes(selectors.search_procedures(query="ket hon")) == ["1.000894"]
    assert codes(selectors.search_procedures(query="khai sinh ket hon")) == []


def test_ranking_prefers_name_phrase_then_shorter_name_over_other_fields(catalogue):
    found = codes(selectors.search_procedures(query="khai sinh"))
    # both names contain the phrase, the shorter (closer) name first; a match only in the result text last
    assert found == ["1.001193", "2.000528", "2.000815"]


def test_search_by_code_sector_and_agency(catalogue):
    assert codes(selectors.search_procedures(query="2.000815")) == ["2.000815"]
    assert codes(selectors.search_procedures(query="chung thuc")) == ["2.000815"]
    assert codes(selectors.search_procedures(query="so tu phap")) == ["2.000528"]
    assert set(codes(selectors.search_procedures(query="ba dinh"))) == {"1.000894", "1.001193"}


def test_filters(catalogue):
    assert set(codes(selectors.search_procedures(level="province"))) == {"2.000528"}
    assert set(codes(selectors.search_procedures(agency="000.01.01.H26"))) == {"1.001193", "1.000894"}
    sector = catalogue["copy"].sector
    assert codes(selectors.search_procedures(sector=sector.pk)) == ["2.000815"]
    assert codes(selectors.search_procedures(query="khai sinh", level="commune")) == ["1.001193", "2.000815"]


def test_query_combined_with_every_filter(catalogue):
    found = selectors.search_procedures(
        query="dang ky", agency="000.01.01.H26", level="commune", sector=catalogue["birth"].sector_id
    )
    assert codes(found) == ["1.000894", "1.001193"]  # equal rank: the shorter name first


def test_drafts_and_replaced_versions_are_not_listed(catalogue):
    draft = services.new_draft(version=catalogue["birth"])
    services.update_draft(version=draft, data={"name": "Đăng ký khai sinh (sửa đổi)"})
    assert codes(selectors.search_procedures(query="sua doi")) == []
    services.publish_version(version=draft)
    found = list(selectors.search_procedures(query="khai sinh"))
    assert [v.name for v in found if v.procedure.code == "1.001193"] == ["Đăng ký khai sinh (sửa đổi)"]


def test_search_column_follows_agency_changes(catalogue):
    draft = services.new_draft(version=catalogue["marriage"])
    services.update_draft(
        version=draft,
        data={"implementing_agencies": [AgencyFactory(code="000.03.01.H26", name="UBND xã Đông Anh")]},
    )
    services.publish_version(version=draft)
    assert codes(selectors.search_procedures(query="dong anh")) == ["1.000894"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram similarity is PostgreSQL-only")
def test_postgres_tolerates_a_typo(catalogue):
    assert codes(selectors.search_procedures(query="dang ky khai snh"))[:1] == ["1.001193"]


def test_postgres_extensions_and_index_exist(db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no extensions")
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        names = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'catalog_procedureversion'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert {"unaccent", "pg_trgm"} <= names
    assert {"catalog_version_search_trgm", "catalog_version_name_trgm"} <= indexes


# Typos: one edit per word, on SQLite (rapidfuzz) as on PostgreSQL (pg_trgm); "did you mean" on both.


def test_one_typo_still_finds_the_procedure(catalogue):
    found = codes(selectors.search_procedures(query="khai sinnh"))
    assert found and found[0] == "1.001193"
    assert "1.000894" not in found
    assert codes(selectors.search_procedures(query="dang ky ket hhon"))[0] == "1.000894"


def test_did_you_mean_offers_the_corrected_query_with_diacritics(catalogue):
    assert selectors.suggest_query("khai sinnh") == "khai sinh"
    assert selectors.suggest_query("dang ky ket honn") == "đăng ký kết hôn"
    assert selectors.suggest_query("khai sinh") == ""  # every word known: nothing to suggest
    assert selectors.suggest_query("xyzxyzxyz") == ""  # nothing near


def test_the_search_page_says_did_you_mean(client, catalogue):
    html = client.get("/thu-tuc/", {"q": "khai sinnh"}).content.decode()
    assert "Có phải bạn muốn tìm" in html and "<strong>khai sinh</strong>" in html
    assert "Đăng ký khai sinh" in html
    html = client.get("/thu-tuc/", {"q": "qqqqqq"}).content.decode()
    assert "Không tìm thấy thủ tục phù hợp." in html and "Có phải bạn muốn tìm" not in html
