from django.utils import translation


class RequestLanguageMixin:
    """Answer in the language the client asks for (Accept-Language, or the language cookie).

    The API lives outside `i18n_patterns`, and LocaleMiddleware pins every path without a language
    prefix to LANGUAGE_CODE when `prefix_default_language=False`, so without this every API message
    would be Vietnamese whatever the client asked for."""

    def initial(self, request, *args, **kwargs):
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        super().initial(request, *args, **kwargs)
