"""Error answers outside the views: a translated page in the site's look, or under /api/ the API's JSON
error body (`events.api.errors`), so that a client reading the API never gets an HTML page."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from events.api.errors import error_body


def _api(request) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request, exception):
    if _api(request):
        return JsonResponse(error_body("bad_request", _("Malformed request.")), status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if _api(request):
        return JsonResponse(
            error_body("permission_denied", _("You do not have permission to perform this action.")),
            status=403,
        )
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if _api(request):
        return JsonResponse(error_body("not_found", _("Not found.")), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _api(request):
        return JsonResponse(error_body("server_error", _("A server error occurred.")), status=500)
    return defaults.server_error(request)
