"""News of the programme: posts in Vietnamese and English, published at a time (scheduled posts appear
when their time comes), optionally about an event or course, optionally e-mailed to the people who
registered for events."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.hosts import default_host
from events.models import localized, plausible_dates
from events.validators import validate_single_line

from .sanitize import clean_html


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class NewsPostQuerySet(models.QuerySet):
    def visible(self, now=None):
        """What the public sees: published posts whose publication time has come."""
        return self.filter(status=NewsStatus.PUBLISHED, published_at__lte=now or timezone.now())


class NewsPost(models.Model):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=255, validators=[validate_single_line])
    title_en = models.CharField(
        _("title (English)"), max_length=255, blank=True, validators=[validate_single_line]
    )
    summary_vi = models.TextField(_("summary (Vietnamese)"), max_length=600)
    summary_en = models.TextField(_("summary (English)"), max_length=600, blank=True)
    body_vi = models.TextField(_("text (Vietnamese)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    image = models.ImageField(_("picture"), upload_to="news/%Y/", blank=True)
    host = models.ForeignKey(
        "events.Host",
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        default=default_host,
        related_name="news_posts",
    )

    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("about the event or course"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_posts",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=NewsStatus.choices, default=NewsStatus.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        help_text=_("A published post appears on the site (and is e-mailed) from this time on."),
    )
    send_to_subscribers = models.BooleanField(
        _("send to subscribers"),
        default=False,
        help_text=_(
            "E-mail the post, once, to everyone who registered for an event and did not unsubscribe, "
            "when it is published."
        ),
    )
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True, editable=False)
    emailed_count = models.PositiveIntegerField(_("e-mails queued"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"], name="newspost_status_published")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Whoever saves a post (the admin, a command, the shell), only the safe subset of HTML is stored.
        self.body_vi = clean_html(self.body_vi)
        self.body_en = clean_html(self.body_en)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:news_detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = plausible_dates(self, "published_at")
        if errors:
            raise ValidationError(errors)

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def body(self) -> str:
        """The text in the active language; the Vietnamese text when no English one was written."""
        return localized(self, "body")

    @property
    def is_visible(self) -> bool:
        return self.status == NewsStatus.PUBLISHED and self.published_at <= timezone.now()
