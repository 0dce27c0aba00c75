"""The worker's side of news: scheduled posts are e-mailed when their publication time comes."""

from celery import shared_task

from .services import news_email_due


@shared_task(name="events.news.tasks.email_due_news")
def email_due_news() -> int:
    """Periodic: queue the e-mails of posts marked "send to subscribers" whose publication time has come."""
    return news_email_due()
