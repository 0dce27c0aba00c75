"""How many e-mail changes a registration's link may ask for: whoever holds a person's link could
otherwise have the site send confirmation messages to any address, as often as they like.

Counted with DRF's rate throttle (the API's registration limit), per registration and per client IP,
against the rates `email_change` and `email_change_ip` of `DEFAULT_THROTTLE_RATES`. The counters live in
the cache: while Redis is away the cache holds nothing (`config.cache.FailOpenRedisCache`), so the limit
is not counted and changes go through, as the API's limits do."""

from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from events.models import Registration


class _EmailChangeThrottle(SimpleRateThrottle):
    def __init__(self, scope: str, ident: str):
        self.scope = scope
        self.ident = ident
        super().__init__()

    def get_rate(self) -> str:
        # Read when counting (not when the class is defined), so a changed setting applies.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.ident}


def client_of(request) -> str:
    """Who is asking, as the limits count clients: the address DRF's throttles use (NUM_PROXIES aware)."""
    return BaseThrottle().get_ident(request)


def email_change_wait(registration: Registration, client: str | None) -> int | None:
    """Count one e-mail change request of `registration` from `client` (`client_of(request)`; None when
    no client is known, as from a shell): None when it may go ahead, else the seconds to wait before
    asking again (the registration's limit is checked first; a request it refuses does not count against
    the client's)."""
    throttles = [_EmailChangeThrottle("email_change", f"registration:{registration.pk}")]
    if client:
        throttles.append(_EmailChangeThrottle("email_change_ip", f"ip:{client}"))
    for throttle in throttles:
        if not throttle.allow_request(None, None):  # counted by key: the request is not read
            return max(1, int(throttle.wait() or 1))
    return None
