"""The citizen's tracking pages: only their own dossiers, what is expected of them, notices and the
unread count, ratings online and at the counter, the kiosk without personal data."""

import pytest

from motcua.dossiers.notices import CitizenNotice
from motcua.dossiers.ratings import DossierRating


def test_my_dossiers_needs_a_login(client, world):
    response = client.get("/ho-so-cua-toi/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=")


def test_my_dossiers_lists_only_the_citizen_s_own_with_the_timeline(client, world):
    client.force_login(world["citizen"])
    page = client.get("/ho-so-cua-toi/").content.decode()
    assert world["open"].code in page and world["done"].code in page
    assert world["stranger"].code not in page
    assert "Bộ phận Một cửa Phường Thử nghiệm" in page  # at which desk
    assert "Hẹn trả kết quả" in page and "Tiếp nhận" in page
    assert f"/danh-gia/{world['done'].code}/" in page  # what is expected: rate the returned one


def test_the_header_counts_unread_notices_and_the_centre_marks_them_read(client, world):
    client.force_login(world["citizen"])
    unread = CitizenNotice.objects.filter(user=world["citizen"], read_at__isnull=True).count()
    assert unread == 2  # the two receipts
    page = client.get("/thong-bao/").content.decode()
    assert 'class="portal-count">2<' in page
    assert world["open"].code in page and world["stranger"].code not in page
    assert client.post("/thong-bao/").status_code == 302
    assert "portal-count" not in client.get("/thong-bao/").content.decode()


def test_the_citizen_rates_a_returned_dossier_and_may_not_rate_another_s(client, world):
    client.force_login(world["citizen"])
    form = {
        "overall": "3",
        "access": "3",
        "procedure": "2",
        "attitude": "3",
        "timeliness": "2",
        "result": "3",
    }
    page = client.post(f"/danh-gia/{world['done'].code}/", form).content.decode()
    assert "Cảm ơn bạn đã đánh giá" in page
    assert DossierRating.objects.get(dossier=world["done"]).channel == "online"
    assert client.post(f"/danh-gia/{world['open'].code}/", form).status_code == 400  # not returned yet
    assert client.get(f"/danh-gia/{world['stranger'].code}/").status_code == 404
    missing = client.post(f"/danh-gia/{world['done'].code}/", {**form, "result": ""})
    assert missing.status_code == 400


def test_the_desk_takes_the_rating_at_the_counter_and_a_citizen_cannot_open_that_page(client, world):
    url = f"/danh-gia-tai-quay/{world['done'].code}/"
    client.force_login(world["citizen"])
    assert client.get(url).status_code == 302  # to the officers' login
    client.force_login(world["desk"].user)
    form = {
        "overall": "2",
        "access": "2",
        "procedure": "2",
        "attitude": "3",
        "timeliness": "2",
        "result": "2",
    }
    assert client.post(url, form).status_code == 200
    assert DossierRating.objects.get(dossier=world["done"]).channel == "counter"


def test_the_kiosk_shows_the_state_and_steps_but_no_personal_data(client, world):
    page = client.get("/kiosk/", {"code": world["open"].code}).content.decode()
    assert "kiosk.js" in page and 'aria-current="step"' in page
    assert "Nguyễn Thị Hằng" not in page and "0912345678" not in page
    assert client.get("/kiosk/", {"code": "000.00.31.H26-000000-9999"}).status_code == 404


def test_the_public_lookup_shows_progress_steps_on_the_portal_layout(client, world):
    page = client.get(f"/tra-cuu/{world['open'].code}/").content.decode()
    assert 'class="steps"' in page and "portal-banner" in page
    assert "Nguyễn Thị Hằng" not in page


@pytest.mark.parametrize("url", ["/", "/thu-tuc/", "/tra-cuu/", "/kiosk/", "/danh-gia/"])
def test_public_pages_are_on_the_portal_layout_without_an_api_link(client, world, url):
    page = client.get(url).content.decode()
    assert "portal-banner" in page and "Đăng nhập bằng VNeID" in page
    assert "/api/docs/" not in page
    for menu in (
        "Tra cứu hồ sơ",
        "Nộp trực tuyến",
        "Thanh toán",
        "Đánh giá",
        "Phản ánh kiến nghị",
        "Tài khoản",
    ):
        assert menu in page


def test_what_is_expected_links_to_the_pages_that_do_it(client, world):
    """Each "Việc cần làm" link opens its page: the supplement answered online, the e-result."""
    from django.utils import timezone

    from motcua.dossiers.audit import Actor
    from motcua.dossiers.lifecycle import request_supplement
    from motcua.dossiers.models import Dossier, ResultChannel

    request_supplement(
        dossier=world["open"],
        actor=Actor.officer(world["desk"]),
        reasons=[{"what": "Giấy chứng sinh", "reason": "Thiếu"}],
        now=timezone.now(),
    )
    Dossier.objects.filter(pk=world["done"].pk).update(return_channel=ResultChannel.ELECTRONIC)
    client.force_login(world["citizen"])
    page = client.get("/ho-so-cua-toi/").content.decode()
    supplement = f"/nop-truc-tuyen/bo-sung/{world['open'].code}/"
    assert f'href="{supplement}"' in page and client.get(supplement).status_code == 200
    assert f'href="/nop-truc-tuyen/ket-qua/{world["done"].code}/">Tải kết quả điện tử' in page
