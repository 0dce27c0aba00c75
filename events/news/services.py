"""E-mailing news posts to the subscribers: once per post, when it is published (now, or when a scheduled
post's time comes)."""

from django.db import transaction
from django.utils import timezone

from events.mail.models import EmailTopic
from events.mail.services import email_queue_many

from .models import NewsPost
from .selectors import LANGUAGES, news_subscribers


def news_post_email(*, post: NewsPost, now=None) -> int:
    """Queue the post for every subscriber (one outbox row each, in the person's language, inserted in
    batches) if it is marked "send to subscribers", visible, and not e-mailed yet. Runs at most once per
    post, also when the admin and the periodic task race (the post's row is locked). Returns how many
    e-mails were queued (0 when there was nothing to do)."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            NewsPost.objects.select_for_update()
            .visible(now)
            .filter(pk=post.pk, send_to_subscribers=True, emailed_at__isnull=True)
            .values_list("pk", flat=True)
        )
        if not due:
            return 0
        subscribers = news_subscribers()
        queued = 0
        for language in LANGUAGES:
            # The outbox row's kind is the edition it is sent in: the person's last registration language.
            queued += email_queue_many(
                topic=EmailTopic.NEWS,
                obj=post,
                kind=language,
                recipients=(email for email, lang in subscribers if lang == language),
            )
        NewsPost.objects.filter(pk=post.pk).update(emailed_at=now, emailed_count=queued)
    post.emailed_at, post.emailed_count = now, queued
    return queued


def news_email_due(*, now=None) -> int:
    """E-mail the scheduled posts whose time has come (the periodic task). Returns the e-mails queued."""
    now = now or timezone.now()
    due = NewsPost.objects.visible(now).filter(send_to_subscribers=True, emailed_at__isnull=True)
    return sum(news_post_email(post=post, now=now) for post in due.only("pk"))
