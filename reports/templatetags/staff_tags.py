from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def staff_pages(user) -> list[tuple[str, str, str]]:
    """(title, what it is for, address) of the staff pages outside the admin that `user` may open: the
    admin is where door staff and report viewers sign in, and nothing else leads them there."""
    from checkin.services import user_can_scan
    from events.selectors import manages_events

    pages = []
    if manages_events(user):
        pages.append(
            (
                _("Staff home"),
                _("This week's events, approvals, waiting lists, doors open now; each event's hub."),
                reverse("events:staff_home"),
            )
        )
    if user_can_scan(user):
        pages.append((_("Scanner"), _("Check people in at the door."), reverse("checkin:scanner")))
    if user.has_perm("reports.view_reports"):
        pages.append(
            (
                _("Policy reports"),
                _("Indicators of the 2024–2028 plan, with exports."),
                reverse("reports:report"),
            )
        )
    return pages
