"""The restore drill (issue 8): back up, destroy the database and the files, restore, and find every
dossier row and every file's checksum as they were.

It runs on the suite's database: on SQLite it drills the SQLite copy, on PostgreSQL pg_dump and
pg_restore. `make restore-drill` (part of .ci/run) runs it alone with MOTCUA_RESTORE_DRILL_POSTGRES=1,
which makes it fail (not skip) on anything but PostgreSQL."""

import json
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from motcua.catalog.tests.factories import published_version
from motcua.core import backup
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierPaper
from motcua.dossiers.tests.conftest import MONDAY_9, applicant, make_intake
from motcua.org.tests.factories import CommuneFactory, ServiceDeskFactory, StaffFactory


@pytest.fixture
def media(settings, tmp_path):
    """A storage of this test's own (the suite's media folder is shared by parallel workers)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def dossiers(transactional_db, media):
    commune = CommuneFactory(code="000.00.61.H26", name="Ủy ban nhân dân Phường Diễn Tập")
    ServiceDeskFactory(host_agency=commune, name="Bộ phận Một cửa Phường Diễn Tập")
    version = published_version(
        time_amount=3,
        time_unit="working_day",
        implementing_agencies=[commune],
        requirements=[{"name": "Tờ khai", "kind": "original", "quantity": 1}],
    )
    desk = StaffFactory(agency=commune, roles=["desk_officer"])
    made = []
    for i in range(4):
        intake = make_intake(version, commune, applicant=applicant(id_number=f"00118501234{i}"))
        made.append(services.receive_at_desk(officer=desk, intake=intake, now=MONDAY_9))
    # A scanned paper on each, with Vietnamese in its name and bytes that differ.
    for i, paper in enumerate(DossierPaper.objects.filter(dossier__in=made).order_by("pk")):
        paper.file.save(f"bản-quét-{i}.pdf", ContentFile(b"%PDF-1.7\n" + bytes([i]) * 5000), save=True)
    return made


def test_backup_destroy_restore_gives_back_every_dossier_and_file(dossiers, tmp_path, capsys):
    if os.environ.get("MOTCUA_RESTORE_DRILL_POSTGRES"):
        assert connection.vendor == "postgresql", "the restore drill must run on PostgreSQL (DATABASE_URL)"
    before_rows = backup.table_digests()
    before_files = backup.files_checksums()
    before_codes = sorted(Dossier.objects.values_list("code", flat=True))
    assert len(before_codes) == 4 and len(before_files) >= 4

    call_command("backup", to=tmp_path / "bk")
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    assert manifest["files"] == before_files
    assert manifest["tables"]["dossiers_dossier"]["rows"] == 4

    # Disaster: every table and every file gone.
    backup.destroy_database()
    assert backup.delete_files() == len(before_files)
    assert "dossiers_dossier" not in connection.introspection.table_names()
    assert backup.files_checksums() == {}

    call_command("restore", source=tmp_path / "bk", noinput=True)
    assert "mọi tệp và mọi bảng khớp" in capsys.readouterr().out
    assert backup.table_digests() == before_rows
    assert backup.files_checksums() == before_files
    assert sorted(Dossier.objects.values_list("code", flat=True)) == before_codes
    for paper in DossierPaper.objects.exclude(file=""):
        assert default_storage.exists(paper.file.name)


@pytest.fixture
def one_file(db, media):
    default_storage.save("dossiers/2026/12/tờ-khai.pdf", ContentFile(b"%PDF-1.7\n" + b"x" * 3000))


def test_a_damaged_backup_is_refused_before_anything_is_touched(one_file, tmp_path):
    call_command("backup", to=tmp_path / "bk")
    archive = tmp_path / "bk" / "files.tar"
    data = archive.read_bytes()
    archive.write_bytes(data[:600] + bytes([data[600] ^ 1]) + data[601:])  # one bit flipped
    with pytest.raises(CommandError, match="tổng kiểm tra"):
        call_command("restore", source=tmp_path / "bk", noinput=True)
    assert backup.files_checksums()  # untouched


def test_what_differs_from_the_manifest_is_reported(one_file, tmp_path):
    backup.backup(tmp_path / "bk")
    manifest = backup.read_manifest(tmp_path / "bk")
    assert backup.verify(manifest) == []
    name = next(iter(manifest["files"]))
    manifest["files"][name] = "0" * 64
    manifest["tables"]["dossiers_dossier"]["rows"] += 1
    problems = backup.verify(manifest)
    assert any(name in p for p in problems)
    assert any("dossiers_dossier" in p for p in problems)


def test_backup_wants_an_empty_directory(one_file, tmp_path):
    (tmp_path / "bk").mkdir()
    (tmp_path / "bk" / "old").write_text("x")
    with pytest.raises(CommandError, match="trống"):
        call_command("backup", to=tmp_path / "bk")
