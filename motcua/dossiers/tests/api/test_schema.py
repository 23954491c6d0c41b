"""The OpenAPI schema documents the dossier API without warnings."""

from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator


def test_the_schema_documents_every_endpoint_without_warnings(db, capsys):
    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache
    paths = schema["paths"]
    assert "/api/v1/dossiers/" in paths
    create = paths["/api/v1/dossiers/"]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in create["parameters"])
    assert {"201", "200", "400", "422"} <= set(create["responses"])
    assert {"application/json", "multipart/form-data"} <= set(create["requestBody"]["content"])
    for segment in (
        "receive", "request-supplement", "supplement", "refuse", "await-fees", "pay-fees",
        "start-processing", "extend", "stop", "withdraw", "complete-step", "return-step",
        "transfer", "resolve", "deliver",
    ):  # fmt: skip
        operation = paths[f"/api/v1/dossiers/{{code}}/{segment}/"]["post"]
        assert {"200", "403", "409"} <= set(operation["responses"]), segment
    assert "/api/v1/dossiers/{code}/sync-record/" in paths
    assert "/api/v1/tracking/{code}/" in paths


def test_the_schema_documents_the_return_place_and_the_originals_of_a_creation(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    create = components["DossierCreate"]["properties"]
    assert create["originals_to_send"]["type"] == "boolean"
    # A blank-able choice: oneOf [the enum, the blank enum].
    refs = [o["$ref"].rsplit("/", 1)[-1] for o in create["return_place"]["oneOf"]]
    enum = [v for ref in refs for v in components[ref]["enum"]]
    assert {"receiving_centre", "competent_agency", "post", "electronic"} <= set(enum)
    created = components["DossierCreated"]["properties"]
    assert {"return_place", "originals_to_send"} <= set(created)
