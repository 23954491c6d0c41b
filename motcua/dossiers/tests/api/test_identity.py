"""Issue 8, defect 1: no request rewrites a person's identity; each dossier keeps its own details.

Reproduced as probed: a person with dossiers at the desk; an anonymous POST, then another citizen's
POST, with her ID number and a new name, phone and e-mail. Neither may change her record, the
details of her other dossiers, or where her next notification goes.
"""

from motcua.dossiers import services
from motcua.dossiers.models import Applicant, ApplicantEvent, Dossier
from motcua.dossiers.tests.factories import citizen_account
from motcua.integrations.models import OutboxMessage

from .conftest import ID_NUMBER, MONDAY_9, client_for, online_payload, payload, post_json, received

URL = "/api/v1/dossiers/"
ATTACKER = {"full_name": "Kẻ Mạo Danh", "phone": "0999999999", "email": "attacker@example.net"}


def hers(version, commune, tokhai, desk):
    """Trần Thị Lan's record and two dossiers received at the desk."""
    first = received(version, commune, tokhai, desk)
    second = received(version, commune, tokhai, desk)
    person = Applicant.objects.get(id_number=ID_NUMBER)
    return person, [first, second]


def forged(version, tokhai):
    data = online_payload(version, tokhai)
    data["applicant"].update(ATTACKER, date_of_birth=None)
    data["applicant"].pop("date_of_birth")
    return data


def assert_untouched(person, dossiers, desk):
    fresh = Applicant.objects.get(pk=person.pk)
    assert (fresh.full_name, fresh.phone, fresh.email) == (person.full_name, person.phone, person.email)
    assert fresh.full_name == "Trần Thị Lan"
    for d in dossiers:
        contact = Dossier.objects.get(pk=d.pk).contact
        assert (contact.full_name, contact.phone) == ("Trần Thị Lan", "0912345678")
    # Created once at the desk; changed, if at all, by her own verified (e-ID) login only.
    sources = [e.source for e in ApplicantEvent.objects.filter(applicant=person)]
    assert sources[0] == "intake" and set(sources[1:]) <= {"e_id"}
    # Her next notification (the supplement request of her first dossier) goes to her own phone.
    OutboxMessage.objects.all().delete()
    services.request_supplement(
        dossier=dossiers[0],
        actor=services.Actor.officer(desk),
        reasons=["Tờ khai: thiếu chữ ký"],
        now=MONDAY_9,
    )
    assert [m.recipient for m in OutboxMessage.objects.filter(channel="sms")] == ["+84912345678"]
    assert not OutboxMessage.objects.filter(recipient__in=[ATTACKER["phone"], ATTACKER["email"]]).exists()


def test_an_anonymous_request_cannot_change_a_persons_record(version, commune, tokhai, desk):
    person, dossiers = hers(version, commune, tokhai, desk)
    response = post_json(client_for(), URL, forged(version, tokhai))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert Dossier.objects.count() == 2
    assert_untouched(person, dossiers, desk)


def test_another_citizen_cannot_submit_as_her_or_change_her_record(version, commune, tokhai, desk):
    person, dossiers = hers(version, commune, tokhai, desk)
    other = citizen_account(full_name="Lê Văn Bình", id_number="001090012346", date_of_birth=None)
    response = post_json(client_for(other), URL, forged(version, tokhai))
    assert response.status_code == 403
    assert response.json()["code"] == "not_your_identity"
    assert Dossier.objects.count() == 2
    assert_untouched(person, dossiers, desk)


def test_an_unverified_account_cannot_submit_online(version, commune, tokhai, desk):
    person, dossiers = hers(version, commune, tokhai, desk)
    user = type(desk.user).objects.create_user("chuaxacthuc", password="x")
    response = post_json(client_for(user), URL, online_payload(version, tokhai))
    assert response.status_code == 403
    assert response.json()["code"] == "identity_not_verified"
    assert_untouched(person, dossiers, desk)


def test_her_own_account_submits_with_new_contact_details_on_that_dossier_only(
    version, commune, tokhai, desk
):
    person, dossiers = hers(version, commune, tokhai, desk)
    user = citizen_account()  # her verified identity: the same record, now linked to her account
    assert Applicant.objects.get(pk=person.pk).user == user
    data = online_payload(version, tokhai)
    data["applicant"].update(phone="0987654321", email="lan.moi@example.vn")
    response = post_json(client_for(user), URL, data)
    assert response.status_code == 201, response.json()
    new = Dossier.objects.get(code=response.json()["code"])
    assert new.applicant_id == person.pk
    assert (new.contact.phone, new.contact.email) == ("0987654321", "lan.moi@example.vn")
    assert client_for(user).get(f"{URL}{new.code}/").json()["applicant"]["phone"] == "0987654321"
    # Her record and her other dossiers keep what they had.
    assert Applicant.objects.get(pk=person.pk).phone == "0912345678"
    assert_untouched(person, dossiers, desk)


def test_her_own_account_cannot_rename_her(version, commune, tokhai, desk):
    person, dossiers = hers(version, commune, tokhai, desk)
    user = citizen_account()
    response = post_json(client_for(user), URL, forged(version, tokhai))
    assert response.status_code == 403
    assert response.json()["code"] == "not_your_identity"
    assert_untouched(person, dossiers, desk)


def test_a_desk_typing_another_name_for_a_known_number_is_warned(version, commune, tokhai, desk):
    person, dossiers = hers(version, commune, tokhai, desk)
    data = payload(version, tokhai)
    data["applicant"].update(ATTACKER)
    response = post_json(client_for(desk.user), URL, data)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "identity_mismatch"
    assert "full_name" in body["errors"]
    assert "Trần Thị Lan" not in body["detail"]  # the stored name is not disclosed
    assert Dossier.objects.count() == 2
    assert_untouched(person, dossiers, desk)


def test_the_desks_new_contact_details_go_on_that_dossier_only(version, commune, tokhai, desk):
    person, dossiers = hers(version, commune, tokhai, desk)
    data = payload(version, tokhai)
    data["applicant"].update(phone="0987654321", email="", address="5 Hàng Bài")
    response = post_json(client_for(desk.user), URL, data)
    assert response.status_code == 201, response.json()
    new = Dossier.objects.get(code=response.json()["code"])
    assert (new.applicant_id, new.contact.phone, new.contact.address) == (
        person.pk,
        "0987654321",
        "5 Hàng Bài",
    )
    assert_untouched(person, dossiers, desk)
    OutboxMessage.objects.all().delete()
    services.request_supplement(
        dossier=new, actor=services.Actor.officer(desk), reasons=["Tờ khai"], now=MONDAY_9
    )
    assert [m.recipient for m in OutboxMessage.objects.all()] == ["+84987654321"]  # no e-mail given


def test_the_schema_documents_the_401_and_403_of_creation(db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    responses = schema["paths"][URL]["post"]["responses"]
    assert "not_authenticated" in responses["401"]["description"]
    assert "not_your_identity" in responses["403"]["description"]
    assert "identity_not_verified" in responses["403"]["description"]
