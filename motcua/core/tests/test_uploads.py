"""The one upload check (issue 8, defect 7; issue 9: one rule instead of three)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core import uploads
from motcua.core.uploads import check_upload

from .clamd import EICAR, SIGNATURE, clamd_socket  # noqa: F401
from .files import JPEG, PDF, PNG, image_bytes, pdf_bytes, zeros_bomb


def _code(excinfo) -> str:
    return excinfo.value.code


@pytest.mark.parametrize(
    ("content", "kind", "ext"), [(PDF, "pdf", "pdf"), (PNG, "png", "png"), (JPEG, "jpeg", "jpg")]
)
def test_a_real_file_passes_with_its_type_from_the_content(content, kind, ext):
    checked = check_upload(SimpleUploadedFile("../../Bản quét 1.exe", content))
    assert (checked.kind, checked.size) == (kind, len(content))
    assert checked.name == f"B-n-qu-t-1.{ext}"
    assert checked.file.read() == content


def test_bytes_and_pairs_are_accepted_too():
    assert check_upload(("a.pdf", PDF)).kind == "pdf"
    assert check_upload(PNG).kind == "png"


def test_a_pdf_prefixed_executable_is_refused():
    fake = b"%PDF-1.7\n" + b"\x7fELF\x02\x01\x01" + bytes(4096)
    with pytest.raises(ValidationError) as excinfo:
        check_upload(("giay-to.pdf", fake))
    assert _code(excinfo) == "file_damaged"


def test_a_header_and_trailer_without_structure_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        check_upload(("x.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"))
    assert _code(excinfo) == "file_damaged"


def test_a_pdf_of_one_gib_of_compressed_zeros_is_refused_without_inflating_it_all(settings, monkeypatch):
    settings.MOTCUA_UPLOAD_MAX_INFLATED_BYTES = 64 * 1024 * 1024
    bomb = pdf_bytes(streams=[zeros_bomb(1024**3)])
    assert len(bomb) < 2 * 1024 * 1024
    inflated = []
    real = uploads.inflated_size
    monkeypatch.setattr(uploads, "inflated_size", lambda c, b: inflated.append(real(c, b)) or inflated[-1])
    with pytest.raises(ValidationError) as excinfo:
        check_upload(("bomb.pdf", bomb))
    assert _code(excinfo) == "file_bomb"
    # Counted up to the budget and one step past it, never the whole gibibyte.
    assert 64 * 1024 * 1024 < inflated[0] <= 64 * 1024 * 1024 + 1


def test_a_pdf_with_modest_compressed_streams_passes():
    import zlib

    assert check_upload(("ok.pdf", pdf_bytes(streams=[zlib.compress(b"x" * 100_000)]))).kind == "pdf"


def test_an_image_bomb_is_refused_from_its_declared_size(settings):
    settings.MOTCUA_UPLOAD_MAX_PIXELS = 10_000
    with pytest.raises(ValidationError) as excinfo:
        check_upload(("big.png", image_bytes("PNG", (200, 200))))
    assert _code(excinfo) == "file_bomb"


def test_a_truncated_image_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        check_upload(("x.jpg", JPEG[: len(JPEG) // 2]))
    assert _code(excinfo) == "file_damaged"


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"", "file_empty"), (b"MZ\x90\x00 an executable", "file_type"), (b"GIF89a....", "file_type")],
)
def test_what_is_not_a_pdf_jpeg_png_is_refused(content, code):
    with pytest.raises(ValidationError) as excinfo:
        check_upload(("x.pdf", content))
    assert _code(excinfo) == code


def test_the_size_limit_is_one_setting(settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = len(PDF) - 1
    with pytest.raises(ValidationError) as excinfo:
        check_upload(SimpleUploadedFile("x.pdf", PDF))
    assert _code(excinfo) == "file_too_large"


def test_a_caller_can_take_only_pdfs():
    with pytest.raises(ValidationError) as excinfo:
        check_upload(("ket-qua.png", PNG), kinds={"pdf"})
    assert _code(excinfo) == "file_kind"


def test_storage_names_are_unguessable():
    names = {uploads.storage_name("dossiers/papers", "HS-001-mau_01-5.pdf") for _ in range(100)}
    assert len(names) == 100
    assert all(n.endswith(".pdf") and "HS-001" not in n for n in names)


# Antivirus -----------------------------------------------------------------------------------


def test_clamd_finds_the_eicar_string_in_a_pdf(settings, clamd_socket):  # noqa: F811
    settings.MOTCUA_CLAMD_SOCKET = clamd_socket
    infected = pdf_bytes(text=EICAR.decode().replace("(", "").replace(")", ""), streams=[])
    infected = infected.replace(b"%%EOF\n", b"%%EOF\n% " + EICAR + b"\n")
    with pytest.raises(ValidationError) as excinfo:
        check_upload(("nhiem.pdf", infected))
    assert _code(excinfo) == "file_infected"
    assert SIGNATURE in str(excinfo.value)


def test_clamd_passes_a_clean_file(settings, clamd_socket):  # noqa: F811
    settings.MOTCUA_CLAMD_SOCKET = clamd_socket
    assert uploads.clamd_instream(PDF) is None
    assert uploads.clamd_instream(EICAR).startswith(SIGNATURE)
    assert check_upload(("sach.pdf", PDF)).kind == "pdf"


def test_an_unreachable_antivirus_refuses_rather_than_stores_unscanned(settings, tmp_path):
    settings.MOTCUA_CLAMD_SOCKET = str(tmp_path / "none.sock")
    with pytest.raises(ValidationError) as excinfo:
        check_upload(("x.pdf", PDF))
    assert _code(excinfo) == "antivirus_unavailable"


def test_no_antivirus_configured_means_no_scan(settings):
    settings.MOTCUA_CLAMD_SOCKET = ""
    settings.MOTCUA_CLAMD_HOST = ""
    assert check_upload(("x.pdf", PDF + b"% " + EICAR)).kind == "pdf"


def test_a_checked_file_is_not_parsed_again(monkeypatch):
    checked = check_upload(("a.pdf", PDF))
    monkeypatch.setattr(uploads, "_check_pdf", lambda *a: pytest.fail("parsed twice"))
    assert check_upload(checked.file) is checked
    with pytest.raises(ValidationError) as excinfo:
        check_upload(checked.file, kinds={"png"})
    assert _code(excinfo) == "file_kind"
    # The same bytes in another object are checked in full.
    with pytest.raises(pytest.fail.Exception):
        check_upload(("b.pdf", PDF))


def _spooled(content: bytes, name: str = "big.pdf"):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    upload = TemporaryUploadedFile(name, "application/pdf", len(content), None)
    upload.write(content)
    upload.seek(0)
    return upload


def test_a_spooled_upload_is_checked_in_place_not_copied_into_memory():
    """Above FILE_UPLOAD_MAX_MEMORY_SIZE Django spools an upload to disk: the check maps that file
    and hands the file itself on (no in-memory copy), with the same verdict, size and digest."""
    import hashlib

    from django.core.files.base import ContentFile

    from motcua.core.tests.files import PDF
    from motcua.core.uploads import check_upload

    upload = _spooled(PDF)
    checked = check_upload(upload)
    assert not isinstance(checked.file, ContentFile)
    assert (checked.kind, checked.size, checked.sha256) == ("pdf", len(PDF), hashlib.sha256(PDF).hexdigest())
    assert checked.file.read() == PDF


def test_a_spooled_disguised_or_damaged_file_is_refused_as_in_memory():
    import pytest
    from django.core.exceptions import ValidationError

    from motcua.core.uploads import check_upload

    for content, code in (
        (b"MZ\x90\x00" + b"\x00" * 64, "file_type"),
        (b"%PDF-1.7\n" + b"\x00" * 4096, "file_damaged"),
    ):
        with pytest.raises(ValidationError) as caught:
            check_upload(_spooled(content))
        assert caught.value.code == code
