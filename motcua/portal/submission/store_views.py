"""The citizen's electronic store (kho dữ liệu điện tử): the list, and downloads after the access
rule (`store.document_of`: the account's own documents only)."""

from __future__ import annotations

import os

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from motcua.core.files import serve
from motcua.dossiers import store


@login_required
@require_GET
def store_list(request):
    person = store.person_of(request.user)
    return render(
        request, "portal/store/list.html", {"documents": store.documents_of(person), "person": person}
    )


@login_required
@require_GET
def store_download(request, pk):
    doc = store.document_of(request.user, pk)
    if doc is None:
        raise Http404
    ext = os.path.splitext(doc.file.name)[1].lower() or ".pdf"
    return serve(doc.file, filename=f"kho-du-lieu-{doc.pk}{ext}")
