"""A subscriber to MotCua's events, in the demo and the tests (/mo-phong/nhan-thong-bao/): inboxes
with the secret MotCua gave, a callback that checks every notification with the reference verifier
(`webhooks.verify`), a page of what arrived (accepted, rejected and why) and a switch to answer 500.
"""
