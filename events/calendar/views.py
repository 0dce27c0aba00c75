"""iCalendar feeds over HTTP: cheap to poll (ETag, Last-Modified, 304) and the same bytes until
something in them changes. The documents themselves come from `feeds.py`."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from events.enums import EventKind
from events.models import Event, Host
from events.signing import registration_from_token

from . import feeds, services
from .builder import CONTENT_TYPE
from .models import PersonalFeed

PUBLIC_CACHE_CONTROL = "public, max-age=900"
# A personal feed names what one person attends: no shared cache may keep it.
PRIVATE_CACHE_CONTROL = "private, max-age=900"


def _language() -> str:
    return (get_language() or "vi")[:2]


def _serve(
    request, feed: feeds.Feed, *, filename: str, private: bool = False, download: bool = False
) -> HttpResponse:
    language = _language()
    etag, version = feeds.feed_etag(feed, language)
    if etag is not None and request.headers.get("If-None-Match"):
        # A calendar polling an unchanged feed: answer 304 without reading or copying the document.
        headers = HttpResponse(content_type=CONTENT_TYPE)
        headers["ETag"] = etag
        headers["Cache-Control"] = PRIVATE_CACHE_CONTROL if private else PUBLIC_CACHE_CONTROL
        if version.last_modified is not None:
            headers["Last-Modified"] = http_date(version.last_modified.timestamp())
        last_modified = int(version.last_modified.timestamp()) if version.last_modified else None
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=headers
        )
        if not_modified is not None:
            return not_modified
    document = feeds.feed_document(feed, language, version=version)
    response = HttpResponse(document.body, content_type=CONTENT_TYPE)
    response["ETag"] = document.etag
    if document.last_modified is not None:
        response["Last-Modified"] = http_date(document.last_modified.timestamp())
    response["Cache-Control"] = PRIVATE_CACHE_CONTROL if private else PUBLIC_CACHE_CONTROL
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    if private:
        response["X-Robots-Tag"] = "noindex, nofollow"
    # Whole seconds, as in the header: a change within the second is caught by the ETag.
    last_modified = int(document.last_modified.timestamp()) if document.last_modified else None
    not_modified = get_conditional_response(
        request, etag=document.etag, last_modified=last_modified, response=response
    )
    return not_modified or response


def _published_event(slug: str) -> Event:
    return get_object_or_404(
        Event.objects.published().only("pk", "slug", "title_vi", "title_en", "updated_at"), slug=slug
    )


@require_safe
def all_events_feed(request):
    return _serve(request, feeds.feed_all(), filename="hcmc-innovation.ics")


@require_safe
def host_feed(request, slug):
    host = get_object_or_404(Host.objects.with_names(), slug=slug)
    return _serve(request, feeds.feed_for_host(host), filename=f"{host.slug}.ics")


@require_safe
def kind_feed(request, kind):
    if kind not in EventKind.values:
        raise Http404
    return _serve(request, feeds.feed_for_kind(kind), filename=f"hcmc-innovation-{kind}.ics")


@require_safe
def event_feed(request, slug):
    event = _published_event(slug)
    return _serve(request, feeds.feed_for_event(event), filename=f"{event.slug}.ics")


@require_safe
def event_download(request, slug):
    event = _published_event(slug)
    return _serve(
        request, feeds.feed_for_event(event, download=True), filename=f"{event.slug}.ics", download=True
    )


@require_safe
def personal_feed(request, secret):
    personal = PersonalFeed.objects.filter(secret=secret).first()
    if personal is None:
        raise Http404
    return _serve(request, feeds.feed_for_person(personal), filename="my-events.ics", private=True)


@require_POST
def personal_feed_rotate(request, token):
    """Reached from the person's registration page (a signed link), so only they can rotate it."""
    registration = registration_from_token(token)
    if registration is None:
        raise Http404
    services.personal_feed_rotate(email=registration.email)
    messages.success(
        request, _("Your calendar link has been changed. Calendars using the old link stop updating.")
    )
    return redirect("events:registration", token=token)
