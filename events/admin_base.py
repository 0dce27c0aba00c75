"""The project's ModelAdmin base: addresses and forms edited by hand get the admin's own answers."""

import functools
import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from .dates import AdminDateWidget, AdminSplitDateTime
from .enums import HostRole
from .hosts import Host, hosts_of, is_programme_office
from .models import Event
from .selectors import host_staff, scope_to_events, scope_to_hosts, staff_events

logger = logging.getLogger(__name__)

_BIGGEST_ID = 2**63 - 1  # what a database's integer key holds

# Date inputs show the language's format as their placeholder (dd/mm/yyyy), see events.dates.
DATE_WIDGETS = {
    models.DateField: {"widget": AdminDateWidget},
    models.DateTimeField: {"form_class": forms.SplitDateTimeField, "widget": AdminSplitDateTime},
}


def _field_names(model) -> set[str]:
    return {field.name for field in model._meta.fields}  # forward fields: a row's own host or event


def choices_for(user, model, queryset):
    """The rows of `model` that `user` may pick in a form: its managed events, its hosts where it is an
    organiser, what belongs to those; the users of its hosts. The programme office picks anything."""
    if is_programme_office(user):
        return queryset
    if model is Event:
        return queryset.filter(pk__in=staff_events(user).values("pk"))
    if model is Host:
        return queryset.filter(pk__in=hosts_of(user, HostRole.ORGANISER).values("pk"))
    if model is get_user_model():
        return queryset.filter(pk__in=host_staff(user).values("pk"))
    names = _field_names(model)
    if "host" in names:
        return scope_to_hosts(queryset, user, "host", HostRole.ORGANISER)
    if "event" in names:
        return scope_to_events(queryset, user, "event", manage=True)
    return queryset


