from django.db import models
from django.utils.translation import gettext_lazy as _

from events.enums import ProjectStage


class Target(models.Model):
    """A 2028 target of the plan: projects supported at a stage (1,000 / 700 / 200)."""

    stage = models.CharField(_("stage"), max_length=32, choices=ProjectStage.choices, unique=True)
    value = models.PositiveIntegerField(_("target"))
    year = models.PositiveSmallIntegerField(_("by year"), default=2028)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["pk"]
        permissions = [("view_reports", _("Can view policy reports"))]

    def __str__(self):
        return f"{self.get_stage_display()}: {self.value} ({self.year})"


class Milestone(models.Model):
    """The cumulative figure a target should have reached by the end of a year."""

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("target")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.PositiveIntegerField(_("cumulative value"))

    class Meta:
        verbose_name = _("yearly milestone")
        verbose_name_plural = _("yearly milestones")
        ordering = ["target", "year"]
        constraints = [models.UniqueConstraint(fields=["target", "year"], name="milestone_once_per_year")]

    def __str__(self):
        return f"{self.target.get_stage_display()} {self.year}: {self.value}"
