"""Register a machine client, rotate its secret, revoke it: the only writers of the clients (the
admin and `manage.py create_machine_client` call them). A secret is returned once, in clear, to
the caller that shows it; the database keeps only its hash (django-oauth-toolkit hashes it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from oauth2_provider.generators import generate_client_id, generate_client_secret
from oauth2_provider.models import get_access_token_model, get_application_model, get_refresh_token_model

from motcua.org.models import Agency

from .models import MachineClient, MachineGrant, validate_scopes


@dataclass(frozen=True)
class GrantSpec:
    agency: Agency
    scopes: tuple[str, ...]
    include_subunits: bool = False


@dataclass(frozen=True)
class Credentials:
    """What the partner receives, once."""

    client: MachineClient
    client_id: str
    client_secret: str


def register_client(
    *, name: str, grants: Iterable[GrantSpec], registered_by=None, now: datetime, note: str = ""
) -> Credentials:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ValidationError(_("Nhập tên ứng dụng."), code="name_required")})
    grants = list(grants)
    for grant in grants:
        validate_scopes(list(grant.scopes))
    Application = get_application_model()
    client_id, secret = generate_client_id(), generate_client_secret()
    with transaction.atomic():
        # Inactive and without a password: no login, no session can ever carry it (the backends refuse
        # inactive users); only the bearer-token authentication acts as it.
        user = get_user_model().objects.create_user(
            username=f"ungdung-{client_id}"[:150], password=None, is_active=False
        )
        application = Application.objects.create(
            name=name[:255],
            client_id=client_id,
            client_secret=secret,  # hashed on save
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
            skip_authorization=True,
        )
        client = MachineClient.objects.create(
            application=application, user=user, note=note, registered_by=registered_by, registered_at=now
        )
        MachineGrant.objects.bulk_create(
            MachineGrant(
                client=client, agency=g.agency, scopes=list(g.scopes), include_subunits=g.include_subunits
            )
            for g in grants
        )
    return Credentials(client=client, client_id=client_id, client_secret=secret)


def _revoke_tokens(client: MachineClient) -> None:
    get_refresh_token_model().objects.filter(application_id=client.application_id).delete()
    get_access_token_model().objects.filter(application_id=client.application_id).delete()


def rotate_secret(*, client: MachineClient, now: datetime) -> Credentials:
    """A new secret; the old one and every token issued with it stop working at once (a rotation
    usually follows a leak)."""
    if not client.is_active:
        raise ValidationError(_("Ứng dụng đã bị thu hồi."), code="client_revoked")
    secret = generate_client_secret()
    with transaction.atomic():
        application = client.application
        application.client_secret = secret
        application.save(update_fields=["client_secret", "updated"])
        client.secret_rotated_at = now
        client.save(update_fields=["secret_rotated_at"])
        _revoke_tokens(client)
    return Credentials(client=client, client_id=application.client_id, client_secret=secret)


def revoke_client(*, client: MachineClient, revoked_by=None, now: datetime) -> MachineClient:
    """The client may no longer obtain a token, and the tokens it holds stop working now."""
    with transaction.atomic():
        client = MachineClient.objects.select_for_update().get(pk=client.pk)
        if client.revoked_at is None:
            client.revoked_at = now
            client.revoked_by = revoked_by
            client.save(update_fields=["revoked_at", "revoked_by"])
        _revoke_tokens(client)
    return client
