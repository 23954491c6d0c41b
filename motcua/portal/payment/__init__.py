"""The portal's payment and post pages: "Thanh toán" for a dossier's due fee, the return from the
gateway, the receipt, and the two machine endpoints (the gateway's IPN, the post's callbacks)."""
