"""The news e-mail: a post in the subscriber's language, with a one-click unsubscribe link (in the text,
in the HTML and as `List-Unsubscribe` headers). Built by the outbox when it sends."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from events.mail.messages import message_builder
from events.mail.models import EmailTopic, OutgoingEmail, UnsubscribeTopic
from events.mail.unsubscribe import is_unsubscribed, unsubscribe_headers, unsubscribe_url

from .models import NewsPost


def build_news_email(post: NewsPost, *, to: str, language: str) -> EmailMultiAlternatives:
    with translation.override(language or "vi"):
        context = {
            "post": post,
            "post_url": settings.SITE_URL + post.get_absolute_url(),
            "image_url": settings.SITE_URL + post.image.url if post.image else "",
            "unsubscribe_url": unsubscribe_url(to, UnsubscribeTopic.NEWS),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("news/email/post_subject.txt", context).strip()
        text = render_to_string("news/email/post.txt", context)
        html = render_to_string("news/email/post.html", context)
        headers = unsubscribe_headers(to, UnsubscribeTopic.NEWS)
    message = EmailMultiAlternatives(
        " ".join(subject.split()), text, settings.DEFAULT_FROM_EMAIL, [to], headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message


@message_builder(EmailTopic.NEWS)
def _news_message(email: OutgoingEmail) -> EmailMultiAlternatives | None:
    post = NewsPost.objects.filter(pk=email.object_id).first()
    # A post taken back (deleted or made a draft) is not sent; nor is one to a person who unsubscribed
    # after it was queued.
    if post is None or not post.is_visible or is_unsubscribed(email.recipient, UnsubscribeTopic.NEWS):
        return None
    return build_news_email(post, to=email.recipient, language=email.kind)
