"""The project's ModelAdmin base: addresses and forms edited by hand get the admin's own answers."""

import logging

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class ModelAdmin(admin.ModelAdmin):
    """Django's, and two hand-made requests no longer end in a 500:

    - an action posted with selected ids that are not ids (`_selected_action=abc`): a warning, and the
      list again;
    - a filter in the address that the database cannot answer (`?created_at__year=99999`): the list
      without it, as Django answers a lookup it cannot build (`?e=1`). Logged, so that a real fault in a
      filter does not go unseen."""

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and not self._selection_is_ids(request):
            self.message_user(request, _("Select items from the list first."), messages.WARNING)
            return HttpResponseRedirect(request.get_full_path())
        try:
            return super().changelist_view(request, extra_context)
        except (ValueError, OverflowError):
            if not request.GET or ERROR_FLAG in request.GET:
                raise  # nothing from the address to leave out: a real fault
            logger.warning("Admin list %s: filter refused %r", request.path, dict(request.GET), exc_info=True)
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")

    def _selection_is_ids(self, request) -> bool:
        pk = self.model._meta.pk
        try:
            for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
                pk.to_python(value)
        except ValidationError:
            return False
        return True
