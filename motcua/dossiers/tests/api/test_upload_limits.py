"""JSON (base64) and multipart share one limit and one check (issue 8, defect 7): a file just under
20 MB is received both ways; disguised and inflating files are refused both ways, with codes."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core.tests.files import pdf_bytes, zeros_bomb
from motcua.dossiers.models import DossierPaper

from .conftest import b64, client_for, payload, post_json

URL = "/api/v1/dossiers/"


@pytest.fixture(scope="module")
def big_pdf():
    from django.conf import settings

    filler = bytes(range(256)) * 4096  # not zlib data: stored as it is, 1 MiB
    size = settings.MOTCUA_UPLOAD_MAX_BYTES - 64 * 1024
    content = pdf_bytes(streams=[(filler * (size // len(filler) + 1))[:size]])
    assert settings.MOTCUA_UPLOAD_MAX_BYTES - 128 * 1024 < len(content) <= settings.MOTCUA_UPLOAD_MAX_BYTES
    return content


def _post(desk, version, tokhai, content, *, how):
    if how == "json":
        papers = [
            {"requirement": tokhai.pk, "kind": "original", "file_name": "a.pdf", "file_base64": b64(content)}
        ]
        return post_json(client_for(desk.user), URL, payload(version, tokhai, papers=papers))
    papers = [{"requirement": tokhai.pk, "kind": "original", "upload": "scan1"}]
    return client_for(desk.user).post(
        URL,
        {
            "data": json.dumps(payload(version, tokhai, papers=papers)),
            "scan1": SimpleUploadedFile("a.pdf", content, "application/pdf"),
        },
        format="multipart",
    )


@pytest.mark.parametrize("how", ["json", "multipart"])
def test_a_file_of_almost_20_mb_is_received_both_ways(version, tokhai, desk, big_pdf, how):
    response = _post(desk, version, tokhai, big_pdf, how=how)
    assert response.status_code == 201, response.content[:500]
    paper = DossierPaper.objects.get(dossier__code=response.json()["code"], requirement=tokhai)
    assert paper.file.size == len(big_pdf)


@pytest.mark.parametrize("how", ["json", "multipart"])
@pytest.mark.parametrize(
    "make",
    [
        lambda: b"%PDF-1.7\n\x7fELF\x02\x01\x01" + bytes(4096),
        lambda: pdf_bytes(streams=[zeros_bomb(64 * 1024 * 1024)]),
    ],
    ids=["pdf-prefixed-executable", "inflating"],
)
def test_disguised_and_inflating_files_are_refused_both_ways(version, tokhai, desk, settings, make, how):
    settings.MOTCUA_UPLOAD_MAX_INFLATED_BYTES = 16 * 1024 * 1024
    content = make()
    response = _post(desk, version, tokhai, content, how=how)
    assert response.status_code == 400
    body = response.json()
    assert body["errors"]["papers"]["0"]["file"], body
    # the upload check's stable code reaches the client beside the message
    assert body["error_codes"]["papers"]["0"]["file"][0] in {"file_damaged", "file_bomb"}
    assert not DossierPaper.objects.exists()
