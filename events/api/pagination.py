import re

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

_INTEGER = re.compile(r"[+-]?[0-9]+")


def _query_integer(request, name: str, *, default: int, maximum: int | None, message) -> int:
    """A whole number from the query string, from 1 (to `maximum`); empty or absent is `default`.
    Anything else is a 400, where DRF reads a bad page as a 404 and a bad page size as the default."""
    text = request.query_params.get(name) or ""
    if not text:
        return default
    value = int(text) if _INTEGER.fullmatch(text) else 0
    if value < 1 or (maximum is not None and value > maximum):
        raise ValidationError({name: [message]})
    return value


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()

    def get_page_number(self, request, paginator):
        return _query_integer(
            request, self.page_query_param, default=1, maximum=None, message=_("Enter a page number from 1.")
        )

    def get_page_size(self, request):
        return _query_integer(
            request,
            self.page_size_query_param,
            default=self.page_size,
            maximum=self.max_page_size,
            message=_("Enter a page size from 1 to %(max)d.") % {"max": self.max_page_size},
        )

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["schema"]["default"] = self.page_size
        return parameters
