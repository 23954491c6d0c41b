"""deploy/: what an operator starts from parses and agrees with itself (no docker here: the files are
read, not run)."""

import configparser
import re
from pathlib import Path

import yaml

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"


def _documents(path):
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def test_compose_runs_the_app_worker_beat_postgres_redis_and_nginx():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"app", "worker", "beat", "postgres", "redis", "nginx", "migrate"} <= set(services)
    assert "gunicorn" in services["app"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "motcua", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "motcua", "beat"]
    for name in ("app", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["environment"]["MOTCUA_FILE_INTERNAL_URL"] == "/_protected/"
        assert services[name]["environment"]["MOTCUA_FILE_SERVING"] == "nginx"
    # nginx's config file and the volumes it serves exist.
    mounts = {v.split(":")[0] for v in services["nginx"]["volumes"]}
    assert "./nginx/compose.conf" in mounts and "media" in mounts and "static" in mounts
    assert (DEPLOY / "nginx" / "compose.conf").exists()
    assert (DEPLOY / "Dockerfile").exists()


def test_nginx_serves_protected_files_only_through_x_accel_redirect():
    for name in ("motcua.conf", "compose.conf"):
        conf = (DEPLOY / "nginx" / name).read_text(encoding="utf-8")
        assert conf.count("{") == conf.count("}"), name
        protected = re.search(r"location /_protected/ \{(.*?)\}", conf, re.S)
        assert protected and "internal;" in protected.group(1), name
        assert "location /media/" not in conf, name  # never a public media folder
        assert "X-Forwarded-Proto $scheme" in conf


def test_the_environment_example_names_the_internal_location():
    env = (DEPLOY / "env.example").read_text(encoding="utf-8")
    assert "MOTCUA_FILE_SERVING=nginx" in env and "MOTCUA_FILE_INTERNAL_URL=/_protected/" in env
    assert "DJANGO_SETTINGS_MODULE=motcua.settings.production" in env


def test_systemd_units_are_complete():
    for unit in sorted((DEPLOY / "systemd").glob("*.service")):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str
        parser.read(unit)
        assert parser["Service"]["ExecStart"], unit.name
        assert parser["Service"]["User"] == "motcua", unit.name
        assert parser["Service"]["EnvironmentFile"] == "/etc/motcua/env", unit.name
        if unit.name != "motcua-backup.service":
            assert parser["Install"]["WantedBy"], unit.name
    assert (DEPLOY / "systemd" / "motcua-backup.timer").exists()


def test_kubernetes_manifests_parse_and_name_what_they_use():
    kustomization = yaml.safe_load((DEPLOY / "k8s" / "kustomization.yaml").read_text(encoding="utf-8"))
    kinds = {}
    for resource in kustomization["resources"]:
        for doc in _documents(DEPLOY / "k8s" / resource):
            assert doc["apiVersion"] and doc["metadata"]["name"], resource
            kinds.setdefault(doc["kind"], []).append(doc["metadata"]["name"])
    assert {"ConfigMap", "Deployment", "Service", "Ingress", "Job", "CronJob"} <= set(kinds)
    assert {"motcua-web", "motcua-worker", "motcua-beat"} <= set(kinds["Deployment"])
    secret = _documents(DEPLOY / "k8s" / "secret.example.yaml")[0]
    for resource in kustomization["resources"]:
        for doc in _documents(DEPLOY / "k8s" / resource):
            spec = doc.get("spec", {})
            template = spec.get("template") or spec.get("jobTemplate", {}).get("spec", {}).get("template")
            if not template:
                continue
            if doc["kind"] == "Deployment":  # the selector selects the pods it makes
                assert spec["selector"]["matchLabels"].items() <= template["metadata"]["labels"].items()
            for container in template["spec"]["containers"]:
                refs = {next(iter(r.values()))["name"] for r in container.get("envFrom", [])}
                assert refs == {"motcua"} and secret["metadata"]["name"] == "motcua", doc["metadata"]["name"]
    beat = next(
        d for d in _documents(DEPLOY / "k8s" / "worker.yaml") if d["metadata"]["name"] == "motcua-beat"
    )
    assert beat["spec"]["replicas"] == 1 and beat["spec"]["strategy"]["type"] == "Recreate"


def test_gunicorn_config_is_python():
    compile((DEPLOY / "gunicorn.conf.py").read_text(encoding="utf-8"), "gunicorn.conf.py", "exec")


def test_the_readme_is_where_an_operator_starts():
    readme = (DEPLOY / "README.md").read_text(encoding="utf-8")
    for needed in (
        "compose.yaml",
        "systemd",
        "k8s",
        "backup",
        "restore",
        "DATABASE_REPLICA_URL",
        "MOTCUA_S3_BUCKET",
    ):
        assert needed in readme
