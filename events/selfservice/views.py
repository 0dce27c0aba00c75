from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.exceptions import RegistrationError
from events.signing import registration_from_token, registration_manage_path

from . import services
from .forms import DetailsForm
from .signing import email_change_from_token
from .throttling import client_of

# The form field that shows each refusal of the services (the others show above the form).
_ERROR_FIELDS = {
    "not_eligible": "organization_kind",
    "organization_kind_required": "organization_kind",
    "email_taken": "email",
    "too_many_email_changes": "email",
}


@require_http_methods(["GET", "POST"])
def registration_edit(request, token):
    """The person changes their own details through their registration's signed link."""
    registration = registration_from_token(token)
    if registration is None:
        raise Http404
    form = DetailsForm(request.POST or None, initial=DetailsForm.initial_for(registration))
    if request.method == "POST" and registration.is_active and form.is_valid():
        data = form.cleaned_data
        try:
            changes, email_sent = services.registration_self_update(
                registration=registration,
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                organization_name=data["organization_name"],
                organization_kind=data["organization_kind"],
                position=data["position"],
                client=client_of(request),
            )
        except RegistrationError as exc:
            registration.refresh_from_db()  # the page shows what is saved, not the refused change
            form.add_error(_ERROR_FIELDS.get(exc.code), exc.message)
        else:
            if changes:
                messages.success(request, _("Your details have been saved."))
            if email_sent:
                messages.info(
                    request,
                    _(
                        "We have sent a link to %(email)s. Your e-mail address changes when you open it; "
                        "until then we keep writing to %(old)s."
                    )
                    % {"email": data["email"], "old": registration.email},
                )
            if not changes and not email_sent:
                messages.info(request, _("Nothing was changed."))
            return redirect("events:registration", token=token)
    return render(
        request,
        "selfservice/registration_edit.html",
        {"registration": registration, "event": registration.event, "form": form, "token": token},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def registration_email_confirm(request, token):
    """The link sent to the new address: a page with one button (a GET changes nothing, so mail
    scanners that open links do not confirm for the person); the button applies the change."""
    if request.method == "GET":
        parsed = email_change_from_token(token)
        if parsed is None:
            return _invalid(request, services.email_change_invalid().message)
        return render(request, "selfservice/email_change_confirm.html", {"new_email": parsed[2]})
    try:
        registration = services.registration_email_change_confirm(token=token)
    except RegistrationError as exc:
        return _invalid(request, exc.message)
    messages.success(request, _("Your e-mail address is now %(email)s.") % {"email": registration.email})
    return redirect(registration_manage_path(registration))


def _invalid(request, message):
    return render(request, "selfservice/email_change_invalid.html", {"message": message}, status=400)
