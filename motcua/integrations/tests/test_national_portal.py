"""The national portal plugin against its simulator (in process): the schema, one record per key,
refusal, timeout, outage, acknowledgements in the answer or by callback (duplicated), a worker
that crashes between sending and recording, the list and the counts, the control page."""

import datetime as dt
import json

import pytest
from django.test import override_settings
from django.urls import reverse

from motcua.integrations.dispatch import services, transports
from motcua.integrations.dispatch.models import Delivery
from motcua.integrations.inprocess import call
from motcua.integrations.national_portal import PARTNER, client
from motcua.integrations.national_portal.models import (
    SimulatedPortalReceipt,
    SimulatedPortalRecord,
    SimulatedPortalSettings,
)
from motcua.integrations.national_portal.schema import problem

Status = Delivery.Status
Mode = SimulatedPortalSettings.Mode
pytestmark = pytest.mark.django_db


def record(code="H26.41-261116-0001", state=2, unit="000.00.41.H26", received="20261116090000", **extra):
    data = {
        "MaHoSo": code,
        "MaTTHC": "1.013225",
        "MaCoQuan": unit,
        "NgayTiepNhan": received,
        "NgayHenTra": "20261130090000",
        "NgayKetThucXuLy": "",
        "ThoiGianGiaiQuyet": 10.0,
        "DonViTinh": "Ngày làm việc",
        "KenhThucHien": 1,
        "TrangThaiHoSo": state,
        "MaKetQua": "",
        "DuongDanTepTinKetQua": "",
        "DanhSachLePhi": [{"TenPhiLePhi": "Lệ phí", "Gia": 75000, "HinhThucThu": 1}],
        "DuocThanhToanTrucTuyen": 0,
        "HoSoCoThanhPhanSoHoa": 1,
        "TaiLieuNop": [
            {"TenTaiLieu": "Đơn", "LoaiBan": 0, "SoLuong": 1, "DuocSoHoa": 1, "DuocLayTuKhoDMQG": 0}
        ],
        "TaiKhoanDuocXacThucVoiVNeID": 0,
        "MaCSDL": "MOTCUA",
    }
    data.update(extra)
    return data


@pytest.fixture(autouse=True)
def portal():
    transports.reset()
    client.reset()
    yield SimulatedPortalSettings.current()
    transports.reset()
    client.reset()


def switch(**values):
    status, body = call("PUT", reverse("national-portal-settings"), body=json.dumps(values).encode())
    assert status == 200, body
    return json.loads(body)


def queue(key, payload, stream=None):
    return services.enqueue(
        partner=PARTNER,
        stream=stream or payload["MaHoSo"],
        topic="sync_record",
        payload=payload,
        key=key,
        schedule=False,
    )


def send(delivery, now=None):
    return services.send_delivery(delivery_id=delivery.pk, now=now)


def test_the_schema_accepts_a_whole_record_and_names_what_is_wrong():
    assert problem(record()) == ""
    assert "TrangThaiHoSo" in problem(record(state=11))
    assert "KenhThucHien" in problem(record(KenhThucHien=4))
    assert "MaHoSo" in problem({k: v for k, v in record().items() if k != "MaHoSo"})
    # A received dossier without NgayTiepNhan, a resolved one without NgayKetThucXuLy.
    assert "NgayTiepNhan" in problem(record(received=""))
    assert "NgayKetThucXuLy" in problem(record(state=9))
    assert "DuocSoHoa" in problem(record(TaiLieuNop=[{"TenTaiLieu": "Đơn", "DuocLayTuKhoDMQG": 0}]))


