"""News by e-mail: who the subscribers are, one outbox row each in their language (queued in batches),
once per post, scheduled posts when their time comes, and the message with its unsubscribe link."""

import datetime
import re
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.enums import RegistrationStatus
from events.mail.models import EmailStatus, EmailTopic, OutgoingEmail, UnsubscribeTopic
from events.mail.sending import email_send
from events.mail.unsubscribe import unsubscription_create
from events.models import Registration
from events.news.selectors import news_subscribers
from events.news.services import news_email_due, news_post_email
from events.privacy import anonymise_ended_events, pseudonym
from tests.factories import EventFactory, NewsPostFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _queued() -> list[tuple[str, str]]:
    return sorted(
        OutgoingEmail.objects.filter(topic=EmailTopic.NEWS).values_list("recipient", "kind").order_by()
    )


@pytest.fixture
def people(db):
    """Registrations of several kinds of people, for two events."""
    first, second = EventFactory(), EventFactory()
    RegistrationFactory(event=first, email="lan@example.vn", language="vi")
    # The same person twice, in two cases; the latest registration is in English
    RegistrationFactory(event=first, email="Minh@Example.vn", language="vi")
    RegistrationFactory(event=second, email="minh@example.vn", language="en")
    # Cancelled everything: not a subscriber; cancelled one of two: still one
    RegistrationFactory(event=first, email="huy@example.vn", status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=first, email="thu@example.vn", status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=second, email="thu@example.vn", status=RegistrationStatus.WAITLISTED)
    # Anonymised, and unsubscribed (in another case)
    RegistrationFactory(event=first, email=pseudonym("cu@example.vn"))
    RegistrationFactory(event=second, email="nam@example.vn", language="en")
    unsubscription_create(email="NAM@example.vn", topic=UnsubscribeTopic.NEWS)


def test_subscribers_are_registrants_once_each_in_their_last_language(people):
    assert sorted(news_subscribers()) == [
        ("lan@example.vn", "vi"),
        ("minh@example.vn", "en"),
        ("thu@example.vn", "vi"),
    ]


def test_publishing_with_send_queues_one_email_per_subscriber_once(people):
    post = NewsPostFactory(send_to_subscribers=True)

    assert news_post_email(post=post) == 3
    assert news_post_email(post=post) == 0  # a second save, or the periodic task, sends nothing more

    assert _queued() == [("lan@example.vn", "vi"), ("minh@example.vn", "en"), ("thu@example.vn", "vi")]
    post.refresh_from_db()
    assert (post.emailed_count, post.emailed_at is not None) == (3, True)


def test_post_not_marked_or_not_visible_is_not_emailed(people):
    unmarked = NewsPostFactory(send_to_subscribers=False)
    draft = NewsPostFactory(send_to_subscribers=True, status="draft")

    assert (news_post_email(post=unmarked), news_post_email(post=draft)) == (0, 0)
    assert _queued() == []


def test_scheduled_post_is_emailed_when_its_time_comes(people):
    soon = timezone.now() + datetime.timedelta(hours=1)
    NewsPostFactory(send_to_subscribers=True, published_at=soon)

    assert news_email_due() == 0
    assert news_email_due(now=soon + datetime.timedelta(seconds=1)) == 3
    assert news_email_due(now=soon + datetime.timedelta(minutes=2)) == 0
    assert len(_queued()) == 3


def test_admin_publish_with_send_to_subscribers_queues_the_emails(admin_client, people):
    response = admin_client.post(
        reverse("admin:events_newspost_add"),
        {
            "title_vi": "Ngày hội khởi nghiệp",
            "summary_vi": "Mời bạn tham dự.",
            "body_vi": "<p>Nội dung</p>",
            "slug": "ngay-hoi",
            "status": "published",
            "published_at_0": "01/03/2025",
            "published_at_1": "09:00:00",
            "send_to_subscribers": "on",
        },
        follow=True,
    )

    assert next(str(m) for m in response.context["messages"]) == (
        "Bài viết đang được gửi qua email đến 3 người nhận tin."
    )
    assert len(_queued()) == 3


