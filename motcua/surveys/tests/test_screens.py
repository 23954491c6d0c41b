"""The control office's screens: create a campaign through the form, preview the sample, send,
read the results; other officers and the anonymous are kept out."""

from django.test import Client

from motcua.integrations.models import OutboxMessage
from motcua.org.tests.factories import StaffFactory
from motcua.surveys.models import Campaign, Invitation


def test_the_control_office_runs_a_campaign_from_its_screens(world):
    for day in (3, 4, 5):
        world.returned(world.ward_a, day=day)
    client = Client()
    client.force_login(world.control.user)
    assert client.get("/can-bo/khao-sat/").status_code == 200
    form = client.get("/can-bo/khao-sat/tao-moi/")
    assert world.ward_a.name in form.content.decode()
    created = client.post(
        "/can-bo/khao-sat/tao-moi/",
        {
            "name": "Khảo sát tháng 11",
            "agencies": [world.ward_a.pk],
            "returned_from": "2026-11-01",
            "returned_to": "2026-11-30",
            "sample_per_agency": "2",
            "opens_at": "2026-12-01",
            "closes_at": "2026-12-31",
        },
    )
    assert created.status_code == 302
    campaign = Campaign.objects.get()
    preview = client.get(created["Location"])
    assert preview.status_code == 200
    assert preview.content.decode().count("SV-") == 2 and "Gửi lời mời" in preview.content.decode()
    assert Invitation.objects.count() == 0  # a preview sends nothing
    sent = client.post(f"/can-bo/khao-sat/{campaign.pk}/gui-loi-moi/", follow=True)
    assert "Đã gửi 2 lời mời" in sent.content.decode()
    assert OutboxMessage.objects.filter(channel="sms").count() == 2
    assert client.get(f"/bao-cao/khao-sat/{campaign.pk}/").status_code == 200


def test_the_form_says_what_is_wrong(world):
    client = Client()
    client.force_login(world.control.user)
    page = client.post(
        "/can-bo/khao-sat/tao-moi/",
        {"name": "x", "agencies": [world.ward_a.pk], "returned_from": "2026-11-30", "returned_to": "2026-11-01",
         "sample_per_agency": "5", "opens_at": "2026-12-01", "closes_at": "2026-12-31"},
    )  # fmt: skip
    assert page.status_code == 200 and "Ngày kết thúc phải sau ngày bắt đầu" in page.content.decode()
    assert Campaign.objects.count() == 0


def test_only_managers_open_the_screens(world):
    campaign = world.campaign()
    client = Client()
    assert client.get("/can-bo/khao-sat/").status_code == 302
    client.force_login(StaffFactory(agency=world.province, roles=["agency_leader"]).user)
    assert client.get("/can-bo/khao-sat/").status_code == 403
    assert client.post(f"/can-bo/khao-sat/{campaign.pk}/gui-loi-moi/").status_code == 403
    # A control officer of another tree does not see this campaign.
    client.force_login(StaffFactory(roles=["control_officer"]).user)
    assert client.get(f"/can-bo/khao-sat/{campaign.pk}/").status_code == 404
