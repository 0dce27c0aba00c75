"""Reads of exhibitions shared by the pages and the API."""

from events.models import Event

from .models import Exhibitor, ExhibitorStatus


def exhibitor_directory(event: Event, *, sector: str = "", stage: str = ""):
    """Approved exhibitors of an event with their projects, by booth (one query)."""
    qs = Exhibitor.objects.filter(event=event, status=ExhibitorStatus.APPROVED).select_related("project")
    if sector:
        qs = qs.filter(project__sector=sector)
    if stage:
        qs = qs.filter(project__stage=stage)
    return qs.order_by("booth", "project__name")
