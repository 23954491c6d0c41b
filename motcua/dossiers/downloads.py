"""`/ket-qua/<token>/`: the signed result an applicant receives by e-mail or SMS on electronic delivery.

The token (results.download_token) is the only credential: it names one signed result, expires, and
breaks when the file is replaced, so the link can travel by SMS without an account.
"""

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from .models import DossierDocument
from .results import document_for_token


@require_GET
def result_download(request, token: str):
    try:
        doc = document_for_token(token)
    except DossierDocument.DoesNotExist:
        raise Http404 from None
    response = FileResponse(
        doc.file.open("rb"), as_attachment=True, filename=f"{doc.dossier.code}-ket-qua.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response
