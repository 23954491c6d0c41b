"""The officer's fee request starts from the catalogue's fees for the dossier (catalog.fees), which
the officer may correct."""

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.states import Action
from motcua.office import actions
from motcua.office.access import roles_of

from .conftest import receive


def fee_form(dossier, staff):
    ctx = actions.Context(dossier, staff, roles_of(staff), list(dossier.steps.all()))
    return actions.make_form(Action.AWAIT_FEES, ctx)


def test_the_fee_request_is_prefilled_from_the_catalogue(commune, desk):
    version = published_version(
        code="1.000001",
        implementing_agencies=[commune],
        fees=[
            {"name": "Lệ phí", "amount_vnd": 50000, "text": "50.000 đồng/hồ sơ", "collected_at": "1"},
            {"name": "Phí thẩm định", "amount_vnd": 20000, "text": "20.000 đồng/hồ sơ", "collected_at": "1"},
        ],
    )
    form = fee_form(receive(version, commune, desk), desk)
    assert form.initial == {"name": "Lệ phí; Phí thẩm định", "amount": 70000}
    assert "50.000 đ/hồ sơ" in form.fields["amount"].help_text
    assert 'value="70000"' in str(form["amount"])


def test_a_fee_of_unknown_amount_leaves_the_amount_to_the_officer(commune, desk):
    version = published_version(
        code="1.000002",
        implementing_agencies=[commune],
        fees=[
            {"name": "Lệ phí", "text": "Mức thu do Hội đồng nhân dân cấp tỉnh quy định", "collected_at": "1"}
        ],
    )
    form = fee_form(receive(version, commune, desk), desk)
    assert form.initial == {"name": "Lệ phí", "amount": None}
    assert "Hội đồng nhân dân" in form.fields["amount"].help_text


def test_a_procedure_without_fees_prefills_nothing(commune, desk):
    version = published_version(code="1.000003", implementing_agencies=[commune], fees=[])
    assert fee_form(receive(version, commune, desk), desk).initial == {}