def test_a_record_is_acknowledged_in_the_answer_and_held_once_per_key():
    d = send(queue("k1", record()))
    assert d.status == Status.ACKNOWLEDGED and d.partner_ref.startswith("DVCQG-")
    assert d.sent_at is not None and d.acknowledged_at is not None
    # The same key again (a resend): still one receipt, one record.
    assert client.get_client().push(record(), key="k1").partner_ref == d.partner_ref
    assert SimulatedPortalReceipt.objects.count() == 1
    held = SimulatedPortalRecord.objects.get()
    assert (held.ma_ho_so, held.trang_thai, held.last_key) == ("H26.41-261116-0001", 2, "k1")
    assert held.record["MaDonViTiepNhan"] == "000.00.00.H00"  # the setting, added by the client


def test_a_later_record_updates_the_held_one_and_history_keeps_both():
    send(queue("k1", record()))
    send(queue("k2", record(state=4)))
    assert SimulatedPortalRecord.objects.get().trang_thai == 4
    assert list(SimulatedPortalReceipt.objects.values_list("trang_thai", flat=True)) == [2, 4]


def test_an_invalid_record_is_refused_dead_at_once_with_the_schema_message():
    d = send(queue("bad", record(state=11)))
    assert d.status == Status.DEAD and d.attempts == 1
    assert "TrangThaiHoSo" in d.partner_message
    assert not SimulatedPortalRecord.objects.exists()


def test_refusal_switch_ends_dead_with_the_partners_message():
    switch(mode=Mode.REFUSE, refusal_message="Mã TTHC không tồn tại")
    d = send(queue("k1", record()))
    assert (d.status, d.partner_message, d.next_attempt_at) == (Status.DEAD, "Mã TTHC không tồn tại", None)


def test_a_timeout_is_retried_and_the_portal_still_holds_one_record():
    switch(mode=Mode.TIMEOUT)
    d = send(queue("k1", record()))
    assert d.status == Status.FAILED and d.next_attempt_at is not None and "504" in d.last_error
    assert SimulatedPortalReceipt.objects.count() == 1  # it took the record; the answer was lost
    switch(mode=Mode.NORMAL)
    d = send(d, now=d.next_attempt_at)
    assert d.status == Status.ACKNOWLEDGED and d.attempts == 2
    assert SimulatedPortalReceipt.objects.count() == 1 and SimulatedPortalRecord.objects.count() == 1


def test_an_outage_is_retried_and_nothing_is_held():
    switch(mode=Mode.DOWN)
    d = send(queue("k1", record()))
    assert d.status == Status.FAILED and "503" in d.last_error
    assert not SimulatedPortalReceipt.objects.exists()


def test_duplicate_acknowledgements_by_callback_change_nothing_after_the_first():
    switch(acknowledge_by_callback=True, duplicate_acknowledgements=True)
    d = send(queue("k1", record()))
    assert d.status == Status.SENT and d.acknowledged_at is None
    status, body = call("POST", reverse("national-portal-send-acks"))
    assert (status, json.loads(body)) == (200, {"acknowledged": 1})
    d.refresh_from_db()
    assert d.status == Status.ACKNOWLEDGED and d.partner_message == "Cổng DVCQG đã nhận hồ sơ"
    first = d.acknowledged_at
    # Sent once more (the portal repeats itself): 200, the first acknowledgement stands.
    receipt = SimulatedPortalReceipt.objects.get()
    from motcua.integrations.national_portal.simulator import store

    assert store.acknowledge(receipt, times=2) == [200, 200]
    d.refresh_from_db()
    assert d.acknowledged_at == first and Delivery.objects.count() == 1


def test_a_duplicate_acknowledgement_after_the_answer_keeps_the_record_acknowledged():
    switch(duplicate_acknowledgements=True)
    d = send(queue("k1", record()))
    assert d.status == Status.ACKNOWLEDGED


