from django.conf import settings
from django.utils import translation


class ApiLanguageMiddleware:
    """The API answers in the language the client asks for (Accept-Language or the language cookie).

    The API lives outside `i18n_patterns`; with `prefix_default_language=False` LocaleMiddleware pins
    every unprefixed path to Vietnamese, which is right for pages (English is under /en/) but not for
    API clients, which have no URL prefix to choose with."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class RejectNulMiddleware:
    """A NUL character in the address (path or query) is never ours: answer 400 before any view passes it
    on to PostgreSQL, which refuses NUL in text ("cannot contain NUL (0x00) bytes", a 500). Forms and the
    API's serializers already refuse NUL in what is posted; this covers look-ups by path (slugs, codes,
    tokens), filters and searches in the query string, the admin's included. A session cookie holding a
    NUL (Django's cookie parser turns an octal escape into one) starts a new session instead of being
    looked up in the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or "%00" in request.META.get("QUERY_STRING", ""):
            from config.errors import bad_request

            return bad_request(request, None)
        if "\x00" in request.COOKIES.get(settings.SESSION_COOKIE_NAME, "") and hasattr(request, "session"):
            # a session key no session can have: start a new session rather than look it up
            request.session = request.session.__class__(None)
        return self.get_response(request)
