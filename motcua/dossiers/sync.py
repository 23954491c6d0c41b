"""The national portal's sync record of a dossier (DOMAIN.md §5).

`sync_record(dossier)` returns a dict with the portal's field names; dates are local time in the
portal's format `yyyyMMddHHmmss`; flags are 0/1. The integration plugin that pushes it (and its
simulator) builds on this; the record carries personal data the portal needs (ChuHoSo, …), so it
is never shown by the public lookup.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from .models import (
    DocumentKind,
    Dossier,
    DossierDocument,
    DossierPaper,
    PaperSource,
    PaymentIntent,
    ResultChannel,
)
from .results import download_url, latest_result

DATE_FORMAT = "%Y%m%d%H%M%S"
#: Paper kind → `LoaiBan` (0 original, 1 copy, 2 electronic).
LOAI_BAN = {"original": 0, "copy": 1, "either": 1, "electronic": 2}
#: Time unit → the portal's `DonViTinh` text.
DON_VI_TINH = {
    "working_day": "Ngày làm việc",
    "working_hour": "Giờ làm việc",
    "day": "Ngày",
    "month": "Tháng",
    "same_day": "Trong ngày",
}
DIGITISED = (PaperSource.UPLOADED, PaperSource.SCANNED, PaperSource.REGISTRY, PaperSource.EARLIER_RESULT)
REUSED = (PaperSource.REGISTRY, PaperSource.EARLIER_RESULT)


def portal_datetime(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime(DATE_FORMAT) if value else ""


def _digitised(paper: DossierPaper) -> bool:
    return bool(paper.file) or paper.source in DIGITISED


def _reused(paper: DossierPaper) -> bool:
    return paper.source in REUSED or paper.from_store


# The same facts over many dossiers (the national index, issue 12), one expression per record flag:
# `digitised_paper_q` is `_digitised`, `reused_paper_q` is `_reused`, and `with_sync_flags` annotates
# the dossier-level flags that `sync_record` reads too.
def digitised_paper_q() -> Q:
    """A paper `TaiLieuNop[].DuocSoHoa = 1`."""
    return ~Q(file="") | Q(source__in=DIGITISED)


def reused_paper_q() -> Q:
    """A paper `TaiLieuNop[].DuocLayTuKhoDMQG = 1`."""
    return Q(source__in=REUSED) | Q(from_store=True)


def with_sync_flags(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """`dossiers` annotated with the record's flags, as booleans: `paid_online`
    (DuocThanhToanTrucTuyen ≠ 0), `has_digitised_paper` (HoSoCoThanhPhanSoHoa), `has_reused_paper`
    (any DuocLayTuKhoDMQG), `all_papers_digitised` (every TaiLieuNop DuocSoHoa, at least one paper),
    `e_result` (KetQuaDienTu: the latest result is signed, so DuongDanTepTinKetQua is set) and
    `vneid_account` (TaiKhoanDuocXacThucVoiVNeID)."""
    papers = DossierPaper.objects.filter(dossier=OuterRef("pk"))
    # Nested one level down: the latest result of the dossier of the outer query.
    latest_result = DossierDocument.objects.filter(
        dossier=OuterRef(OuterRef("pk")), kind=DocumentKind.RESULT
    ).order_by("-id")
    return dossiers.annotate(
        paid_online=Exists(
            PaymentIntent.objects.filter(dossier=OuterRef("pk"), state=PaymentIntent.State.PAID)
        ),
        has_digitised_paper=Exists(papers.filter(digitised_paper_q())),
        has_reused_paper=Exists(papers.filter(reused_paper_q())),
        all_papers_digitised=ExpressionWrapper(
            Exists(papers) & ~Exists(papers.exclude(digitised_paper_q())), output_field=BooleanField()
        ),
        e_result=Exists(
            DossierDocument.objects.filter(
                pk=Subquery(latest_result.values("pk")[:1]), signed_at__isnull=False
            )
        ),
        vneid_account=ExpressionWrapper(Q(applicant__user__isnull=False), output_field=BooleanField()),
    )


def sync_record(dossier: Dossier, *, fresh: bool = False) -> dict:
    """The record as the database holds the dossier; `fresh`: a dossier created in the current
    transaction, with its papers in memory (`received_papers`), rendered without reading it back
    (the intake's hot path: nothing paid, no result yet, the same flags from what was written)."""
    if fresh:
        papers = list(dossier.received_papers)
        flags = {
            "paid_online": False,
            "has_digitised_paper": any(_digitised(p) for p in papers),
            "e_result": False,
            "vneid_account": dossier.applicant.user_id is not None,
        }
        return _render(dossier, flags, papers, None)
    dossier = Dossier.objects.select_related("agency", "applicant", "procedure_version__procedure").get(
        pk=dossier.pk
    )
    flags = (
        with_sync_flags(Dossier.objects.filter(pk=dossier.pk))
        # annotated names, which the stubs' plugin does not follow through `with_sync_flags`
        .values("paid_online", "has_digitised_paper", "e_result", "vneid_account")  # type: ignore[misc]
        .get()
    )
    return _render(dossier, flags, list(dossier.papers.all()), latest_result(dossier))


def _render(
    dossier: Dossier, flags: dict, papers: list[DossierPaper], result: DossierDocument | None
) -> dict:
    version = dossier.procedure_version
    applicant = dossier.contact  # as given for this dossier (issue 8)
    result_link = download_url(result) if result is not None and result.signed_at else ""
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": version.procedure.code,
        "TenTTHC": version.name,
        "MaCoQuan": dossier.agency.code,
        "TenCoQuan": dossier.agency.name,
        "ChuHoSo": applicant.name,
        "LoaiDoiTuong": int(applicant.kind),
        "MaDoiTuong": applicant.number,
        "SoDienThoai": applicant.phone,
        "Email": applicant.email,
        "DiaChi": applicant.address,
        "NgayNopHoSo": portal_datetime(dossier.submitted_at),
        "NgayTiepNhan": portal_datetime(dossier.received_at),
        "NgayHenTra": portal_datetime(dossier.due_at),
        "NgayHenTraBanDau": portal_datetime(dossier.original_due_at),
        "NgayKetThucXuLy": portal_datetime(dossier.finished_at),
        "NgayTra": portal_datetime(dossier.returned_at),
        "ThoiGianGiaiQuyet": float(version.time_amount) if version.time_amount is not None else None,
        "DonViTinh": DON_VI_TINH.get(version.time_unit, ""),
        "KenhThucHien": int(dossier.channel),
        "TrangThaiHoSo": int(dossier.state),
        "HinhThucTraKetQua": int(dossier.return_channel),
        "SoLanYeuCauBoSung": dossier.supplement_requests,
        "MaKetQua": f"{dossier.code}-KQ{result.pk}" if result is not None else "",
        "DuongDanTepTinKetQua": result_link,
        "KetQuaDienTu": 1 if flags["e_result"] else 0,
        "TraKetQuaDienTu": 1
        if dossier.return_channel == ResultChannel.ELECTRONIC and dossier.returned_at
        else 0,
        "DanhSachLePhi": [
            {"TenPhiLePhi": f.name, "Gia": f.amount_vnd or 0, "HinhThucThu": int(f.collected_at or 1)}
            for f in version.fees.all()
        ],
        # 2: a fee paid through the locality's gateway (dossiers.payments), 0: none paid online.
        "DuocThanhToanTrucTuyen": 2 if flags["paid_online"] else 0,
        "HoSoCoThanhPhanSoHoa": 1 if flags["has_digitised_paper"] else 0,
        "TaiLieuNop": [
            {
                "TenTaiLieu": p.name,
                "LoaiBan": LOAI_BAN.get(p.kind, 1),
                "SoLuong": p.count,
                "DuocSoHoa": 1 if _digitised(p) else 0,
                "DuocLayTuKhoDMQG": 1 if _reused(p) else 0,
            }
            for p in papers
        ],
        # A linked portal account exists only after a VNeID-verified login (selectors.link_applicant_account).
        "TaiKhoanDuocXacThucVoiVNeID": 1 if flags["vneid_account"] else 0,
        # The code of the database the record comes from (this MotCua instance), set per province.
        "MaCSDL": getattr(settings, "MOTCUA_SYNC_DATABASE_CODE", "MOTCUA"),
    }