def test_news_email_in_the_subscribers_language_with_unsubscribe_link_and_headers(people, mailoutbox):
    post = NewsPostFactory(
        slug="ngay-hoi", title_vi="Ngày hội khởi nghiệp", title_en="Startup day", send_to_subscribers=True
    )
    news_post_email(post=post)
    row = OutgoingEmail.objects.get(recipient="minh@example.vn")

    assert email_send(email_id=row.pk).outcome == "sent"

    [message] = mailoutbox
    assert (message.to, message.subject) == (["minh@example.vn"], "News: Startup day")
    [link] = re.findall(r"^Unsubscribe from news: (\S+)$", message.body, re.MULTILINE)
    assert link.startswith("http://testserver/en/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [(html, _)] = message.alternatives
    assert f'<a href="{link}">Unsubscribe from news</a>' in html
    assert "http://testserver/en/news/ngay-hoi/" in message.body


def test_vietnamese_subscriber_gets_the_vietnamese_edition(people, mailoutbox):
    post = NewsPostFactory(title_vi="Ngày hội khởi nghiệp", send_to_subscribers=True)
    news_post_email(post=post)

    email_send(email_id=OutgoingEmail.objects.get(recipient="lan@example.vn").pk)

    [message] = mailoutbox
    assert message.subject == "Tin tức: Ngày hội khởi nghiệp"
    assert re.findall(r"^Hủy nhận tin tức: http://testserver/unsubscribe/\S+/$", message.body, re.MULTILINE)


def test_news_is_not_sent_to_someone_who_unsubscribed_after_it_was_queued(people, mailoutbox):
    news_post_email(post=NewsPostFactory(send_to_subscribers=True))
    unsubscription_create(email="LAN@example.vn", topic=UnsubscribeTopic.NEWS)

    result = email_send(email_id=OutgoingEmail.objects.get(recipient="lan@example.vn").pk)

    assert (result.outcome, mailoutbox) == ("gave_up", [])


def test_anonymising_old_registrations_also_anonymises_the_news_sent_to_them(mailoutbox):
    old = EventFactory(session__starts_at=timezone.now() - datetime.timedelta(days=800))
    RegistrationFactory(event=old, email="Lan@example.vn")
    RegistrationFactory(email="binh@example.vn")
    news_post_email(post=NewsPostFactory(send_to_subscribers=True))

    anonymise_ended_events(older_than_days=730)

    assert _queued() == sorted([("binh@example.vn", "vi"), (pseudonym("lan@example.vn"), "vi")])


def test_five_thousand_subscribers_are_queued_in_a_few_queries(django_assert_max_num_queries):
    event = EventFactory()
    now = timezone.now()
    Registration.objects.bulk_create(
        [
            Registration(
                event=event,
                full_name=f"Người {n}",
                email=f"nguoi{n}@example.vn",
                phone="0912345678",
                status=RegistrationStatus.CONFIRMED,
                language="en" if n % 4 == 0 else "vi",
                consent_at=now,
            )
            for n in range(5000)
        ]
    )
    post = NewsPostFactory(send_to_subscribers=True)

    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        queued = news_post_email(post=post)
    elapsed = time.monotonic() - started

    assert queued == 5000
    assert OutgoingEmail.objects.filter(topic=EmailTopic.NEWS, status=EmailStatus.PENDING).count() == 5000
    assert OutgoingEmail.objects.filter(kind="en").count() == 1250
    # lock, unsubscriptions, registrations (in chunks), 5 + 2 batched inserts, the post's update
    # (SQLite takes a limited number of parameters a statement, so there an insert carries fewer rows.)
    limit = connection.features.max_query_params
    fields = len([f for f in OutgoingEmail._meta.concrete_fields if not f.primary_key])
    per_insert = min(1000, limit // fields) if limit else 1000
    extra_inserts = -(-1250 // per_insert) - (-3750 // per_insert) - 7  # the two editions, vs 2 + 5 inserts
    assert len(queries) <= 15 + max(extra_inserts + 5, 0) if extra_inserts > 0 else len(queries) <= 15
    assert elapsed < 10
