"""A person's own calendar feed: one secret address per e-mail address."""

import secrets

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def personal_feed_secret() -> str:
    return secrets.token_urlsafe(32)


class PersonalFeed(models.Model):
    """The secret address of one person's calendar feed. A person is an e-mail address."""

    email = models.EmailField(_("e-mail"), max_length=254)
    secret = models.CharField(
        _("secret"), max_length=64, unique=True, default=personal_feed_secret, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    rotated_at = models.DateTimeField(_("secret last changed"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("personal calendar feed")
        verbose_name_plural = _("personal calendar feeds")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="personal_feed_one_per_email"),
        ]

    def __str__(self):
        return self.email

    def get_absolute_url(self):
        return reverse("events:personal_feed", kwargs={"secret": self.secret})
