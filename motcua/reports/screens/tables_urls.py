"""tables: seed 003's tables on screen and as .xlsx / PDF, under /bao-cao/bieu-mau/."""

from django.urls import path

from . import tables

urlpatterns = [
    path("", tables.table_screen, name="tables"),
    path("tai-ve.xlsx", tables.table_xlsx_file, name="tables-xlsx"),
    path("tai-ve.pdf", tables.table_pdf_file, name="tables-pdf"),
]
