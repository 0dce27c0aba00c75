"""Staff pages of the outbox: an event's messages to its people (write, preview, send, counts)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from events.exceptions import DomainError
from events.selectors import staff_events

from .forms import StaffMessageForm
from .models import StaffMessage
from .staff_messages import (
    audience_people,
    empty_audience,
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
            form.add_error("audience", empty_audience().message)
        elif request.POST.get("action") == "send":
            try:
                message = staff_message_send(message=message, by=request.user)
            except DomainError as refused:
                form.add_error("audience", refused.message)
                return _page(request, event, form, None)
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
    return _page(request, event, form, preview)


def _page(request, event, form, preview):
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
