"""Seed 003's tables as .xlsx (openpyxl) and PDF (WeasyPrint), laid out like the seed: agency line,
appendix and title lines, the two-level header merged, the rows, notes and signature block;
Times New Roman, thin borders, A4 landscape, header rows repeated on every page, fit to width."""

from __future__ import annotations

from io import BytesIO

from django.template.loader import render_to_string

from .tables import RATE_KEYS, Table, display

FONT = "Times New Roman"


def table_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = f"Phụ lục {table.appendix}"
    leaves = table.leaves
    width = len(leaves)
    last = get_column_letter(width)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def font(**kw):
        return Font(name=FONT, size=kw.pop("size", 12), **kw)

    def line(row: int, text: str, **kw) -> None:
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = font(**kw)
        cell.alignment = centre

    # The agency line (top left, as the seed's "CƠ QUAN, ĐƠN VỊ"), then the appendix and its title.
    ws.merge_cells(f"A1:{get_column_letter(4)}1")
    ws["A1"] = table.agency_line
    ws["A1"].font = font(bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    appendix, *title, source = table.title_lines
    line(2, appendix, bold=True, size=13)
    row = 3
    for text in title:
        line(row, text, bold=True, size=13)
        row += 1
    line(row, source, italic=True)
    row += 2

    # The header: two levels; a column without children spans both.
    top, bottom = row, row + 1
    col = 1
    for column in table.columns:
        span = len(column.leaves)
        cell = ws.cell(row=top, column=col, value=column.label)
        if column.children:
            ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + span - 1)
            for offset, child in enumerate(column.children):
                ws.cell(row=bottom, column=col + offset, value=child.label)
        else:
            ws.merge_cells(start_row=top, start_column=col, end_row=bottom, end_column=col)
        col += span
    for r in (top, bottom):
        ws.row_dimensions[r].height = 60 if r == top else 75
        for c in range(1, width + 1):
            cell = ws.cell(row=r, column=c)
            cell.font = font(bold=True, size=11)
            cell.alignment = centre
            cell.border = border
    ws.print_title_rows = f"{top}:{bottom}"

    # The rows.
    r = bottom + 1
    first_body = r
    for item in table.rows:
        bold = item.kind in ("group", "total")
        for c, leaf in enumerate(leaves, start=1):
            if leaf.key == "number":
                value = item.number
            elif leaf.key == "name":
                value = item.name
            else:
                value = item.value(leaf.key)
                if value is None:
                    value = "—"
                elif leaf.key in RATE_KEYS:
                    value = float(value) / 100
                elif leaf.key == "area_m2":
                    value = float(value)
            cell = ws.cell(row=r, column=c, value=value)
            cell.font = font(bold=bold, size=11)
            cell.border = border
            horizontal = "left" if leaf.key in ("name", "note") else "center"
            cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
            if leaf.key in RATE_KEYS and isinstance(value, float):
                cell.number_format = "0.00%"
            elif leaf.key == "area_m2" and isinstance(value, float):
                cell.number_format = "#,##0.0"
        r += 1
    last_body = r - 1

    # Notes, then the signature block: the preparer left, the date and the head right.
    r += 1
    ws.cell(row=r, column=1, value="Ghi chú:").font = font(bold=True, italic=True, size=11)
    r += 1
    for note in table.notes:
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        cell = ws.cell(row=r, column=1, value=f"- {note}")
        cell.font = font(italic=True, size=11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = 30 if len(note) > 180 else 16
        r += 1
    r += 1
    right = max(width - 4, 3)
    ws.merge_cells(start_row=r, start_column=right, end_row=r, end_column=width)
    ws.cell(row=r, column=right, value=table.date_line).font = font(italic=True)
    ws.cell(row=r, column=right).alignment = centre
    r += 1
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
    ws.cell(row=r, column=1, value=table.signatures[0]).font = font(bold=True)
    ws.cell(row=r, column=1).alignment = centre
    ws.merge_cells(start_row=r, start_column=right, end_row=r, end_column=width)
    ws.cell(row=r, column=right, value=table.signatures[1]).font = font(bold=True)
    ws.cell(row=r, column=right).alignment = centre

    widths = {"number": 6, "name": 34, "note": 16}
    for c, leaf in enumerate(leaves, start=1):
        ws.column_dimensions[get_column_letter(c)].width = widths.get(leaf.key or "", 12)

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_area = f"A1:{last}{r}"
    ws.freeze_panes = ws.cell(row=first_body, column=3)
    ws.sheet_view.zoomScale = 90
    del last_body

    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def table_html(table: Table, *, for_pdf: bool = False) -> str:
    """The table as the seed prints it, the body of the screen and of the PDF alike."""
    return render_to_string(
        "reports/table_document.html",
        {"table": table, "rows": display_rows(table), "for_pdf": for_pdf},
    )


def display_rows(table: Table) -> list[dict]:
    keys = [leaf.key for leaf in table.leaves if leaf.key not in ("number", "name")]
    return [
        {
            "kind": row.kind,
            "number": row.number,
            "name": row.name,
            "agency": row.agency,
            "cells": [display(row.value(key), key) for key in keys],
        }
        for row in table.rows
    ]


def table_pdf(table: Table) -> bytes:
    from weasyprint import HTML

    return HTML(string=table_html(table, for_pdf=True)).write_pdf()
