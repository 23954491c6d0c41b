"""Backup and restore of an installation: the database and every stored file, with a manifest.

A backup directory holds:

- `database.dump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3` (SQLite: the online
  backup API, a consistent copy while the demo runs);
- `files.tar`: every file of the default storage (local folder or object storage alike, read through
  the storage API), under its storage name;
- `manifest.json`: the sha256 of the two archives and of every file, and per table of MotCua's apps
  its row count and a digest of its rows — what `restore` checks after restoring.

`restore` checks the archives against the manifest before touching anything, replaces the database and
the files, then checks every file's sha256 and every table's digest again: a restore that does not give
back what was saved fails loudly."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import connections, transaction

MANIFEST = "manifest.json"
FILES = "files.tar"
CHUNK = 1 << 20


class BackupError(Exception):
    pass


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- Files through the storage API ---------------------------------------------------------------------


def stored_files(storage: Storage = default_storage, root: str = "") -> list[str]:
    """Every file name under `root`, sorted; an absent local media folder holds none."""
    try:
        folders, files = storage.listdir(root)
    except FileNotFoundError:
        return []
    names = [f"{root}{name}" for name in files]
    for folder in folders:
        names += stored_files(storage, f"{root}{folder}/")
    return sorted(names)


def _sha256_stored(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def files_checksums(storage: Storage = default_storage) -> dict[str, str]:
    return {name: _sha256_stored(storage, name) for name in stored_files(storage)}


def delete_files(storage: Storage = default_storage) -> int:
    names = stored_files(storage)
    for name in names:
        storage.delete(name)
    return len(names)


# --- What the rows say ---------------------------------------------------------------------------------


def _own_models():
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("motcua.") and not m._meta.proxy and m._meta.managed
    ]


def table_digests(using: str = "default") -> dict[str, dict]:
    """Per table of MotCua's apps: its row count and the sha256 of its rows (every column, by pk)."""
    out = {}
    for model in sorted(_own_models(), key=lambda m: m._meta.db_table):
        columns = [f.attname for f in model._meta.concrete_fields]
        digest, count = hashlib.sha256(), 0
        for row in model._base_manager.using(using).order_by("pk").values_list(*columns).iterator(2000):
            digest.update(repr(row).encode())
            count += 1
        out[model._meta.db_table] = {"rows": count, "sha256": digest.hexdigest()}
    return out


# --- The database --------------------------------------------------------------------------------------


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    env.update(
        PGHOST=str(db.get("HOST") or "127.0.0.1"),
        PGPORT=str(db.get("PORT") or 5432),
        PGUSER=str(db.get("USER") or ""),
        PGDATABASE=str(db["NAME"]),
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _run(cmd: list[str], env: dict) -> None:
    if shutil.which(cmd[0]) is None:
        raise BackupError(f"{cmd[0]} không có trên máy này (gói Debian postgresql-client).")
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{' '.join(cmd)}: {result.stderr.strip()}")


def dump_database(directory: Path, using: str = "default", snapshot: str | None = None) -> str:
    connection = connections[using]
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        target = directory / "database.dump"
        cmd = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"]
        if snapshot:
            cmd.append(f"--snapshot={snapshot}")
        _run(cmd, _pg_env(db))
    elif connection.vendor == "sqlite":
        target = directory / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")
    return target.name


def restore_database(directory: Path, name: str, using: str = "default") -> None:
    connection = connections[using]
    db = connection.settings_dict
    source = directory / name
    connection.close()
    if connection.vendor == "postgresql":
        # Replaces what is there (an emptied or freshly created database alike), in one transaction.
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={db['NAME']}",
                str(source),
            ],
            _pg_env(db),
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source) as saved:
            saved.backup(connection.connection)
        saved.close()
    else:
        raise BackupError(f"Không hỗ trợ phục hồi cơ sở dữ liệu {connection.vendor}.")
    connection.close()


