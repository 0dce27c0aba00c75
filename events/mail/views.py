"""Staff pages of the outbox: an event's messages to its people (write, preview, send, counts)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from events.selectors import staff_events

from .forms import StaffMessageForm
from .models import StaffMessage
from .staff_messages import (
    audience_people,
    staff_message_render,
    staff_message_send,
    staff_messages_with_counts,
)


@login_required
@require_http_methods(["GET", "POST"])
def event_messages(request, slug):
    if not request.user.has_perm("events.add_staffmessage"):
        raise PermissionDenied
    event = get_object_or_404(staff_events(request.user), slug=slug)
    form = StaffMessageForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        message = form.save(commit=False)
        message.event = event
        people = audience_people(event, message.audience)
        count = people.count()
        if count == 0:
            form.add_error("audience", _("Nobody in this group can be written to."))
        elif request.POST.get("action") == "send":
            message = staff_message_send(message=message, by=request.user)
            messages.success(
                request,
                ngettext(
                    "Your message is on its way to %(n)d person.",
                    "Your message is on its way to %(n)d people.",
                    message.recipients,
                )
                % {"n": message.recipients},
            )
            return redirect(request.path)
        else:
            preview = _preview(message, people.first(), count)
    return render(
        request,
        "mail/event_messages.html",
        {"event": event, "form": form, "preview": preview, "sent": staff_messages_with_counts(event)},
    )


def _preview(message: StaffMessage, person, count: int) -> dict:
    """What the first person of the group gets, in Vietnamese and, when written, in English."""
    shown = []
    for language in ("vi", "en") if message.subject_en else ("vi",):
        person.language = language
        subject, body = staff_message_render(message, person)
        shown.append({"language": language, "subject": subject, "body": body})
    return {"count": count, "person": person, "messages": shown}
