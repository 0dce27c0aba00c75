"""Hosts: the partner organisations (innovation centres, incubators, universities, institutes, the
programme office itself) that run events with their own staff. Every event belongs to one host; a
host's staff see and change only their host's events, the programme office sees every host."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import HostRole, OrganizationKind

PROGRAMME_OFFICE_SLUG = "van-phong-chuong-trinh"
PROGRAMME_OFFICE_NAME = "Văn phòng Chương trình Đổi mới sáng tạo TP.HCM"


def default_host() -> int:
    """The programme office's host (created on first use): where an event belongs unless said otherwise."""
    Host = apps.get_model("events", "Host")
    pk = Host.objects.filter(is_programme_office=True).values_list("pk", flat=True).first()
    if pk is not None:
        return pk
    Organization = apps.get_model("events", "Organization")
    organization = Organization.objects.filter(name__iexact=PROGRAMME_OFFICE_NAME).first()
    if organization is None:
        organization = Organization.objects.create(
            name=PROGRAMME_OFFICE_NAME, kind=OrganizationKind.STATE_AGENCY
        )
    host, _created = Host.objects.get_or_create(
        is_programme_office=True,
        defaults={"organization": organization, "slug": PROGRAMME_OFFICE_SLUG},
    )
    return host.pk


class HostQuerySet(models.QuerySet):
    def with_names(self):
        return self.select_related("organization")


class HostManager(models.Manager.from_queryset(HostQuerySet)):
    """A host is named by its organisation: every list of hosts (choices, filters) reads both at once."""

    def get_queryset(self):
        return super().get_queryset().select_related("organization")


class Host(models.Model):
    organization = models.OneToOneField(
        "events.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="host"
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    is_programme_office = models.BooleanField(
        _("programme office"),
        default=False,
        help_text=_("The city's programme office: its staff keep rights over every host."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = HostManager()

    class Meta:
        verbose_name = _("host")
        verbose_name_plural = _("hosts")
        ordering = ["organization__name"]
        permissions = [("manage_all_hosts", _("Can see and change the events of every host"))]
        constraints = [
            models.UniqueConstraint(
                fields=["is_programme_office"],
                condition=Q(is_programme_office=True),
                name="one_programme_office",
            ),
        ]

    def __str__(self):
        return self.organization.name

    def get_absolute_url(self):
        return reverse("events:host", kwargs={"slug": self.slug})


class HostMembership(models.Model):
    """One role of one user at one host. A user may hold several roles and belong to several hosts."""

    host = models.ForeignKey(
        Host, verbose_name=_("host"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="host_memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=HostRole.choices)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("host staff member")
        verbose_name_plural = _("host staff")
        ordering = ["host", "role", "user"]
        constraints = [
            models.UniqueConstraint(fields=["host", "user", "role"], name="host_membership_once"),
        ]

    def __str__(self):
        return f"{self.user} · {self.host} · {self.get_role_display()}"


# --- Who may see what: the one rule every staff query goes through ----------------------------------------


def is_programme_office(user) -> bool:
    """The programme office (superusers and the groups of events.roles) keeps rights over every host."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.has_perm("events.manage_all_hosts")


def hosts_of(user, *roles: str) -> models.QuerySet:
    """The hosts where `user` holds one of `roles` (any role when none is named); every host for the
    programme office."""
    if is_programme_office(user):
        return Host.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Host.objects.none()
    memberships = HostMembership.objects.filter(user=user)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return Host.objects.filter(pk__in=memberships.values("host_id"))


def sync_role_groups(user) -> None:
    """Put `user` in the group of each host role it holds and out of the others; a host's staff sign in to
    the admin (is_staff). Called whenever a membership is saved or deleted."""
    from django.contrib.auth.models import Group

    from .roles import HOST_ROLE_GROUPS

    held = set(HostMembership.objects.filter(user=user).values_list("role", flat=True))
    for role, name in HOST_ROLE_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        if role in held:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    if held and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def _membership_changed(sender, instance, **kwargs):
    sync_role_groups(instance.user)


models.signals.post_save.connect(_membership_changed, sender=HostMembership, dispatch_uid="hosts.role_groups")
models.signals.post_delete.connect(
    _membership_changed, sender=HostMembership, dispatch_uid="hosts.role_groups_d"
)
