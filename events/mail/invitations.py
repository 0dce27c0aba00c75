"""Onboarding a host's staff: the programme office invites a host's first organiser, a host's organisers
invite their own staff. The invitation is an e-mail (through the outbox) with a signed link that expires
after HOST_INVITATION_VALID_DAYS and opens once: it carries a hash of the user's password state, so once the
password is set the link is dead."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from events.enums import HostRole
from events.hosts import Host, HostMembership, hosts_of

from .messages import message_builder, plain_email
from .models import EmailTopic, OutgoingEmail
from .services import email_queue

SALT = "events.mail.invitations"


def _state(user) -> str:
    """Changes when the password is set (or the user signs in): an opened invitation opens no more."""
    login = "" if user.last_login is None else user.last_login.replace(microsecond=0, tzinfo=None)
    return salted_hmac(SALT, f"{user.pk}{user.password}{login}{user.email}").hexdigest()[:24]


def invitation_token(user) -> str:
    return signing.dumps({"u": user.pk, "s": _state(user)}, salt=SALT, compress=True)


def invitation_user(token: str):
    """The invited user of a valid, unexpired, unused token; None otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.HOST_INVITATION_VALID_DAYS * 86400)
    except signing.BadSignature:  # expired ones too (SignatureExpired)
        return None
    if not isinstance(data, dict):
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(str(data.get("s", "")), _state(user)):
        return None
    return user


def host_staff_invite(*, host: Host, email: str, role: str, by=None) -> HostMembership:
    """Make the person with `email` `role` at `host` (a new user, without a usable password, when nobody
    has that address) and e-mail an invitation after commit. Inviting again sends a fresh link."""
    email = email.strip().lower()
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).order_by("pk").first()
        if user is None:
            user = User(username=email[:150], email=email)
            if User.objects.filter(username__iexact=user.username).exists():
                user.username = f"{email[:140]}-{User.objects.count()}"
            user.set_unusable_password()
            user.save()
        membership, _created = HostMembership.objects.get_or_create(host=host, user=user, role=role)
        email_queue(topic=EmailTopic.INVITATION, obj=membership, kind=role, recipient=user.email)
    return membership


def build_invitation_email(membership: HostMembership, language: str = "vi") -> EmailMultiAlternatives:
    path = reverse("events:staff_invitation", kwargs={"token": invitation_token(membership.user)})
    return plain_email(
        to=membership.user.email,
        language=language,
        template="mail/invitation",
        context={
            "host": membership.host,
            "role": membership.get_role_display(),
            "link": settings.SITE_URL + path,
            "days": settings.HOST_INVITATION_VALID_DAYS,
            "needs_password": not membership.user.has_usable_password(),
        },
    )


@message_builder(EmailTopic.INVITATION)
def _invitation_message(email: OutgoingEmail) -> EmailMultiAlternatives | None:
    membership = HostMembership.objects.select_related("host__organization", "user").filter(
        pk=email.object_id
    )
    found = membership.first()
    return build_invitation_email(found) if found else None


# --- Pages ----------------------------------------------------------------------------------------------


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=HostRole.choices)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def host_staff_page(request, slug):
    """A host's staff and the invitation form: for the programme office and the host's organisers only."""
    host = get_object_or_404(
        hosts_of(request.user, HostRole.ORGANISER).select_related("organization"), slug=slug
    )
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        host_staff_invite(
            host=host, email=form.cleaned_data["email"], role=form.cleaned_data["role"], by=request.user
        )
        messages.success(request, _("The invitation is on its way to %(email)s.") % form.cleaned_data)
        return redirect(request.path)
    staff = HostMembership.objects.filter(host=host).select_related("user").order_by("role", "user__email")
    return render(
        request,
        "mail/host_staff.html",
        {"host": host, "form": form, "staff": staff, "days": settings.HOST_INVITATION_VALID_DAYS},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_page(request, token):
    """The invited person sets a password, then signs in to the staff pages."""
    user = invitation_user(token)
    if user is None:
        raise Http404
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("Your password is set. Sign in with your e-mail address's user name: %(u)s.")
            % {"u": user.get_username()},
        )
        return redirect("admin:login")
    return render(request, "mail/invitation.html", {"form": form, "invited": user})
