from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checkin.models import CheckIn
from events import extensions
from events.enums import EventKind

from . import (
    emails,  # noqa: F401  (registers the certificate message's builder with the outbox)
    services,
)


@receiver(post_save, sender=CheckIn)
def reevaluate_after_correction(sender, instance: CheckIn, created, **kwargs):
    """A check-in recorded or undone after a course ended changes completion: re-apply the rule."""
    if instance.registration_id is None or instance.result != "ok":
        return
    if instance.session.event.kind != EventKind.COURSE:
        return  # exhibitions and other events have no completion rule: scans there cost nothing more
    registration_id = instance.registration_id
    if created and instance.registration.startup_project_id:
        # A startup team attending a course is support given to its project on that day.
        from events.exhibitions.models import SupportKind
        from events.exhibitions.services import support_record_create

        registration = instance.registration
        support_record_create(
            project=registration.startup_project,
            kind=SupportKind.TRAINING,
            date=timezone.localtime(instance.session.starts_at).date(),
            event=instance.session.event,
        )
    if not created and instance.undone_at is not None and instance.registration.startup_project_id:
        _forget_training_support(instance)
    transaction.on_commit(lambda: services.registration_reevaluate_if_ended(registration_id=registration_id))


def _forget_training_support(checkin: CheckIn) -> None:
    """An undone check-in may leave the project's team with no attendance at that course: then the
    course was no support to the project, and its record goes."""
    from events.exhibitions.models import SupportKind, SupportRecord

    project_id = checkin.registration.startup_project_id
    event = checkin.session.event
    still_attended = (
        CheckIn.objects.successful()
        .filter(session__event=event, registration__startup_project_id=project_id)
        .exists()
    )
    if not still_attended:
        SupportRecord.objects.filter(
            project_id=project_id, kind=SupportKind.TRAINING, event=event, meeting__isnull=True
        ).delete()


extensions.registration_checks.append(services.check_eligibility)
extensions.registration_page_templates.append("training/_registration_trainee.html")
extensions.registration_email_html_templates.append("training/email/trainee_link.html")
extensions.registration_email_text_templates.append("training/email/trainee_link.txt")
extensions.event_page_templates.append("training/_course_info.html")
# Staff write to the trainees who completed a course (events.mail).
extensions.message_audiences["completed"] = (
    _("Completed the course"),
    lambda event: event.registrations.filter(completion__completed=True),
)


def _seed_demo(context) -> list[str]:
    """seed_demo's training part: courses, completions, certificates and a nomination link (imported only
    when seeding)."""
    from .demo import seed

    return seed(context)


extensions.demo_seeders.append(_seed_demo)
