from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .db import prepared_cursor
from .models import ScannerDevice, hash_token
from .selectors import DEVICE_FIELDS, instance_from_row, select_list

_SQL = (  # the table and column names from the model's metadata; the token hash is a parameter
    f"SELECT {select_list('d', ScannerDevice, DEVICE_FIELDS)} FROM {ScannerDevice._meta.db_table} d "  # noqa: S608
    "WHERE d.token_hash = %s AND d.revoked_at IS NULL"
)


def device_by_token(token: str) -> ScannerDevice | None:
    """The active device holding `token` (its id, gate name and last contact; other fields load on
    access). Every scan authenticates this way, so the query is written out rather than compiled by
    the ORM each time; PostgreSQL keeps it prepared on the connection."""
    with prepared_cursor() as cursor:
        cursor.execute(_SQL, [hash_token(token)])
        row = cursor.fetchone()
    return None if row is None else instance_from_row(ScannerDevice, DEVICE_FIELDS, row)


def device_seen(device: ScannerDevice) -> None:
    """Note when the device was last heard from (for the admin), at most once a minute."""
    now = timezone.now()
    if device.last_seen_at is None or (now - device.last_seen_at).total_seconds() > 60:
        ScannerDevice.objects.filter(pk=device.pk).update(last_seen_at=now)
        device.last_seen_at = now


def token_from_header(header: str) -> str | None:
    """The token of an `Authorization: Token <token>` header; None for any other header."""
    try:  # split as DRF splits it: the header's bytes, on ASCII whitespace only
        parts = header.encode("latin-1").split()
    except UnicodeEncodeError:
        return None
    if len(parts) != 2 or parts[0].lower() != DeviceTokenAuthentication.keyword.lower().encode():
        return None
    return parts[1].decode() if parts[1].isascii() else None


class DeviceTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <token>` for scanner devices. Tokens are stored as SHA-256 hashes."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            token = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from exc
        device = device_by_token(token)
        if device is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked device token."))
        device_seen(device)
        return (device, None)

    def authenticate_header(self, request):
        return self.keyword
