"""Digital signatures on result documents and forms: a Signer plugin API, a local test CA, PAdES.

Production signs through a licensed Vietnamese CA (a USB token at the approver's desk, or a
remote-signing service such as a "SmartCA"): each is a `Signer` subclass registered under a name
and chosen with the setting `MOTCUA_SIGNER` (a registry name or a dotted path). The default,
`local_ca`, is a local certificate authority that issues a certificate for each officer on the
fly: good for the demo and the tests, never for real documents (its root is not trusted by
anyone but MotCua itself).

    signer = get_signer()
    signed = signer.sign_pdf(pdf, signatory=SignerIdentity(name="Lê Minh Đức", title="Chủ tịch",
                                                           organisation="UBND phường Hoàn Kiếm"),
                             reason="Phê duyệt kết quả giải quyết hồ sơ", location="Hà Nội")
    checks = verify_pdf_signatures(signed, trust_roots=[signer.trust_root()])

Signatures are PAdES baseline B-B (ETSI.CAdES.detached) made with pyHanko; no network is used:
certificates carry no CRL/OCSP URLs and validation never fetches.
"""

from __future__ import annotations

import abc
import datetime as dt
import hashlib
import io
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_SIGNER = "local_ca"


@dataclass(frozen=True)
class SignerIdentity:
    """The officer in whose name a document is signed."""

    name: str
    title: str = ""
    organisation: str = ""
    email: str = ""
    #: A stable identifier (staff id, personal ID number): two officers may share a name.
    uid: str = ""


@dataclass(frozen=True)
class SignatureCheck:
    """What a relying party needs to know about one signature in a PDF."""

    field_name: str
    signer_name: str
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature matches the signer's certificate
    trusted: bool  # the certificate chains up to one of the trust roots
    covers_whole_document: bool  # nothing was appended after signing
    signed_at: dt.datetime | None

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted


class SigningError(Exception):
    pass


class Signer(abc.ABC):
    """A way to put a PAdES signature on a PDF in an officer's name."""

    #: Registry name (the value of MOTCUA_SIGNER that selects this signer).
    name: str = ""

    @abc.abstractmethod
    def sign_pdf(
        self,
        pdf: bytes,
        *,
        signatory: SignerIdentity,
        reason: str = "",
        location: str = "",
        field_name: str | None = None,
    ) -> bytes:
        """Return the PDF with one more signature (an incremental update: earlier signatures stay valid)."""

    @abc.abstractmethod
    def trust_root(self) -> x509.Certificate:
        """The root certificate a verifier must trust for this signer's signatures."""


_REGISTRY: dict[str, type[Signer]] = {}


def register_signer(cls: type[Signer]) -> type[Signer]:
    if not cls.name:
        raise ValueError("a Signer needs a name to be registered")
    _REGISTRY[cls.name] = cls
    return cls


def registered_signers() -> dict[str, type[Signer]]:
    return dict(_REGISTRY)


_instances: dict[str, Signer] = {}
_instances_lock = threading.Lock()


def get_signer(name: str | None = None) -> Signer:
    """The configured signer (setting MOTCUA_SIGNER), created once per process."""
    name = name or getattr(settings, "MOTCUA_SIGNER", DEFAULT_SIGNER)
    with _instances_lock:
        if name not in _instances:
            cls = _REGISTRY.get(name) or (import_string(name) if "." in name else None)
            if cls is None:
                raise SigningError(f"unknown signer {name!r}; registered: {', '.join(sorted(_REGISTRY))}")
            _instances[name] = cls()
        return _instances[name]


def reset_signers() -> None:
    """Forget created signers (tests that change settings call this)."""
    with _instances_lock:
        _instances.clear()


# --- local certificate authority ---------------------------------------------------------------

_ROOT_CERT = "root-ca.pem"
_ROOT_KEY = "root-ca.key.pem"


def _new_key() -> rsa.RSAPrivateKey:
    # RSA 2048 is what Vietnamese public CAs issue to officers today; verifiers expect it.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _to_asn1_cert(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _to_asn1_key(key: rsa.RSAPrivateKey) -> asn1_keys.PrivateKeyInfo:
    der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return asn1_keys.PrivateKeyInfo.load(der)


