"""manage.py create_machine_client "Cổng DVC quốc gia" --grant 000.00.31.H26=dossiers:read,sync
    [--grant 000.00.00.H26=reports:read+subunits] [--by admin] [--note …]
manage.py create_machine_client --rotate-secret <client_id> | --revoke <client_id>

Prints the client_id and the secret once (the database keeps only the secret's hash)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.machines import services
from motcua.machines.models import MachineClient
from motcua.org.models import Agency

SUBUNITS = "+subunits"


def parse_grant(text: str) -> services.GrantSpec:
    code, sep, names = text.partition("=")
    if not sep or not code.strip() or not names.strip():
        raise CommandError(f"--grant {text!r}: dạng MÃ_CƠ_QUAN=scope1,scope2[{SUBUNITS}]")
    subunits = names.endswith(SUBUNITS)
    names = names.removesuffix(SUBUNITS)
    agency = Agency.objects.filter(code=code.strip()).order_by("pk").first()
    if agency is None:
        raise CommandError(f"Không có cơ quan mã {code.strip()}.")
    return services.GrantSpec(
        agency=agency,
        scopes=tuple(n.strip() for n in names.split(",") if n.strip()),
        include_subunits=subunits,
    )


class Command(BaseCommand):
    help = "Đăng ký ứng dụng kết nối (OAuth2 client credentials), đổi khóa bí mật hoặc thu hồi."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", default="")
        parser.add_argument(
            "--grant", action="append", default=[], help="MÃ_CƠ_QUAN=scope1,scope2[+subunits]"
        )
        parser.add_argument("--by", default="", help="tên đăng nhập của người đăng ký")
        parser.add_argument("--note", default="")
        parser.add_argument("--rotate-secret", default="", metavar="CLIENT_ID")
        parser.add_argument("--revoke", default="", metavar="CLIENT_ID")

    def handle(self, *args, name, grant, by, note, rotate_secret, revoke, **options):
        now = timezone.now()
        actor = None
        if by:
            actor = get_user_model().objects.filter(username=by).first()
            if actor is None:
                raise CommandError(f"Không có người dùng {by}.")
        try:
            if rotate_secret:
                credentials = services.rotate_secret(client=self._client(rotate_secret), now=now)
            elif revoke:
                client = services.revoke_client(client=self._client(revoke), revoked_by=actor, now=now)
                self.stdout.write(self.style.SUCCESS(f"Đã thu hồi {client} ({client.client_id})."))
                return
            else:
                if not grant:
                    raise CommandError("Cần ít nhất một --grant.")
                credentials = services.register_client(
                    name=name, grants=[parse_grant(g) for g in grant], registered_by=actor, now=now, note=note
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"client_id={credentials.client_id}")
        self.stdout.write(f"client_secret={credentials.client_secret}")
        self.stdout.write(
            self.style.WARNING("Khóa bí mật chỉ hiển thị một lần: chuyển cho đối tác qua kênh an toàn.")
        )

    @staticmethod
    def _client(client_id: str) -> MachineClient:
        client = (
            MachineClient.objects.select_related("application")
            .filter(application__client_id=client_id)
            .first()
        )
        if client is None:
            raise CommandError(f"Không có ứng dụng {client_id}.")
        return client
