"""A campaign's results as .xlsx (openpyxl): the index per agency, the criteria with their
confidence intervals per agency and source, and the questionnaire. Numbers are numbers (shares as
fractions with a per-cent format), so the workbook can be recomputed."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _

from .criteria import Criterion
from .results import ALL_AGENCIES, RATINGS, CampaignResults

FONT = "Times New Roman"


def results_xlsx(results: CampaignResults) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    names = {a.agency_id: a.name or _("Tất cả cơ quan") for a in results.agencies}
    bold = Font(name=FONT, bold=True)
    wb = Workbook()

    index = wb.active
    index.title = _("Chỉ số hài lòng")
    index.append([results.campaign.name])
    index["A1"].font = bold
    index.append(
        [_("Cơ quan"), _("Số lời mời"), _("Số phiếu"), _("Tỷ lệ trả lời")]
        + [str(label) for label in Criterion.labels]
        + [_("Chỉ số hài lòng (%)")]
    )
    for agency in results.agencies:
        index.append(
            [names[agency.agency_id], agency.invited, agency.responded, agency.response_rate]
            + [agency.components.get(c) for c in Criterion.values]
            + [agency.index]
        )
        index.cell(row=index.max_row, column=4).number_format = "0.00%"

    rows = wb.create_sheet(_("Tiêu chí"))
    rows.append(
        [
            _("Cơ quan"), _("Tiêu chí"), _("Nguồn"), _("Thang điểm"), _("Số người trả lời"),
            _("Điểm trung bình"), _("Cận dưới (t, 95%)"), _("Cận trên (t, 95%)"), _("Số hài lòng"),
            _("Tỷ lệ hài lòng"), _("Cận dưới (Wilson, 95%)"), _("Cận trên (Wilson, 95%)"),
        ]
    )  # fmt: skip
    labels = dict(Criterion.choices)
    for row in sorted(
        results.rows, key=lambda r: (r.agency_id == ALL_AGENCIES, names[r.agency_id], r.source)
    ):
        rows.append(
            [
                names[row.agency_id], str(labels[row.criterion]),
                _("Đánh giá từng hồ sơ (1–3)") if row.source == RATINGS else _("Phiếu khảo sát (1–5)"),
                row.scale_max, row.n, row.mean.estimate, row.mean.low, row.mean.high, row.satisfied,
                row.share.estimate, row.share.low, row.share.high,
            ]
        )  # fmt: skip
        for column in (10, 11, 12):
            rows.cell(row=rows.max_row, column=column).number_format = "0.00%"

    questions = wb.create_sheet(_("Câu hỏi"))
    questions.append([_("Thứ tự"), _("Tiêu chí"), _("Loại"), _("Câu hỏi")])
    for q in results.campaign.questions.all():
        questions.append([q.order, str(labels[q.criterion]), q.get_kind_display(), q.text])

    for sheet in wb.worksheets:
        for cell in sheet[2 if sheet is index else 1]:
            cell.font = bold
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
