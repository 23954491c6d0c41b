"""A ClamAV daemon for tests: `clamd` from the Debian package (installed by `make`), started with a
temporary configuration and a database directory holding only a signature file written here (no
definitions are downloaded; freshclam never runs), listening on a temporary unix socket."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

#: The EICAR test file (the antivirus industry's harmless test string), kept split so this source
#: file itself is not flagged by a scanner.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE = "MotCua.Test.EICAR"


def _ping(path: Path) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(str(path))
            sock.sendall(b"zPING\0")
            return sock.recv(16).startswith(b"PONG")
    except OSError:
        return False


@pytest.fixture(scope="session")
def clamd_socket(tmp_path_factory):
    binary = shutil.which("clamd") or ("/usr/sbin/clamd" if Path("/usr/sbin/clamd").exists() else None)
    if binary is None:
        pytest.fail("clamd is missing: install the Debian package clamav-daemon (make system-deps)")
    root = tmp_path_factory.mktemp("clamd")
    database = root / "db"
    database.mkdir()
    # A body signature (.ndb: name:target type:offset:hex), matching the string anywhere in any file.
    (database / "motcua-test.ndb").write_text(f"{SIGNATURE}:0:*:{EICAR.hex()}\n")
    sock = root / "clamd.sock"
    config = root / "clamd.conf"
    config.write_text(
        f"LocalSocket {sock}\nDatabaseDirectory {database}\nForeground yes\nLogFile {root / 'clamd.log'}\n"
        "StreamMaxLength 64M\nSelfCheck 0\n"
    )
    process = subprocess.Popen(
        [binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60  # a generous bound on a busy machine; usually under a second
        while not _ping(sock):
            if process.poll() is not None:
                log = (root / "clamd.log").read_text() if (root / "clamd.log").exists() else ""
                pytest.fail(f"clamd stopped at start (code {process.returncode}):\n{log}")
            if time.monotonic() > deadline:
                pytest.fail("clamd did not answer PING within 60 s")
            time.sleep(0.05)
        yield str(sock)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
