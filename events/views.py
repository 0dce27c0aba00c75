from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.generic import ListView

from . import extensions, selectors, services
from .enums import RegistrationSource
from .exceptions import RegistrationError
from .forms import CancelForm, CatalogueFilterForm, RegistrationForm
from .models import Event, Host, Session
from .signing import registration_from_token, registration_manage_path


class CatalogueView(ListView):
    template_name = "events/catalogue.html"
    context_object_name = "events"
    paginate_by = 12

    def get_queryset(self):
        self.filter_form = CatalogueFilterForm(self.request.GET or None)
        filters = self.filter_form.filters()
        return selectors.event_catalogue(
            host=filters.get("host"),
            kind=filters.get("kind", ""),
            audience=filters.get("audience", ""),
            month=filters.get("month"),
            query=filters.get("q", ""),
            include_past=filters.get("past", False),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        context["extra_templates"] = extensions.catalogue_page_templates
        for provider in extensions.catalogue_page_context:
            context.update(provider(self.request))
        for event in context["events"]:
            event.seats_left = selectors.seats_left(event)
        return context


def host_page(request, slug):
    """A host's public page: who it is and its upcoming published events, with its calendar feed."""
    host = get_object_or_404(Host.objects.with_names(), slug=slug)
    events = list(selectors.event_catalogue(host=host))
    for event in events:
        event.seats_left = selectors.seats_left(event)
    return render(request, "events/host.html", {"host": host, "events": events})


def _published_event(slug: str) -> Event:
    qs = (
        Event.objects.published()
        .with_schedule()
        .with_seats()
        .select_related("venue", "organizer", "host__organization")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("starts_at")))
    )
    return get_object_or_404(qs, slug=slug)


def event_detail(request, slug):
    event = _published_event(slug)
    seats_left = selectors.seats_left(event)
    context = {
        "event": event,
        "directory": None,
        "directory_filter": None,
        "seats_left": seats_left,
        "action": selectors.registration_action(event, seats_left),
        "form": RegistrationForm(),
        "extra_templates": extensions.event_page_templates,
    }
    for provider in extensions.event_page_context:
        context.update(provider(request, event))
    return render(request, "events/event_detail.html", context)


@require_http_methods(["GET", "POST"])
def event_register(request, slug):
    event = _published_event(slug)
    form = RegistrationForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = services.registration_create(
                event=event,
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                organization_name=data["organization_name"],
                position=data["position"],
                consent=data["consent"],
                source=RegistrationSource.WEB,
                language=get_language() or "vi",
                extra={"organization_kind": data["organization_kind"]},
            )
        except RegistrationError as exc:
            error = exc.message
            if exc.code in ("not_eligible", "organization_kind_required"):
                form.add_error("organization_kind", exc.message)
        else:
            if outcome.created:
                return redirect(registration_manage_path(outcome.registration) + "?new=1")
            # Someone may be typing another person's address: never show that registration here;
            # send its link to the address's owner instead.
            services.registration_resend_link(registration=outcome.registration)
            messages.info(
                request,
                _(
                    "This e-mail address is already registered for this event. We have sent the link "
                    "to your registration to that address again."
                ),
            )
            return redirect(event.get_absolute_url())
    return render(
        request,
        "events/register.html",
        {"event": event, "form": form, "error": error, "seats_left": selectors.seats_left(event)},
        status=200 if error is None else 409,
    )


def _registration_or_404(token):
    registration = registration_from_token(token)
    if registration is None:
        raise Http404
    return registration


def registration_detail(request, token):
    registration = _registration_or_404(token)
    sessions = registration.event.sessions.order_by("starts_at")
    return render(
        request,
        "events/registration.html",
        {
            "registration": registration,
            "event": registration.event,
            "sessions": sessions,
            "is_new": request.GET.get("new") == "1",
            "waitlist_position": selectors.waitlist_position(registration),
            "position_email_minutes": services.POSITION_EMAIL_INTERVAL.seconds // 60,
            "cancel_form": CancelForm(),
            "token": token,
            "extra_templates": extensions.registration_page_templates,
        },
    )


@require_http_methods(["GET", "POST"])
def registration_cancel(request, token):
    registration = _registration_or_404(token)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and registration.is_active:
        services.registration_cancel(registration=registration, reason=_("Cancelled by the participant"))
        messages.success(request, _("Your registration has been cancelled."))
        return redirect("events:registration", token=token)
    return render(
        request,
        "events/registration_cancel.html",
        {"registration": registration, "event": registration.event, "form": form, "token": token},
    )


@require_http_methods(["POST"])
def registration_position_email(request, token):
    """The waitlisted person's button: e-mail me my place in the queue (refused when asked too often)."""
    registration = _registration_or_404(token)
    try:
        position = services.registration_position_email(registration=registration)
    except RegistrationError as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(
            request,
            _("We have e-mailed you your place in the queue: number %(n)d.") % {"n": position},
        )
    return redirect("events:registration", token=token)


def accessibility_statement(request):
    """The accessibility statement (WCAG 2.1 AA), linked from every page's footer."""
    return render(
        request,
        "events/accessibility.html",
        {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL},
    )
