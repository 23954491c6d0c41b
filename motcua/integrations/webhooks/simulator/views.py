"""The subscriber simulator's callback (checked with the reference verifier, as a subscriber would)
and its page (the inboxes, what they received, the 500 switch)."""

from __future__ import annotations

import json

from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .. import verify
from .models import ReceivedNotification, SimulatedInbox

FAIL_SWITCH = "fail_switch"


class _AcceptedBefore:
    """The verifier's store of seen ids: the ids this inbox has already taken."""

    def __init__(self, inbox: SimulatedInbox):
        self.inbox = inbox

    def add(self, delivery_id: str, now: float) -> bool:
        return not self.inbox.received.filter(delivery_id=delivery_id, accepted=True).exists()


def _record(inbox, request, *, accepted: bool, reason: str, answered: int, notification: dict | None):
    notification = notification or {}
    data = notification.get("data") if isinstance(notification.get("data"), dict) else {}
    ReceivedNotification.objects.create(
        inbox=inbox,
        delivery_id=str(request.headers.get(verify.DELIVERY_HEADER, ""))[:100],
        accepted=accepted,
        reason=reason,
        answered=answered,
        channel=str(notification.get("channel", ""))[:60],
        action=str(notification.get("action", ""))[:60],
        resource_key=str(data.get("code", ""))[:120],
        body=request.body.decode("utf-8", "replace")[:20000],
    )


@csrf_exempt
@require_POST
def callback(request, slug: str):
    inbox = get_object_or_404(SimulatedInbox, slug=slug)
    if inbox.fail:
        _record(inbox, request, accepted=False, reason=FAIL_SWITCH, answered=500, notification=None)
        return JsonResponse({"status": "error", "reason": FAIL_SWITCH}, status=500)
    try:
        notification = verify.verify(inbox.secret, request.body, request.headers, seen=_AcceptedBefore(inbox))
    except verify.VerificationError as error:
        try:
            parsed = json.loads(request.body)
        except ValueError:
            parsed = None
        parsed = parsed if isinstance(parsed, dict) else None
        # A duplicate is acknowledged again (MotCua resends what it could not record as taken)
        # but not taken twice; anything else is refused.
        answered = 200 if error.reason == verify.REPLAYED else 401
        _record(inbox, request, accepted=False, reason=error.reason, answered=answered, notification=parsed)
        return JsonResponse(
            {"status": "rejected", "reason": error.reason, "detail": str(error)}, status=answered
        )
    _record(inbox, request, accepted=True, reason="", answered=200, notification=notification)
    return JsonResponse({"status": "accepted", "id": notification["id"]})


@require_http_methods(["GET", "POST"])
def inboxes(request):
    if request.method == "POST":
        if request.POST.get("action") == "create":
            slug = slugify(request.POST.get("slug", ""))[:40]
            secret = request.POST.get("secret", "").strip()
            if not slug or not secret or len(secret) > 128:
                return HttpResponseBadRequest()
            SimulatedInbox.objects.update_or_create(slug=slug, defaults={"secret": secret})
        elif request.POST.get("action") == "toggle":
            inbox = get_object_or_404(SimulatedInbox, slug=request.POST.get("slug", "")[:40])
            inbox.fail = not inbox.fail
            inbox.save(update_fields=["fail"])
        else:
            return HttpResponseBadRequest()
        return redirect("webhook-simulator")
    return render(
        request,
        "integrations/webhooks/inboxes.html",
        {
            "inboxes": SimulatedInbox.objects.all(),
            "received": ReceivedNotification.objects.select_related("inbox")[:100],
            "base": request.build_absolute_uri("/mo-phong/nhan-thong-bao/"),
        },
    )
