"""Realistic sample contexts for every form: used by the tests, the preview command and the demo."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from . import contexts as c

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
AGENCY = c.AgencyHeader(
    parent_name="Ủy ban nhân dân phường Hoàn Kiếm",
    name="Bộ phận Một cửa",
    place="Hà Nội",
)
#: Letters signed by the head (Mẫu 04, 05) come from the agency itself, which has no parent line.
COMMITTEE = c.AgencyHeader(name="Ủy ban nhân dân phường Hoàn Kiếm", place="Hà Nội")
APPLICANT = c.Applicant(
    name="Nguyễn Thị Hằng",
    id_number="001185012345",
    address="Số 12 phố Hàng Bạc, phường Hoàn Kiếm, thành phố Hà Nội",
    phone="0912 345 678",
    email="hang.nguyen@example.vn",
)
CODE = "000.00.12.H26-261123-0001"
RECEIVED = dt.datetime(2026, 11, 23, 10, 30, tzinfo=HCM)
PROMISED = dt.datetime(2026, 11, 30, 16, 0, tzinfo=HCM)
OFFICER = c.Signatory(title="Người tiếp nhận hồ sơ", name="Trần Văn Bình")
HEAD = c.Signatory(
    title="Chủ tịch",
    name="Lê Minh Đức",
    instruction="(Ký, ghi rõ họ tên và đóng dấu)",
)
PROCEDURE = "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp"


def receipt() -> c.ReceiptContext:
    return c.ReceiptContext(
        agency=AGENCY,
        issued_on=RECEIVED.date(),
        dossier_code=CODE,
        document_number="125/GTN-BPMC",
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        papers=[
            c.PaperReceived(
                name="Bản chính giấy tờ, văn bản cần chứng thực", kind=c.PaperKind.ORIGINAL, count=1
            ),
            c.PaperReceived(name="Bản sao cần chứng thực", kind=c.PaperKind.COPY, count=3),
            c.PaperReceived(
                name="Căn cước của người yêu cầu chứng thực", kind=c.PaperKind.ELECTRONIC, count=1
            ),
        ],
        legal_time_limit="05 ngày làm việc",
        received_at=RECEIVED,
        promised_at=PROMISED,
        return_channel="Bộ phận Một cửa phường Hoàn Kiếm",
        tracking_url=f"https://motcua.example.vn/tra-cuu/{CODE}",
        receiving_officer=OFFICER,
        fees=[c.Fee(name="Lệ phí chứng thực (3 trang)", amount=5000)],
        tracking_book="Quyển số: 01/2026",
        tracking_book_line="Số thứ tự: 125",
        copy_label="Liên 1: giao người nộp hồ sơ",
    )


def supplement_request() -> c.SupplementRequestContext:
    return c.SupplementRequestContext(
        agency=AGENCY,
        issued_on=RECEIVED.date(),
        dossier_code=CODE,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        received_at=RECEIVED,
        items=[
            c.SupplementItem(
                what="Bản chính Giấy khai sinh",
                reason="Bản sao nộp kèm không đọc được số đăng ký; cần xuất trình bản chính để đối chiếu.",
            ),
            c.SupplementItem(
                what="Tờ khai (mục “Nơi cư trú”)",
                reason="Địa chỉ ghi chưa đầy đủ số nhà và tên phố.",
            ),
        ],
        officer=c.Signatory(title="Người hướng dẫn", name="Trần Văn Bình"),
        contact="Bộ phận Một cửa phường Hoàn Kiếm, điện thoại 024 3825 1234",
    )


def refusal() -> c.RefusalContext:
    return c.RefusalContext(
        agency=AGENCY,
        issued_on=RECEIVED.date(),
        applicant=APPLICANT,
        procedure_name="Cấp Phiếu lý lịch tư pháp",
        reasons=[
            "Thủ tục không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường; "
            "đề nghị Ông/Bà nộp hồ sơ tại Công an thành phố Hà Nội.",
        ],
        officer=OFFICER,
        received_at=RECEIVED,
    )


def apology() -> c.ApologyContext:
    return c.ApologyContext(
        agency=COMMITTEE,
        issued_on=dt.date(2026, 11, 27),
        dossier_code=CODE,
        document_number="37/XL-UBND",
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        received_at=RECEIVED,
        original_due_at=PROMISED,
        reason="Cần xác minh thông tin với Sở Tư pháp thành phố Hà Nội về giấy tờ do cơ quan khác cấp.",
        new_due_at=dt.datetime(2026, 12, 4, 16, 0, tzinfo=HCM),
        signatory=HEAD,
    )


def stop_notice() -> c.StopNoticeContext:
    return c.StopNoticeContext(
        agency=COMMITTEE,
        issued_on=dt.date(2026, 11, 26),
        dossier_code=CODE,
        document_number="12/TB-UBND",
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        received_at=RECEIVED,
        stopped_at=dt.datetime(2026, 11, 26, 9, 15, tzinfo=HCM),
        stage_reached="Thẩm định hồ sơ",
        reason="Bản chính giấy tờ có dấu hiệu bị tẩy xóa, sửa chữa nội dung.",
        legal_basis="khoản 4 Điều 22 Nghị định số 23/2015/NĐ-CP",
        signatory=HEAD,
    )


def control_slip() -> c.ControlSlipContext:
    steps = [
        ("Bộ phận Một cửa", "Trần Văn Bình", "Công chức Tư pháp - Hộ tịch", "Phạm Thu Trang", RECEIVED + dt.timedelta(minutes=20), c.Timeliness.EARLY, ""),
        ("Công chức Tư pháp - Hộ tịch", "Phạm Thu Trang", "Lãnh đạo UBND phường", "Lê Minh Đức", dt.datetime(2026, 11, 26, 15, 0, tzinfo=HCM), c.Timeliness.ON_TIME, ""),
        ("Lãnh đạo UBND phường", "Lê Minh Đức", "Bộ phận Một cửa", "Trần Văn Bình", dt.datetime(2026, 12, 1, 9, 0, tzinfo=HCM), c.Timeliness.LATE, "Đã có văn bản xin lỗi số 37/XL-UBND"),
    ]  # fmt: skip
    return c.ControlSlipContext(
        agency=AGENCY,
        issued_on=RECEIVED.date(),
        dossier_code=CODE,
        applicant=APPLICANT,
        procedure_name=PROCEDURE,
        received_at=RECEIVED,
        promised_at=PROMISED,
        lead_agency="Ủy ban nhân dân phường Hoàn Kiếm",
        partner_agencies=["Sở Tư pháp thành phố Hà Nội"],
        receipt_number="125/GTN-BPMC",
        hand_overs=[
            c.HandOver(
                from_party=f, from_person=fp, to_party=t, to_person=tp, handed_at=at, outcome=o, note=n
            )
            for f, fp, t, tp, at, o, n in steps
        ],
    )


def tracking_book(rows: int = 12) -> c.TrackingBookContext:
    names = [
        "Nguyễn Thị Hằng",
        "Trần Quốc Việt",
        "Lê Thị Thủy",
        "Phạm Đức Thắng",
        "Hoàng Yến Nhi",
        "Đặng Văn Lộc",
    ]
    procedures = ["Đăng ký khai sinh", "Chứng thực chữ ký", "Đăng ký kết hôn", "Cấp bản sao từ sổ gốc"]
    entries = []
    for i in range(rows):
        received = RECEIVED + dt.timedelta(minutes=17 * i)
        entries.append(
            c.RegisterEntry(
                number=i + 1,
                dossier_code=f"000.00.12.H26-261123-{i + 1:04d}",
                procedure_name=procedures[i % len(procedures)],
                applicant_name=names[i % len(names)],
                address_phone=f"Số {i + 3} phố Hàng Đào, Hoàn Kiếm; 09{i:02d} 123 456",
                lead_agency="UBND phường Hoàn Kiếm",
                received_at=received,
                promised_at=received + dt.timedelta(days=1),
                transferred_at=received + dt.timedelta(hours=1) if i % 3 else None,
                result_at=received + dt.timedelta(hours=20) if i % 2 else None,
                returned_at=received + dt.timedelta(days=1) if i % 4 == 1 else None,
                note="Bổ sung lần 1" if i == 5 else "",
            )
        )
    return c.TrackingBookContext(
        agency=AGENCY,
        issued_on=dt.date(2026, 11, 30),
        entries=entries,
        book_label="Quyển số 01/2026",
        period="Từ ngày 01/11/2026 đến ngày 30/11/2026",
    )


SAMPLES = {
    "mau_01": receipt,
    "mau_02": supplement_request,
    "mau_03": refusal,
    "mau_04": apology,
    "mau_05": stop_notice,
    "mau_06": control_slip,
    "mau_07": tracking_book,
}