def test_the_callback_needs_the_agreed_token():
    queue("k1", record())
    path = reverse("integrations:national-portal-ack")
    body = json.dumps({"KhoaChongTrung": "k1"}).encode()
    assert call("POST", path, body=body, headers={"Authorization": "Bearer wrong"})[0] == 401
    assert call("POST", path, body=body)[0] == 401
    good = {"Authorization": "Bearer motcua-demo-callback"}
    assert call("POST", path, body=json.dumps({"KhoaChongTrung": "nope"}).encode(), headers=good)[0] == 404
    assert call("POST", path, body=b"[1]", headers=good)[0] == 400
    assert call("POST", path, body=body, headers=good)[0] == 200
    with override_settings(MOTCUA_NATIONAL_PORTAL={"URL": "https://dvc.example.vn/api"}):
        # A real portal without an agreed token: every callback is refused.
        assert call("POST", path, body=body, headers={"Authorization": "Bearer "})[0] == 401


def test_a_worker_that_crashes_between_sending_and_recording_sends_once_more_and_the_portal_keeps_one():
    d = queue("k1", record())
    t0 = d.next_attempt_at
    assert services._claim(d.pk, t0)
    client.get_client().push(d.payload, key=d.idempotency_key)  # sent; the worker dies before recording
    d.refresh_from_db()
    assert d.status == Status.SENDING
    later = t0 + services.LEASE + dt.timedelta(seconds=1)
    assert services.send_due(now=later)["sent"] == 1
    d.refresh_from_db()
    assert d.status == Status.ACKNOWLEDGED and d.attempts == 2
    assert SimulatedPortalReceipt.objects.count() == 1 and SimulatedPortalRecord.objects.count() == 1


def test_token_credentials_are_checked_and_an_expired_token_is_renewed_once():
    status, _ = call(
        "POST", "/mo-phong/cong-dvc/api/token/", body=b'{"client_id": "x", "client_secret": "y"}'
    )
    assert status == 401
    portal = client.get_client()
    portal.token()
    portal._token = "stale"  # the portal forgot it: one new token, then the call goes through
    assert portal.push(record(), key="k1").acknowledged


def test_the_list_and_the_counts_per_unit_and_period():
    portal = client.get_client()
    portal.push(record("A1", unit="U1", received="20261105100000"), key="a")
    portal.push(record("A2", unit="U1", received="20261201100000"), key="b")
    portal.push(record("B1", unit="U2", received="20261110100000"), key="c")
    nov = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert [r["MaHoSo"] for r in portal.held(unit="U1", start=nov[0], end=nov[1])] == ["A1"]
    assert portal.counts(start=nov[0], end=nov[1]) == {"U1": 1, "U2": 1}
    assert portal.counts(start=nov[0], end=dt.date(2026, 12, 31)) == {"U1": 2, "U2": 1}
    status, _ = call(
        "GET",
        "/mo-phong/cong-dvc/api/thong-ke/",
        query={"TuNgay": "x"},
        headers={"Authorization": f"Bearer {portal.token()}"},
    )
    assert status == 400


def test_the_settings_api_refuses_what_it_does_not_know():
    path = reverse("national-portal-settings")
    assert call("PUT", path, body=b'{"mode": "sideways"}')[0] == 400
    assert call("PUT", path, body=b'{"delay_ms": -1}')[0] == 400
    assert call("PUT", path, body=b"nope")[0] == 400
    assert switch(mode="down", delay_ms=0)["mode"] == "down"


def test_the_control_page_lists_the_test_configuration_and_sets_the_switches(client):
    page = client.get("/mo-phong/cong-dvc/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "motcua-demo-secret" in text and "000.00.00.H00" in text and "sync-record.schema.json" in text
    client.post("/mo-phong/cong-dvc/", {"mode": "timeout", "delay_ms": "0", "refusal_message": "x"})
    assert SimulatedPortalSettings.current().mode == Mode.TIMEOUT


def test_without_an_address_and_no_simulator_the_client_refuses_to_guess():
    with override_settings(MOTCUA_SIMULATORS=False):
        client.reset()
        d = send(queue("k1", record()))
    assert d.status == Status.FAILED and "URL" in d.last_error
