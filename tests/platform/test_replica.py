"""The read replica: lists and searches read from it when configured; writes, locking reads, reads in a
transaction and auth stay on the primary. The replica is a TEST MIRROR of the test database."""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from motcua.catalog.tests.factories import published_version
from motcua.core.db import ReplicaRouter, reads_from_replica
from motcua.dossiers.models import Dossier
from motcua.org.models import Agency
from motcua.org.tests.factories import CommuneFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica(settings):
    settings.MOTCUA_READ_REPLICA = "replica"


def test_without_a_replica_everything_reads_the_primary(settings):
    settings.MOTCUA_READ_REPLICA = None
    with reads_from_replica():
        assert ReplicaRouter().db_for_read(Dossier) == "default"


def test_reads_in_a_read_only_context_go_to_the_replica(replica):
    commune = CommuneFactory()
    with reads_from_replica(), CaptureQueriesContext(connections["replica"]) as on_replica:
        agency = Agency.objects.get(pk=commune.pk)
    assert len(on_replica) == 1
    assert agency._state.db == "replica"
    # Saved back, it goes to the primary all the same.
    agency.name = "Ủy ban nhân dân Phường Đổi Tên"
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        agency.save()
    assert on_replica.captured_queries == []
    assert Agency.objects.using("default").get(pk=commune.pk).name == "Ủy ban nhân dân Phường Đổi Tên"


def test_locking_reads_transactions_and_auth_stay_on_the_primary(replica):
    commune = CommuneFactory()
    staff = StaffFactory(agency=commune)
    router = ReplicaRouter()
    with reads_from_replica():
        assert router.db_for_read(type(staff.user)) == "default"  # auth
        assert Agency.objects.select_for_update().db == "default"
        with transaction.atomic():
            assert router.db_for_read(Agency) == "default"
        assert router.db_for_read(Agency) == "replica"
    assert router.db_for_read(Agency) == "default"  # outside the context


def test_the_list_views_read_from_the_replica_and_the_writes_do_not(replica, client):
    commune = CommuneFactory()
    published_version(code="1.001193", name="Đăng ký khai sinh", implementing_agencies=[commune])
    client.force_login(StaffFactory(agency=commune, roles=["desk_officer"]).user)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get("/api/v1/procedures/").status_code == 200
        assert client.get("/api/v1/dossiers/").status_code == 200
    tables = " ".join(q["sql"] for q in on_replica.captured_queries)
    assert "catalog_procedure" in tables and "dossiers_dossier" in tables
    assert "django_session" not in tables and "auth_user" not in tables
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        client.get(f"/api/v1/agencies/{commune.code}/")  # a detail page: the primary
    assert on_replica.captured_queries == []
