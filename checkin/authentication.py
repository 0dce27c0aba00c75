from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ScannerDevice, hash_token


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
        device = ScannerDevice.objects.filter(token_hash=hash_token(token), revoked_at__isnull=True).first()
        if device is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked device token."))
        now = timezone.now()
        if device.last_seen_at is None or (now - device.last_seen_at).total_seconds() > 60:
            ScannerDevice.objects.filter(pk=device.pk).update(last_seen_at=now)
        return (device, None)

    def authenticate_header(self, request):
        return self.keyword
