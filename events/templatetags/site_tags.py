from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from events.numbers import format_number, format_percent, format_quarter

register = template.Library()


@register.filter
def num(value, decimals=None):
    """1.000 (vi) / 1,000 (en); `num:1` for one decimal."""
    return format_number(value, None if decimals in (None, "") else int(decimals))


@register.filter
def is_integer(value) -> bool:
    """True for a whole number (a count), so a table of mixed cells can show counts with `num`."""
    return isinstance(value, int) and not isinstance(value, bool)


@register.filter
def pct(value, decimals=None):
    """93,7% (vi) / 93.7% (en)."""
    return format_percent(value, None if decimals in (None, "") else int(decimals))


@register.filter
def quarter(value):
    """ "2026-Q1" as Quý I/2026 (vi) / Q1 2026 (en)."""
    return format_quarter(value)


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
