"""The inputs of every legal form, as plain typed values.

The dossier services build these from their models; the forms never see a model, so they can be
rendered, previewed and tested without a database, and a change to the dossier tables cannot
silently change a legal document. All datetimes should be aware; they are printed in local time.

Form codes follow Circular 03/2025/TT-VPCP, Phụ lục I (2018 numbering of Circular 01/2018 in
brackets): mau_01 receipt (01), mau_02 supplement request (02), mau_03 refusal (03), mau_04 apology
and extension (04), mau_05 stop notice (new), mau_06 control slip (05), mau_07 tracking book (06).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone


class PaperKind(enum.IntEnum):
    """`LoaiBan` in the national exchange format (DOMAIN.md §5)."""

    ORIGINAL = 0
    COPY = 1
    ELECTRONIC = 2

    @property
    def label(self) -> str:
        return {0: "Bản chính", 1: "Bản sao", 2: "Bản điện tử"}[self.value]


class Timeliness(enum.StrEnum):
    """How a hand-over or a result compares with its due time."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"

    @property
    def label(self) -> str:
        return {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}[self.value]

    @classmethod
    def judge(cls, done_at: dt.datetime, due_at: dt.datetime) -> Timeliness:
        """The usual reading: after the due moment is late; on the due day is on time; before the
        due day is early. Services with another rule pass their own value to the forms."""
        if done_at > due_at:
            return cls.LATE
        done_day = timezone.localtime(done_at).date() if timezone.is_aware(done_at) else done_at.date()
        due_day = timezone.localtime(due_at).date() if timezone.is_aware(due_at) else due_at.date()
        return cls.EARLY if done_day < due_day else cls.ON_TIME


@dataclass(frozen=True, kw_only=True)
class AgencyHeader:
    """Top-left of every document (Decree 30/2020): the parent agency, then the issuing one."""

    name: str
    parent_name: str = ""
    #: Place name for the date line: "Hà Nội, ngày …" (the province or city where the agency sits).
    place: str = ""


@dataclass(frozen=True, kw_only=True)
class Applicant:
    name: str
    id_number: str = ""  # personal ID number or tax code
    address: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, kw_only=True)
class PaperReceived:
    name: str
    kind: PaperKind = PaperKind.ORIGINAL
    count: int = 1
    #: Shown at the desk (giấy tờ phải xuất trình): seen, not kept; printed "đã xuất trình".
    shown_only: bool = False


@dataclass(frozen=True, kw_only=True)
class Fee:
    name: str
    amount: Decimal | int


@dataclass(frozen=True, kw_only=True)
class Signatory:
    """Who signs: the title printed above the blank space, then the name below it."""

    title: str
    name: str = ""
    #: The line in brackets under the title (Decree 30: what the signer must do).
    instruction: str = "(Ký và ghi rõ họ tên)"


@dataclass(frozen=True, kw_only=True)
class FormContext:
    """What every form has: who issues it, when, its document number and dossier code."""

    agency: AgencyHeader
    issued_on: dt.date
    dossier_code: str = ""
    #: "Số: 123/GTN-BPMC"; empty leaves the dotted blank officers fill by hand.
    document_number: str = ""


