"""The endpoint sector systems call back (dossiers.sector_callbacks): not a client API, so a plain
view outside the OpenAPI schema; the signature is its authentication."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from motcua.integrations.sector import signing

from .. import sector_callbacks


@csrf_exempt
@require_POST
def sector_callback(request: HttpRequest, system: str) -> JsonResponse:
    answer = sector_callbacks.handle(
        system=system,
        body=request.body,
        timestamp=request.headers.get(signing.TIMESTAMP_HEADER, ""),
        signature=request.headers.get(signing.SIGNATURE_HEADER, ""),
    )
    return JsonResponse({"result": answer.outcome, "message": answer.message}, status=answer.status)
