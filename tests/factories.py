"""factory_boy factories for the events app (and staff users). Defaults describe an ordinary, open,
published event one week ahead; tests override only what they are about."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from events.enums import (
    Audience,
    EventKind,
    EventStatus,
    OrganizationKind,
    RegistrationSource,
    RegistrationStatus,
)
from events.models import Event, Organization, Registration, Session, StartupProject, Venue


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    class Params:
        superuser = factory.Trait(is_staff=True, is_superuser=True)


class OrganizationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Trung tâm Đổi mới sáng tạo số {n}")
    kind = OrganizationKind.INNOVATION_CENTRE
    district = "Phường Sài Gòn"

    class Meta:
        model = Organization


class StartupProjectFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Dự án khởi nghiệp {n}")
    slug = factory.Sequence(lambda n: f"du-an-{n}")
    organization = factory.SubFactory(OrganizationFactory)

    class Meta:
        model = StartupProject


class VenueFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Nhà văn hóa Thanh niên {n}")
    address = "4 Phạm Ngọc Thạch, Phường Sài Gòn, Thành phố Hồ Chí Minh"
    district = "Phường Sài Gòn"

    class Meta:
        model = Venue


class SessionFactory(factory.django.DjangoModelFactory):
    event = factory.SubFactory("tests.factories.EventFactory", session=None)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    room = "Hội trường A"

    class Meta:
        model = Session


class EventFactory(factory.django.DjangoModelFactory):
    """A published event with one session a week from now. `EventFactory(session=None)` makes one
    without sessions; `session__starts_at=...` moves its session."""

    slug = factory.Sequence(lambda n: f"su-kien-{n}")
    kind = EventKind.WORKSHOP
    title_vi = factory.Sequence(lambda n: f"Hội thảo khởi nghiệp sáng tạo {n}")
    title_en = factory.Sequence(lambda n: f"Startup innovation workshop {n}")
    status = EventStatus.PUBLISHED
    audience = Audience.PUBLIC
    venue = factory.SubFactory(VenueFactory)
    capacity = None
    session = factory.RelatedFactory(SessionFactory, factory_related_name="event")

    class Meta:
        model = Event
        skip_postgeneration_save = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration written directly (no rules applied): for arranging a test's state."""

    event = factory.SubFactory(EventFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Thị Hồng {n}")
    email = factory.Sequence(lambda n: f"nguoi{n}@example.vn")
    phone = "0912345678"
    status = RegistrationStatus.CONFIRMED
    source = RegistrationSource.WEB
    language = "vi"
    consent_at = factory.LazyFunction(timezone.now)
    queued_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyAttribute(
        lambda o: o.queued_at if o.status == RegistrationStatus.CONFIRMED else None
    )

    class Meta:
        model = Registration


class NewsPostFactory(factory.django.DjangoModelFactory):
    """A published news post, published an hour ago, in both languages."""

    slug = factory.Sequence(lambda n: f"tin-{n}")
    title_vi = factory.Sequence(lambda n: f"Khai giảng lớp tập huấn ươm tạo khởi nghiệp {n}")
    title_en = factory.Sequence(lambda n: f"Startup incubation course opens {n}")
    summary_vi = "Thành phố hỗ trợ các dự án khởi nghiệp đổi mới sáng tạo."
    summary_en = "The city supports innovative startup projects."
    body_vi = "<p>Nội dung bài viết.</p>"
    body_en = "<p>The text of the post.</p>"
    status = "published"
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    class Meta:
        model = "events.NewsPost"
