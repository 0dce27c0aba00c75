"""Demo partner hosts (seed_demo): a few partner organisations host some of the demo's events, with the
support records made there and a news post each, and a host organiser login; the programme office keeps
the rest. Run after every other seeder, so the rows they made at an event follow the event's host."""

import secrets

from django.contrib.auth import get_user_model
from django.utils import timezone

from events.enums import HostRole
from events.exhibitions.models import SupportRecord
from events.hosts import Host, HostMembership, default_host
from events.models import Event
from events.news.models import NewsPost, NewsStatus

from . import data as demo_data
from .data import summary_line


def seed(organizations: dict, organiser) -> tuple[tuple, str]:
    """Returns the host organiser's login (user, role, password) and the summary line."""
    office = Host.objects.get(pk=default_host())
    hosts = {"": office}
    for name, slug, event_slugs in demo_data.PARTNER_HOSTS:
        host = Host.objects.filter(organization=organizations[name]).first()
        if host is None:
            host = Host.objects.create(organization=organizations[name], slug=slug)
        hosts[slug] = host
        Event.objects.filter(slug__in=event_slugs).update(host=host)
    # Records made at an event belong to its host (as SupportRecord.save would say).
    for host in hosts.values():
        SupportRecord.objects.filter(event__host=host).exclude(host=host).update(host=host)
    for host_slug, event_slug, slug, title_vi, title_en, summary_vi, summary_en in demo_data.HOST_NEWS:
        post = NewsPost.objects.filter(slug=slug).first() or NewsPost(slug=slug)
        post.host = hosts[host_slug]
        post.event = Event.objects.filter(slug=event_slug).first()
        post.title_vi, post.title_en = title_vi, title_en
        post.summary_vi, post.summary_en = summary_vi, summary_en
        post.status = NewsStatus.PUBLISHED
        if post.pk is None:
            post.published_at = timezone.now()
            post.created_by = organiser
        post.save()

    first_name, last_name, role = demo_data.HOST_ORGANISER
    username = demo_data.HOST_ORGANISER_USERNAME
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first() or user_model(username=username)
    user.first_name, user.last_name = first_name, last_name
    user.email = f"{username}@example.vn"
    user.is_staff = True
    user.is_active = True
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.save()
    first_partner = hosts[demo_data.PARTNER_HOSTS[0][1]]
    HostMembership.objects.get_or_create(host=first_partner, user=user, role=HostRole.ORGANISER)

    counts = ", ".join(
        f"{host.organization.name}: {Event.objects.filter(host=host).count()}" for host in hosts.values()
    )
    line = summary_line(
        "Hosts", f"{len(hosts)} (events by host: {counts}; {username} organises at {first_partner})"
    )
    return (user, role, password), line
