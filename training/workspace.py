"""What training adds to the event hub of `events.workspace`: a course's attendance matrix, its Excel
export, and the course's own settings (audience, completion rule, nominations)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from events import extensions
from events.enums import EventKind

from .models import Course


def hub_links(event, sessions) -> list[tuple[str, str, str]]:
    if event.kind != EventKind.COURSE:
        return []
    course = Course.objects.filter(event=event).only("pk").first()
    if course is None:
        return [("programme", _("Course settings (add them)"), reverse("admin:training_course_add"))]
    attendance = reverse("training:attendance", kwargs={"slug": event.slug})
    return [
        ("programme", _("Course settings"), reverse("admin:training_course_change", args=[course.pk])),
        ("door", _("Attendance matrix"), attendance),
        ("exports", _("Attendance matrix (Excel)"), f"{attendance}?format=xlsx"),
    ]


extensions.hub_links.append(hub_links)