@dataclass(frozen=True, kw_only=True)
class ReceiptContext(FormContext):
    """Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""

    applicant: Applicant
    procedure_name: str
    papers: list[PaperReceived]
    #: The legal time limit as the procedure states it, e.g. "05 ngày làm việc".
    legal_time_limit: str
    received_at: dt.datetime
    #: None when the procedure sets no time limit (the form leaves it blank).
    promised_at: dt.datetime | None
    #: Where the result is returned: "Tại Bộ phận Một cửa", "Qua dịch vụ bưu chính công ích", …
    return_channel: str
    #: Public tracking page; printed as a QR code and as text.
    tracking_url: str
    receiving_officer: Signatory
    dossier_sets: int = 1
    fees: list[Fee] = field(default_factory=list)
    tracking_book: str = ""  # "Quyển số 01/2026"
    tracking_book_line: str = ""  # "Số thứ tự 125"
    copy_label: str = ""  # "Liên 1: giao người nộp hồ sơ"
    #: Received at a centre for another agency (Decree 118/2025): both are named on the receipt.
    receiving_centre: str = ""
    competent_agency: str = ""
    originals_to_send: bool = False


@dataclass(frozen=True, kw_only=True)
class SupplementItem:
    what: str  # the paper or the field to add or correct
    reason: str


@dataclass(frozen=True, kw_only=True)
class SupplementRequestContext(FormContext):
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""

    applicant: Applicant
    procedure_name: str
    received_at: dt.datetime
    items: list[SupplementItem]
    officer: Signatory
    contact: str = ""  # "Bộ phận Một cửa, điện thoại 024 3825 1234"
    #: The number of this request for the dossier; a second one is flagged in the national index.
    request_number: int = 1


@dataclass(frozen=True, kw_only=True)
class RefusalContext(FormContext):
    """Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ (a refused dossier may have no code)."""

    applicant: Applicant
    procedure_name: str
    reasons: list[str]
    officer: Signatory
    received_at: dt.datetime | None = None


@dataclass(frozen=True, kw_only=True)
class ApologyContext(FormContext):
    """Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết."""

    applicant: Applicant
    procedure_name: str
    received_at: dt.datetime | None
    original_due_at: dt.datetime | None
    reason: str
    new_due_at: dt.datetime | None
    signatory: Signatory
    recipients: list[str] = field(default_factory=lambda: ["Như trên", "Lưu: VT"])


@dataclass(frozen=True, kw_only=True)
class StopNoticeContext(FormContext):
    """Mẫu 05: Thông báo dừng giải quyết hồ sơ."""

    applicant: Applicant
    procedure_name: str
    received_at: dt.datetime
    stopped_at: dt.datetime
    stage_reached: str  # the step the dossier had reached, e.g. "Thẩm định hồ sơ"
    reason: str
    signatory: Signatory
    legal_basis: str = ""
    recipients: list[str] = field(default_factory=lambda: ["Như trên", "Lưu: VT"])


@dataclass(frozen=True, kw_only=True)
class HandOver:
    """One line of the control slip: who gave the dossier to whom, when, and how it stood."""

    from_party: str  # unit or agency handing over
    to_party: str
    handed_at: dt.datetime
    from_person: str = ""
    to_person: str = ""
    outcome: Timeliness | None = None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class ControlSlipContext(FormContext):
    """Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ."""

    applicant: Applicant
    procedure_name: str
    received_at: dt.datetime
    promised_at: dt.datetime
    lead_agency: str
    hand_overs: list[HandOver]
    partner_agencies: list[str] = field(default_factory=list)
    receipt_number: str = ""


@dataclass(frozen=True, kw_only=True)
class RegisterEntry:
    """One row of the tracking book."""

    number: int
    dossier_code: str
    procedure_name: str
    applicant_name: str
    address_phone: str
    lead_agency: str
    received_at: dt.datetime | None
    promised_at: dt.datetime | None
    transferred_at: dt.datetime | None = None
    result_at: dt.datetime | None = None
    returned_at: dt.datetime | None = None
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class TrackingBookContext(FormContext):
    """Mẫu 07: Sổ theo dõi hồ sơ (landscape register, one row per dossier)."""

    entries: list[RegisterEntry]
    book_label: str = ""  # "Quyển số 01"
    period: str = ""  # "Từ ngày 01/11/2026 đến ngày 30/11/2026"


@dataclass(frozen=True, kw_only=True)
class ResultContext(FormContext):
    """The procedure's result document (not a numbered form): its title is the procedure's result
    ("GIẤY KHAI SINH"), its entries come from the dossier's e-form, its signer is the agency's leader."""

    title: str
    procedure_name: str
    holder: str
    id_number: str = ""
    date_of_birth: dt.date | None = None
    address: str = ""
    applicant_name: str = ""
    applicant_id: str = ""
    #: (label, value) pairs from the e-form, in the order the form gave them.
    fields: list[tuple[str, str]] = field(default_factory=list)
    register_number: str = ""
    register_book: str = ""
    #: The lines above the signature ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), then the signer's name.
    signer_lines: list[str] = field(default_factory=list)
    signer_name: str = ""
