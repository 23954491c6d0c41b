import datetime as dt

import pytest

from motcua.integrations import population
from motcua.integrations.vneid import identities

AN = identities.FIXED[0]


@pytest.fixture(autouse=True)
def simulator_dir(settings, tmp_path):
    settings.MOTCUA_SIMULATOR_DIR = str(tmp_path)
    settings.MOTCUA_POPULATION_SOURCE = "simulator"


def test_lookup_finds_the_vneid_simulators_people():
    record = population.lookup_person(AN.id_number)
    assert record is not None
    assert (record.full_name, record.date_of_birth, record.permanent_address) == (
        AN.full_name,
        AN.date_of_birth,
        AN.address,
    )
    assert record.gender == "male"


def test_lookup_of_an_unknown_or_malformed_number_finds_nothing():
    assert population.lookup_person("001099999999") is None
    assert population.lookup_person("not-a-number") is None


def test_a_registered_demo_person_is_known_to_both_simulators():
    person = identities.Identity(
        "079201034567", "Phạm Quốc Dũng", dt.date(2001, 1, 9), "12 Lê Lợi, Quận 1", "0909000111"
    )
    identities.add_identity(person)
    assert identities.find(person.id_number) == person
    assert population.lookup_person(person.id_number).full_name == "Phạm Quốc Dũng"


def test_verify_accepts_what_matches_ignoring_case_and_spacing():
    check = population.verify(
        {
            "id_number": AN.id_number,
            "full_name": "  nguyễn   văn AN ",
            "date_of_birth": "1985-03-14",
            "address": AN.address.upper(),
        }
    )
    assert check.ok and check.checked == ("full_name", "date_of_birth", "address")
    assert check.residence == AN.address


def test_verify_names_each_mismatch():
    check = population.verify(
        {
            "id_number": AN.id_number,
            "full_name": "Nguyen Van An",
            "date_of_birth": dt.date(1985, 3, 15),
            "address": AN.address,
        }
    )
    assert check.found and not check.ok
    assert check.mismatches == ("full_name", "date_of_birth")


def test_verify_of_an_unknown_person():
    check = population.verify({"id_number": "001099999999", "full_name": "Ai Đó"})
    assert not check.found and not check.ok and check.record is None


@pytest.mark.django_db
def test_simulator_http_lookup(client):
    assert client.get(f"/mo-phong/dan-cu/cong-dan/{AN.id_number}").json()["ho_ten"] == AN.full_name
    assert client.get("/mo-phong/dan-cu/cong-dan/001099999999").status_code == 404
    assert AN.full_name in client.get("/mo-phong/dan-cu/").content.decode()
