from django import template

from ..signing import person_page_path

register = template.Library()


@register.simple_tag
def person_page_url(registration) -> str:
    return person_page_path(registration.email)
