"""Sign rendered forms with the local test CA and validate them as a relying party would (offline)."""

import pytest
from django.test import override_settings

from motcua.documents import samples
from motcua.documents.rendering import render_form
from motcua.documents.signing import (
    LocalCASigner,
    LocalCertificateAuthority,
    Signer,
    SignerIdentity,
    SigningError,
    get_signer,
    registered_signers,
    reset_signers,
    verify_pdf_signatures,
)

APPROVER = SignerIdentity(
    name="Lê Minh Đức", title="Chủ tịch", organisation="UBND phường Hoàn Kiếm", uid="staff-17"
)
DESK = SignerIdentity(name="Trần Văn Bình", title="Công chức Một cửa", uid="staff-3")


@pytest.fixture(scope="module")
def ca():
    return LocalCertificateAuthority.create()


@pytest.fixture(scope="module")
def pdf():
    return render_form("mau_04", samples.apology())


def test_signed_pdf_validates_against_the_ca_with_the_signer_name(ca, pdf):
    signed = LocalCASigner(ca=ca).sign_pdf(pdf, signatory=APPROVER, reason="Phê duyệt", location="Hà Nội")
    [check] = verify_pdf_signatures(signed, trust_roots=[ca.root_cert])
    assert check.intact and check.valid and check.trusted and check.ok
    assert check.covers_whole_document
    assert check.signer_name == "Lê Minh Đức"
    assert check.signed_at is not None


def test_signature_is_pades(ca, pdf):
    signed = LocalCASigner(ca=ca).sign_pdf(pdf, signatory=APPROVER)
    assert b"/ETSI.CAdES.detached" in signed


def test_another_ca_is_not_trusted(ca, pdf):
    signed = LocalCASigner(ca=ca).sign_pdf(pdf, signatory=APPROVER)
    stranger = LocalCertificateAuthority.create(common_name="Other CA")
    [check] = verify_pdf_signatures(signed, trust_roots=[stranger.root_cert])
    assert check.intact and not check.trusted and not check.ok


def test_tampering_after_signing_is_detected(ca, pdf):
    signed = LocalCASigner(ca=ca).sign_pdf(pdf, signatory=APPROVER)
    # Flip one byte inside the first content stream: covered by the signature, harmless to parsing.
    index = signed.index(b"stream") + 20
    tampered = signed[:index] + bytes([signed[index] ^ 0x01]) + signed[index + 1 :]
    checks = verify_pdf_signatures(tampered, trust_roots=[ca.root_cert])
    assert checks and not checks[0].intact


def test_two_officers_can_sign_one_after_the_other(ca, pdf):
    signer = LocalCASigner(ca=ca)
    once = signer.sign_pdf(pdf, signatory=DESK, reason="Tiếp nhận")
    twice = signer.sign_pdf(once, signatory=APPROVER, reason="Phê duyệt")
    checks = verify_pdf_signatures(twice, trust_roots=[ca.root_cert])
    assert [c.signer_name for c in checks] == ["Trần Văn Bình", "Lê Minh Đức"]
    assert all(c.intact and c.valid and c.trusted for c in checks)
    assert not checks[0].covers_whole_document  # the second signature was appended after it
    assert checks[1].covers_whole_document


def test_ca_is_created_once_in_its_directory_and_reused(tmp_path, pdf):
    directory = tmp_path / "ca"
    first = LocalCertificateAuthority.load_or_create(directory)
    second = LocalCertificateAuthority.load_or_create(directory)
    assert first.root_cert == second.root_cert
    assert (directory / "root-ca.key.pem").stat().st_mode & 0o077 == 0  # the key is private
    signed = LocalCASigner(ca=first).sign_pdf(pdf, signatory=APPROVER)
    assert verify_pdf_signatures(signed, trust_roots=[second.root_cert])[0].ok


def test_default_signer_comes_from_settings(tmp_path):
    reset_signers()
    try:
        with override_settings(MOTCUA_SIGNING_CA_DIR=str(tmp_path / "ca")):
            signer = get_signer()
            assert isinstance(signer, LocalCASigner)
            assert signer.trust_root() is not None
            assert (tmp_path / "ca" / "root-ca.pem").exists()
        with override_settings(MOTCUA_SIGNER="no_such_signer"), pytest.raises(SigningError):
            get_signer()
    finally:
        reset_signers()


class FakeSigner(Signer):
    name = "fake"

    def sign_pdf(self, pdf, *, signatory, reason="", location="", field_name=None):
        return pdf + b"%signed"

    def trust_root(self):
        raise NotImplementedError


def test_a_signer_can_be_chosen_by_dotted_path():
    reset_signers()
    try:
        with override_settings(MOTCUA_SIGNER=f"{__name__}.FakeSigner"):
            assert isinstance(get_signer(), FakeSigner)
    finally:
        reset_signers()
    assert "local_ca" in registered_signers()
