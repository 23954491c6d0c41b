"""Where MotCua may POST a notification (an SSRF guard): a subscriber names the URL, so a careless
or hostile one could point MotCua at its own network (the database, the cloud's metadata address).

Production: https only, and the host must resolve to public addresses only; the check is made
again at every send, and the connection goes to the address that was checked (a DNS answer that
changes between the check and the connection cannot lead elsewhere). Redirects are not followed.
`MOTCUA_WEBHOOK_ALLOW_HTTP` and `MOTCUA_WEBHOOK_ALLOW_PRIVATE` loosen this for a closed network.
The subscriber simulator (/mo-phong/nhan-thong-bao/, demo and tests) is reached in process."""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

SIMULATOR_PREFIX = "/mo-phong/nhan-thong-bao/"
_LOCAL_NAMES = ("localhost", "localhost.localdomain")
# A DNS name (an internationalised one in its xn-- form) or an IP literal; nothing else reaches DNS.
_HOST = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.?$|^[0-9a-f:.]+$"
)
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")


class UnsafeUrl(ValueError):
    """The URL may not receive notifications; the message says why (Vietnamese)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    address: str  # the checked IP address the connection goes to
    path: str  # path and query, as sent in the request line


def _allow_http() -> bool:
    return bool(getattr(settings, "MOTCUA_WEBHOOK_ALLOW_HTTP", False))


def _allow_private() -> bool:
    return bool(getattr(settings, "MOTCUA_WEBHOOK_ALLOW_PRIVATE", False))


def _own_hosts() -> set[str]:
    hosts = {"testserver", "localhost", "127.0.0.1"}
    base = urlsplit(getattr(settings, "MOTCUA_PUBLIC_BASE_URL", "") or "")
    if base.hostname:
        hosts.add(base.hostname)
    return hosts


def is_simulator(url: str) -> bool:
    """This site's own subscriber simulator, when the simulators are on (demo, tests)."""
    if not getattr(settings, "MOTCUA_SIMULATORS", False):
        return False
    parts = urlsplit(url)
    return (
        parts.scheme in ("http", "https")
        and parts.hostname in _own_hosts()
        and (parts.path.startswith(SIMULATOR_PREFIX))
    )


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_syntax(url: str) -> None:
    """What can be said without DNS (when a subscription is written): raises UnsafeUrl."""
    if is_simulator(url):
        return
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError:
        raise UnsafeUrl(_("Địa chỉ nhận thông báo không hợp lệ.")) from None
    if parts.scheme != "https" and not (parts.scheme == "http" and _allow_http()):
        raise UnsafeUrl(_("Địa chỉ nhận thông báo phải dùng https."))
    host = (parts.hostname or "").lower()
    if not host:
        raise UnsafeUrl(_("Địa chỉ nhận thông báo thiếu tên máy chủ."))
    if not _HOST.match(host) or any(c.isspace() or ord(c) < 32 for c in url):
        raise UnsafeUrl(_("Địa chỉ nhận thông báo không hợp lệ."))
    if parts.username or parts.password:
        raise UnsafeUrl(_("Địa chỉ nhận thông báo không được chứa tên đăng nhập hay mật khẩu."))
    if _allow_private():
        return
    if host in _LOCAL_NAMES or host.endswith(_LOCAL_SUFFIXES):
        raise UnsafeUrl(_("Địa chỉ nhận thông báo không được trỏ vào mạng nội bộ."))
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        return  # a name: resolved and checked at every send
    if not _public(str(literal)):
        raise UnsafeUrl(_("Địa chỉ nhận thông báo không được trỏ vào mạng nội bộ."))


def resolve(url: str) -> Target:
    """The checked target of a send: raises UnsafeUrl when any address the name resolves to is
    not public (unless private addresses are allowed)."""
    check_syntax(url)
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UnsafeUrl(_("Không phân giải được tên máy chủ nhận thông báo.")) from exc
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise UnsafeUrl(_("Không phân giải được tên máy chủ nhận thông báo."))
    if not _allow_private() and not all(_public(a) for a in addresses):
        raise UnsafeUrl(_("Địa chỉ nhận thông báo không được trỏ vào mạng nội bộ."))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme=parts.scheme, host=parts.hostname or "", port=port, address=addresses[0], path=path)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the checked address; the certificate is still checked against the host name."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(target: Target, body: bytes, headers: dict[str, str], *, timeout: float) -> tuple[int, bytes]:
    """POST to the checked address; no redirect is followed (a 3xx is an answer like any other)."""
    kind = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = kind(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(4096)
    finally:
        connection.close()
