"""Every file of a dossier (papers, forms, step files, results) is served from here, after the one
access rule: `visible(user)`, i.e. `access.visible_dossiers`. Bytes go out through `core.files.serve` (Django, nginx X-Accel-Redirect or X-Sendfile).

`/ket-qua/<token>/`: the signed result an applicant receives by e-mail or SMS on electronic delivery.
The token (results.download_token) is the only credential: it names one signed result, expires, and
breaks when the file is replaced, so the link can travel by SMS without an account.
"""

from __future__ import annotations

import os

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from motcua.core.files import serve

from . import access
from .models import Dossier, DossierDocument, DossierPaper
from .results import document_for_token


def visible(user: User | AnonymousUser | None) -> QuerySet[Dossier]:
    """The dossiers whose files `user` may have: the one access rule."""
    return access.visible_dossiers(user)


def download_name(row: DossierPaper | DossierDocument) -> str:
    """The name a download carries (the storage name is random and says nothing)."""
    ext = os.path.splitext(row.file.name)[1].lower() or ".pdf"
    if isinstance(row, DossierDocument):
        return f"{row.dossier.code}-{row.kind.replace('_', '-')}-{row.pk}{ext}"
    return f"{row.dossier.code}-giay-to-{row.pk}{ext}"


def file_of(
    user: User | AnonymousUser | None,
    model: type[DossierPaper] | type[DossierDocument],
    *,
    code: str,
    pk: int | str,
) -> DossierPaper | DossierDocument | None:
    """The paper or document `pk` of dossier `code`, if `user` may see that dossier and it has a file."""
    row = (
        model.objects.filter(pk=pk, dossier__code=code, dossier__in=visible(user))
        .select_related("dossier")
        .first()
    )
    return row if row is not None and row.file else None


def file_response(row: DossierPaper | DossierDocument, *, inline: bool = False) -> HttpResponse:
    return serve(row.file, filename=download_name(row), inline=inline)


@require_GET
def result_download(request: HttpRequest, token: str) -> HttpResponse:
    try:
        doc = document_for_token(token)
    except DossierDocument.DoesNotExist:
        raise Http404 from None
    return serve(doc.file, filename=f"{doc.dossier.code}-ket-qua.pdf")
