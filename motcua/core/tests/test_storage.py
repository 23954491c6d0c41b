"""Files: the local folder by default, object storage (django-storages, S3 API) when MOTCUA_S3_BUCKET is set."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _storage(**env) -> dict:
    code = (
        "import json, django; django.setup(); from django.core.files.storage import storages; d = storages['default'];"
        "print(json.dumps({'class': type(d).__module__ + '.' + type(d).__name__,"
        " 'bucket': getattr(d, 'bucket_name', None), 'endpoint': getattr(d, 'endpoint_url', None),"
        " 'acl': getattr(d, 'default_acl', 'n/a'), 'signed': getattr(d, 'querystring_auth', None)}))"
    )
    full = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_S3_")}
    full.update(DJANGO_SETTINGS_MODULE="motcua.settings.test", **env)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=full, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_files_are_local_by_default():
    assert _storage()["class"] == "django.core.files.storage.filesystem.FileSystemStorage"


def test_files_go_to_object_storage_when_a_bucket_is_configured():
    s = _storage(
        MOTCUA_S3_BUCKET="motcua-files",
        MOTCUA_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        MOTCUA_S3_ACCESS_KEY_ID="k",
        MOTCUA_S3_SECRET_ACCESS_KEY="s",
    )
    assert s["class"] == "storages.backends.s3.S3Storage"
    assert s["bucket"] == "motcua-files"
    assert s["endpoint"] == "http://127.0.0.1:9000"
    assert s["acl"] is None and s["signed"] is True  # private objects, signed links