class HostScopedForms:
    """Foreign-key and many-to-many choices cut to what the user may pick (`choices_for`)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and hasattr(formfield, "queryset"):
            formfield.queryset = choices_for(request.user, db_field.related_model, formfield.queryset)
            if db_field.name == "host" and db_field.has_default():
                # A form sent without the field keeps the row's host (a new row: the default, or the
                # host the form started at); one sent with it empty is refused by the model.
                formfield.required = False
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None and hasattr(formfield, "queryset"):
            formfield.queryset = choices_for(request.user, db_field.related_model, formfield.queryset)
        return formfield


class ModelAdmin(HostScopedForms, admin.ModelAdmin):
    """Scoped to the user's hosts (see `host_scope`), and two hand-made requests no longer end in a 500:

    - a filter in the address that the database cannot answer (`?created_at__year=99999`) is treated as
      Django treats a lookup it cannot build: the list again, flagged `?e=1`. Only the building of the list
      (its queryset and its count) is guarded, and the refusal is logged; actions, edits in the list and
      rendering raise as before;
    - an action posted with selected ids that are not ids (`_selected_action=abc`): a warning, and the
      list again."""

    formfield_overrides = DATE_WIDGETS

    # Hosts: how a row reaches its event (`event_path`, "" for events) or its host (`host_path`). Left
    # unset, a model with a `host` field goes by it, else one with an `event` field by that; a model with
    # neither is the programme office's alone unless `shared_between_hosts` (reference data every host
    # reads: organisations, projects, venues).
    event_path: str | None = None
    host_path: str | None = None
    shared_between_hosts = False

    def host_scope(self) -> tuple[str, str] | None:
        if self.event_path is not None:
            return ("event", self.event_path)
        if self.host_path is not None:
            return ("host", self.host_path)
        names = _field_names(self.model)
        if "host" in names:
            return ("host", "host")
        if "event" in names:
            return ("event", "event")
        return None

    def scoped(self, queryset, user, *, manage: bool = False):
        """`queryset` cut to the rows `user` may look at (`manage`: may change)."""
        if is_programme_office(user):
            return queryset
        scope = self.host_scope()
        if scope is None:
            return queryset if self.shared_between_hosts else queryset.none()
        kind, path = scope
        if kind == "event":
            return scope_to_events(queryset, user, path, manage=manage)
        roles = (HostRole.ORGANISER,) if manage else ()
        return scope_to_hosts(queryset, user, path, *roles)

    def get_queryset(self, request):
        return self.scoped(super().get_queryset(request), request.user)

    def get_changeform_initial_data(self, request):
        """A host's organiser adds rows for its (first) host; the programme office for its own."""
        initial = super().get_changeform_initial_data(request)
        if (
            "host" in _field_names(self.model)
            and "host" not in initial
            and not is_programme_office(request.user)
        ):
            first = hosts_of(request.user, HostRole.ORGANISER).values_list("pk", flat=True).first()
            if first is not None:
                initial["host"] = first
        return initial

    def _manages(self, request, obj) -> bool:
        if obj is None or is_programme_office(request.user):
            return True
        if self.host_scope() is None:
            return self.shared_between_hosts
        return self.scoped(self.model._default_manager.filter(pk=obj.pk), request.user, manage=True).exists()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._manages(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._manages(request, obj)

    def get_actions(self, request):
        """Every action that may change data runs only over rows the user may change: a selection holding
        another host's row (one the user only views, as report viewer or door staff there) is refused
        whole, nothing changed. Actions that only read (`permissions=["view"]`, e.g. an export) run over
        what the user sees."""
        actions = super().get_actions(request)
        return {
            name: (self._guarded(func), name, description)
            for name, (func, _name, description) in actions.items()
        }

    def _guarded(self, func):
        permissions = set(getattr(func, "allowed_permissions", ()) or ())
        if permissions and permissions <= {"view"}:
            return func

        @functools.wraps(func)
        def guarded(modeladmin, request, queryset):
            if not is_programme_office(request.user):
                selected = set(queryset.values_list("pk", flat=True))
                rows = self.model._default_manager.filter(pk__in=selected)
                changeable = self.scoped(rows, request.user, manage=True).values_list("pk", flat=True)
                if set(changeable) != selected:
                    self.message_user(
                        request,
                        _("You may not change some of the selected rows (another host's): nothing was done."),
                        messages.ERROR,
                    )
                    return None
            return func(modeladmin, request, queryset)

        return guarded

    def get_list_filter(self, request):
        """A host's staff filter by the related rows of their own list only (not every host's events)."""
        filters = super().get_list_filter(request)
        if is_programme_office(request.user):
            return filters
        scoped = []
        for entry in filters:
            if isinstance(entry, str):
                try:
                    field = get_fields_from_path(self.model, entry)[-1]
                except FieldDoesNotExist:
                    field = None
                if field is not None and field.is_relation:
                    entry = (entry, admin.RelatedOnlyFieldListFilter)
            scoped.append(entry)
        return scoped

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except (ValueError, OverflowError) as exc:
            if not request.GET or ERROR_FLAG in request.GET:
                raise  # nothing from the address to leave out: a real fault
            logger.warning("Admin list %s: filter refused %r", request.path, dict(request.GET), exc_info=True)
            raise IncorrectLookupParameters(exc) from exc

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and not self._selection_is_ids(request):
            self.message_user(request, _("Select items from the list first."), messages.WARNING)
            return HttpResponseRedirect(request.get_full_path())
        return super().changelist_view(request, extra_context)

    def _selection_is_ids(self, request) -> bool:
        pk = self.model._meta.pk
        integer = isinstance(pk, models.IntegerField | models.AutoField)
        try:
            for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
                key = pk.to_python(value)
                if integer and not -_BIGGEST_ID <= key <= _BIGGEST_ID:
                    return False
        except ValidationError:
            return False
        return True


class TabularInline(HostScopedForms, admin.TabularInline):
    formfield_overrides = DATE_WIDGETS
