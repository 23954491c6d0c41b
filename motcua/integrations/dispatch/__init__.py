"""Reliable delivery of records to other systems (issue 13): the national portal's sync records,
a sector system's dossiers, the subscribers' signed notifications.

One table (`Delivery`), one worker (`services`), one plugin shape (`transports.Transport`, chosen per
partner by `MOTCUA_DISPATCH_TRANSPORTS`). A delivery is written in the business transaction that
causes it (nothing leaves if that rolls back), sent after commit, in order per stream (a dossier's
records never overtake each other), retried with exponential backoff, parked as dead after
`MOTCUA_DISPATCH_MAX_ATTEMPTS` tries or a refusal, and replayed by an operator. Delivery is at least
once: a worker that crashes between sending and recording leaves a claim that expires, the record
is sent again with the same idempotency key, and the partner (and our acknowledgement) drop the
duplicate. The notification outbox (`integrations.services`) is the same idea for texts to people.
"""
