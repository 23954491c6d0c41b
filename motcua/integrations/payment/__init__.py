"""Online payment plugins (issue 11): a gateway interface and its registry (`base`), the VNPay-style
gateway (`vnpay`: sorted parameters, HMAC-SHA512 secure hash, return URL and IPN) and, for the demo
and the tests, a simulator of that gateway at /mo-phong/thanh-toan/ (`simulator`).

This package knows nothing of dossiers (the base layer): the payment domain (one intent per fee
request, the IPN's checks, the receipt, the reconciliation) is `motcua.dossiers.payments`."""