def destroy_database(using: str = "default") -> None:
    """What the restore drill does to the live database before restoring: every table gone."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            tables = connection.introspection.table_names(cursor)
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in tables:
                cursor.execute(f'DROP TABLE IF EXISTS "{table}"')
            cursor.execute("PRAGMA foreign_keys = ON")


# --- Backup and restore --------------------------------------------------------------------------------


@dataclass
class Summary:
    directory: Path
    files: int
    tables: int
    rows: int


def backup(directory: Path, *, using: str = "default", storage: Storage = default_storage) -> Summary:
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"Thư mục {directory} đã có dữ liệu: chọn một thư mục trống.")
    directory.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # The manifest's digests and pg_dump read one snapshot: writes going on meanwhile are in neither.
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = table_digests(using)
            database = dump_database(directory, using, snapshot=snapshot)
    else:
        tables = table_digests(using)
        database = dump_database(directory, using)
    checksums = {}
    with tarfile.open(directory / FILES, "w") as tar:
        for name in stored_files(storage):
            with storage.open(name, "rb") as f:
                data = f.read()
            checksums[name] = hashlib.sha256(data).hexdigest()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 0
            tar.addfile(info, io.BytesIO(data))
    manifest = {
        "format": 1,
        "created_at": datetime.now(UTC).isoformat(),
        "vendor": connections[using].vendor,
        "database": {"file": database, "sha256": sha256_file(directory / database)},
        "files_archive": {"file": FILES, "sha256": sha256_file(directory / FILES)},
        "files": checksums,
        "tables": tables,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    return Summary(directory, len(checksums), len(tables), sum(t["rows"] for t in tables.values()))


def read_manifest(directory: Path) -> dict:
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise BackupError(f"Không có {MANIFEST} trong {directory}.") from e
    for part in ("database", "files_archive"):
        path = directory / manifest[part]["file"]
        if not path.exists() or sha256_file(path) != manifest[part]["sha256"]:
            raise BackupError(f"{path.name}: tổng kiểm tra không khớp với {MANIFEST} (bản sao lưu hỏng).")
    return manifest


def verify(manifest: dict, *, using: str = "default", storage: Storage = default_storage) -> list[str]:
    """What differs between the installation and the manifest (empty: identical)."""
    problems = []
    files = files_checksums(storage)
    for name, sha in manifest["files"].items():
        if name not in files:
            problems.append(f"thiếu tệp {name}")
        elif files[name] != sha:
            problems.append(f"tệp {name} khác bản sao lưu")
    problems += [
        f"tệp {name} không có trong bản sao lưu" for name in sorted(set(files) - set(manifest["files"]))
    ]
    tables = table_digests(using)
    for table, saved in manifest["tables"].items():
        now = tables.get(table)
        if now != saved:
            problems.append(
                f"bảng {table}: {saved['rows']} dòng đã lưu, {now['rows'] if now else 0} sau phục hồi"
            )
    return problems


def restore(directory: Path, *, using: str = "default", storage: Storage = default_storage) -> Summary:
    directory = Path(directory)
    manifest = read_manifest(directory)
    if manifest["vendor"] != connections[using].vendor:
        raise BackupError(
            f"Bản sao lưu của {manifest['vendor']}, cơ sở dữ liệu hiện tại là {connections[using].vendor}."
        )
    restore_database(directory, manifest["database"]["file"], using)
    delete_files(storage)
    with tarfile.open(directory / FILES, "r") as tar:
        for member in tar.getmembers():
            if not member.isfile() or member.name.startswith("/") or ".." in Path(member.name).parts:
                raise BackupError(f"{FILES}: tên tệp không hợp lệ {member.name!r}.")
            data = tar.extractfile(member).read()
            saved = storage.save(member.name, ContentFile(data))
            if saved != member.name:
                raise BackupError(f"{member.name} được lưu thành {saved}.")
    problems = verify(manifest, using=using, storage=storage)
    if problems:
        raise BackupError("Phục hồi không khớp bản sao lưu: " + "; ".join(problems[:20]))
    tables = manifest["tables"]
    return Summary(directory, len(manifest["files"]), len(tables), sum(t["rows"] for t in tables.values()))
