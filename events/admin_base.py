"""The project's ModelAdmin base: addresses and forms edited by hand get the admin's own answers."""

import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from .dates import AdminDateWidget, AdminSplitDateTime

logger = logging.getLogger(__name__)

_BIGGEST_ID = 2**63 - 1  # what a database's integer key holds

# Date inputs show the language's format as their placeholder (dd/mm/yyyy), see events.dates.
DATE_WIDGETS = {
    models.DateField: {"widget": AdminDateWidget},
    models.DateTimeField: {"form_class": forms.SplitDateTimeField, "widget": AdminSplitDateTime},
}


class ModelAdmin(admin.ModelAdmin):
    """Django's, and two hand-made requests no longer end in a 500:

    - a filter in the address that the database cannot answer (`?created_at__year=99999`) is treated as
      Django treats a lookup it cannot build: the list again, flagged `?e=1`. Only the building of the list
      (its queryset and its count) is guarded, and the refusal is logged; actions, edits in the list and
      rendering raise as before;
    - an action posted with selected ids that are not ids (`_selected_action=abc`): a warning, and the
      list again."""

    formfield_overrides = DATE_WIDGETS

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


class TabularInline(admin.TabularInline):
    formfield_overrides = DATE_WIDGETS
