from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """(code, name, url, is_current) for each language, pointing at the same page in that language."""
    request = context.get("request")
    current = context.get("LANGUAGE_CODE") or get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path() if request else "/"
    names = {"vi": "Tiếng Việt", "en": "English"}
    return [
        (code, names.get(code, code), translate_url(path, code), code == current)
        for code, _ in settings.LANGUAGES
    ]


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return params.urlencode()
