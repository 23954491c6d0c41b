"""Events for subscribers (issue 13): other systems subscribe to channels with a callback URL and
receive signed notifications, at least once, in order per resource (a dossier), retried, logged.

In the shape of Open Zaak's notifications API (Open Notificaties): a subscription (abonnement)
lists channels (kanalen) with filters on the notification's attributes (kenmerken); a notification
names its channel, main object, resource, action and time. See docs/events.md.

- `channels`: the channel names and the attributes each may be filtered on
- `models`: Subscription (and the delivery log, a view of integrations.dispatch's Delivery)
- `services`: create, change, delete a subscription; `publish` an event to its subscribers
- `transport`: the dispatch transport that signs and POSTs a notification (`urlguard`: SSRF guard)
- `verify`: the reference verifier for subscribers (standard library only; also MotCua's signer)
- `simulator`: a subscriber at /mo-phong/nhan-thong-bao/ (demo and tests)

A base module: it imports no domain app; the dossiers (and later the feedback) call `publish`.
"""
