from django import template

from ..links import ticket_urls
from ..services import ticket_get_or_issue

register = template.Library()


@register.simple_tag
def ticket_for(registration):
    """The registration's active ticket with its links, or None when it has no ticket (not confirmed)."""
    ticket = ticket_get_or_issue(registration=registration)
    if ticket is None:
        return None
    return {"ticket": ticket, **ticket_urls(ticket, absolute=False)}