class LocalCertificateAuthority:
    """A root CA (kept in memory, or in a directory) that issues officers' signing certificates."""

    def __init__(self, root_cert: x509.Certificate, root_key: rsa.RSAPrivateKey):
        self.root_cert = root_cert
        self.root_key = root_key
        self._issued: dict[SignerIdentity, tuple[x509.Certificate, rsa.RSAPrivateKey]] = {}
        self._lock = threading.Lock()

    @classmethod
    def create(
        cls, *, common_name: str = "MotCua Test Root CA", now: dt.datetime | None = None
    ) -> LocalCertificateAuthority:
        now = now or dt.datetime.now(dt.UTC)
        key = _new_key()
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "MotCua (chỉ dùng thử nghiệm)"),
                x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            ]
        )
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=False,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        return cls(cert, key)

    @classmethod
    def load_or_create(cls, directory: Path | str) -> LocalCertificateAuthority:
        """The CA stored in `directory`, created there on first use.

        Two processes starting together must end up with the same CA, so a new CA is written to
        a temporary directory and renamed into place atomically; the loser of the race discards
        its own and loads the winner's.
        """
        directory = Path(directory)
        if not (directory / _ROOT_CERT).exists():
            directory.parent.mkdir(parents=True, exist_ok=True)
            fresh = cls.create()
            tmp = Path(tempfile.mkdtemp(prefix=".ca-", dir=directory.parent))
            (tmp / _ROOT_CERT).write_bytes(fresh.root_cert.public_bytes(serialization.Encoding.PEM))
            key_path = tmp / _ROOT_KEY
            key_path.write_bytes(
                fresh.root_key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
            os.chmod(key_path, 0o600)
            try:
                os.rename(tmp, directory)
            except OSError:  # another process won, or the directory exists (maybe empty)
                for f in tmp.iterdir():
                    f.unlink()
                tmp.rmdir()
                if not (directory / _ROOT_CERT).exists():
                    raise SigningError(f"{directory} exists but holds no {_ROOT_CERT}") from None
        cert = x509.load_pem_x509_certificate((directory / _ROOT_CERT).read_bytes())
        key = serialization.load_pem_private_key((directory / _ROOT_KEY).read_bytes(), password=None)
        return cls(cert, key)

    def issue(
        self, identity: SignerIdentity, *, now: dt.datetime | None = None
    ) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
        """A signing certificate for the officer (one per identity for the CA's lifetime)."""
        with self._lock:
            if identity in self._issued:
                return self._issued[identity]
            now = now or dt.datetime.now(dt.UTC)
            key = _new_key()
            attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
            if identity.organisation:
                attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, identity.organisation))
            if identity.title:
                attrs.append(x509.NameAttribute(NameOID.TITLE, identity.title))
            if identity.uid:
                attrs.append(x509.NameAttribute(NameOID.USER_ID, identity.uid))
            attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, identity.name))
            builder = (
                x509.CertificateBuilder()
                .subject_name(x509.Name(attrs))
                .issuer_name(self.root_cert.subject)
                .public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(hours=1))
                .not_valid_after(now + dt.timedelta(days=730))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(
                    x509.KeyUsage(
                        digital_signature=True,
                        content_commitment=True,  # non-repudiation: the officer stands by the content
                        key_encipherment=False,
                        data_encipherment=False,
                        key_agreement=False,
                        key_cert_sign=False,
                        crl_sign=False,
                        encipher_only=False,
                        decipher_only=False,
                    ),
                    critical=True,
                )
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
                .add_extension(
                    x509.AuthorityKeyIdentifier.from_issuer_public_key(self.root_key.public_key()),
                    critical=False,
                )
            )
            if identity.email:
                builder = builder.add_extension(
                    x509.SubjectAlternativeName([x509.RFC822Name(identity.email)]), critical=False
                )
            cert = builder.sign(self.root_key, hashes.SHA256())
            self._issued[identity] = (cert, key)
            return cert, key


def _field_name_for(signatory: SignerIdentity) -> str:
    # One field per signature; the name must be unique in the document and ASCII-safe.
    digest = hashlib.sha1(f"{signatory.uid}|{signatory.name}".encode(), usedforsecurity=False).hexdigest()
    return f"Signature-{digest[:10]}"


def sign_with_certificate(
    pdf: bytes,
    *,
    certificate: x509.Certificate,
    private_key,
    chain: list[x509.Certificate],
    signer_name: str,
    reason: str = "",
    location: str = "",
    field_name: str,
) -> bytes:
    """A PAdES B-B signature with a key held in memory (the building block of software signers)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    signer = signers.SimpleSigner(
        signing_cert=_to_asn1_cert(certificate),
        signing_key=_to_asn1_key(private_key),
        cert_registry=SimpleCertificateStore.from_certs([_to_asn1_cert(c) for c in chain]),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        name=signer_name,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    out = signers.sign_pdf(writer, meta, signer=signer)
    return out.getvalue()


@register_signer
class LocalCASigner(Signer):
    """Signs with certificates from the local test CA (setting MOTCUA_SIGNING_CA_DIR, default
    MEDIA_ROOT/signing-ca; pass `ca=` to use an in-memory CA, as tests do)."""

    name = "local_ca"

    def __init__(self, ca: LocalCertificateAuthority | None = None):
        self._ca = ca

    @property
    def ca(self) -> LocalCertificateAuthority:
        if self._ca is None:
            directory = getattr(settings, "MOTCUA_SIGNING_CA_DIR", None) or (
                Path(settings.MEDIA_ROOT) / "signing-ca"
            )
            self._ca = LocalCertificateAuthority.load_or_create(directory)
        return self._ca

    def trust_root(self) -> x509.Certificate:
        return self.ca.root_cert

    def sign_pdf(self, pdf, *, signatory, reason="", location="", field_name=None):
        cert, key = self.ca.issue(signatory)
        return sign_with_certificate(
            pdf,
            certificate=cert,
            private_key=key,
            chain=[self.ca.root_cert],
            signer_name=signatory.name,
            reason=reason,
            location=location,
            field_name=field_name or _field_name_for(signatory),
        )


# --- verification ------------------------------------------------------------------------------


def verify_pdf_signatures(
    pdf: bytes | IO[bytes], *, trust_roots: list[x509.Certificate]
) -> list[SignatureCheck]:
    """Check every signature of a PDF (bytes, or a binary stream read in place: a large upload is
    not copied into memory) against the given roots, offline (no CRL/OCSP fetching)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(
        trust_roots=[_to_asn1_cert(c) for c in trust_roots],
        allow_fetching=False,
        revocation_mode="soft-fail",  # the test CA publishes no revocation data
    )
    reader = PdfFileReader(pdf if hasattr(pdf, "read") else io.BytesIO(pdf), strict=False)
    checks = []
    for embedded in reader.embedded_signatures:
        status = validate_pdf_signature(embedded, context)
        cert = status.signing_cert
        common_names = cert.subject.native.get("common_name") if cert is not None else None
        checks.append(
            SignatureCheck(
                field_name=embedded.field_name,
                signer_name=common_names if isinstance(common_names, str) else "",
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                covers_whole_document=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
                signed_at=status.signer_reported_dt,
            )
        )
    return checks
