"""Check-in API: scan, offline package, offline sync, live counts, search and manual check-in."""

import base64
import codecs
import datetime

from django.core.validators import ProhibitNullCharactersValidator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiRequest,
    PolymorphicProxySerializer,
    extend_schema,
    inline_serializer,
)
from rest_framework import permissions, serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.utils import json as drf_json
from rest_framework.views import APIView

from events.api.fields import NonBlankTextField, TextField, WholeNumberField
from events.api.i18n import RequestLanguageMixin
from events.api.schema import error_response
from events.enums import RegistrationStatus
from events.exceptions import DomainError
from events.models import Event, Registration, Session
from events.validators import single_line

from . import crypto, selectors, services
from .authentication import DeviceTokenAuthentication, device_seen, token_from_header
from .db import first_read
from .enums import ScanResult
from .models import CheckIn, DeletedTicket, EventKey, ScannerDevice, Ticket, hash_token
from .throttling import ScanThrottle, count_unknown_code, scan_limits, scanner_ident

MESSAGES = {
    ScanResult.OK: _("Welcome! Checked in."),
    ScanResult.ALREADY_CHECKED_IN: _("Already checked in."),
    ScanResult.INVALID: _("Unknown or invalid code."),
    ScanResult.REVOKED: _("This ticket was replaced by a newer one and is no longer valid."),
    ScanResult.WRONG_EVENT: _("This ticket is for another event."),
    ScanResult.NOT_OPEN: _("Check-in is not open for this session at this time."),
    ScanResult.CANCELLED: _("This registration was cancelled."),
    ScanResult.NOT_CONFIRMED: _("This registration is not confirmed (pending or on the waiting list)."),
}


def person(registration: Registration | None) -> dict | None:
    if registration is None:
        return None
    return {
        "name": registration.full_name,
        "organisation": registration.organization_name,
        "role": registration.position,
        "reference": registration.reference,
    }


def outcome_data(outcome: services.ScanOutcome) -> dict:
    checkin = outcome.checkin
    shown = outcome.first if outcome.result == ScanResult.ALREADY_CHECKED_IN and outcome.first else checkin
    counted = checkin.result in (ScanResult.OK, ScanResult.ALREADY_CHECKED_IN)
    return {
        "result": checkin.result,
        "message": str(MESSAGES[checkin.result]),
        # A ticket of another event says nothing about its holder to this event's door.
        "registration": None if checkin.result == ScanResult.WRONG_EVENT else person(checkin.registration),
        # in local time whichever path the row came from (a fresh scan, a parsed offline time, the
        # database), so that a replayed answer reads the same as the first one
        "checked_in_at": timezone.localtime(shown.scanned_at) if counted else None,
        "gate": shown.gate if counted else None,
        "session": checkin.session_id,
        "offline": checkin.offline,
        "replayed": outcome.replayed,
    }


class IsScanner(permissions.BasePermission):
    """A scanner device, or a logged-in staff user (per-event rights are checked in each view)."""

    def has_permission(self, request, view):
        user = request.user
        return isinstance(user, ScannerDevice) or bool(user and user.is_authenticated and user.is_active)


def actor(request) -> tuple[ScannerDevice | None, object | None]:
    if isinstance(request.user, ScannerDevice):
        return request.user, None
    return None, request.user


def default_gate(user, event: Event) -> str:
    """A door-staff user's gate at this event (from their assignment), when the scan names none."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    from .models import DoorStaffAssignment

    assignment = DoorStaffAssignment.objects.filter(event=event, user=user).only("gate").first()
    return assignment.gate if assignment else ""


def check_event_access(request, event: Event) -> None:
    device, user = actor(request)
    allowed = services.device_can_scan(device, event) if device else services.user_can_scan(user, event)
    if not allowed:
        raise PermissionDenied(_("You are not allowed to scan for this event."))


class ScannerAPIView(RequestLanguageMixin, APIView):
    authentication_classes = [DeviceTokenAuthentication, SessionAuthentication]
    permission_classes = [IsScanner]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "scan"


class GateField(TextField):
    """A gate's name, kept on one line: folded rather than refused, so that no scan (an offline upload
    holds many) is lost over the label a device gives its door."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        # Folding would drop a NUL, which every text field of the API refuses (and the schema says so).
        if "\x00" in value:
            raise serializers.ValidationError(
                ProhibitNullCharactersValidator.message, code="null_characters_not_allowed"
            )
        return single_line(value)


class ScanSerializer(serializers.Serializer):
    code = NonBlankTextField(max_length=500, trim_whitespace=True)
    session = WholeNumberField(min_value=1)
    nonce = TextField(max_length=64, required=False, allow_null=True, allow_blank=True)
    scanned_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="When an offline scan was made: within the last year."
    )
    gate = GateField(max_length=120, required=False, allow_blank=True, default="")

    def validate_scanned_at(self, value):
        """Offline scans are uploaded within a year; a clock far in the future is a broken device."""
        if value is None:
            return value
        now = timezone.now()
        try:
            value = value.astimezone(datetime.UTC)
        except (OverflowError, ValueError) as exc:
            raise serializers.ValidationError(_("Enter a time within the last year.")) from exc
        if not now - datetime.timedelta(days=366) <= value <= now + datetime.timedelta(hours=1):
            raise serializers.ValidationError(_("Enter a time within the last year."))
        return value


_PERSON = {
    "name": serializers.CharField(),
    "organisation": serializers.CharField(),
    "role": serializers.CharField(),
    "reference": serializers.CharField(),
}
_ANSWER = {
    "result": serializers.ChoiceField(choices=ScanResult.choices),
    "message": serializers.CharField(),
    "registration": inline_serializer("ScanPerson", _PERSON, allow_null=True),
    "checked_in_at": serializers.DateTimeField(allow_null=True),
    "gate": serializers.CharField(allow_null=True),
    "session": serializers.IntegerField(),
    "offline": serializers.BooleanField(),
    "replayed": serializers.BooleanField(),
}
ScanAnswer = inline_serializer("ScanAnswer", _ANSWER)
SyncResults = PolymorphicProxySerializer(
    "SyncResult",
    serializers=[
        inline_serializer("SyncOutcome", {"nonce": serializers.CharField(), **_ANSWER}),
        inline_serializer(  # with `"result": null`
            "SyncRefusal",
            {
                "nonce": serializers.CharField(),
                "error": serializers.ChoiceField(choices=["unknown_session", "nonce_conflict"]),
                "message": serializers.CharField(),
            },
        ),
    ],
    resource_type_field_name=None,
    many=True,
)


def _session_for(request, session_id: int) -> Session:
    device, _user = actor(request)
    if device is not None and device.is_active:
        # The common case in one query: a device scanning at a session of one of its events.
        session = (
            Session.objects.select_related("event")
            .filter(pk=session_id, event__scanner_devices=device)
            .first()
        )
        if session is not None:
            return session
    session = Session.objects.select_related("event").filter(pk=session_id).first()
    if session is None:
        raise NotFound(_("Unknown session."))
    check_event_access(request, session.event)
    return session


def _plain_scan(data) -> dict | None:
    """The common well-formed scan (an ASCII code, a session id, an optional nonce, no time, no gate) read
    directly, for it is what a gate sends all day and running `ScanSerializer` costs a live scan more than
    its look-up; None for anything else. It accepts only what the serializer accepts and reads it the
    same way (a test holds them to it)."""
    if isinstance(data, dict) and data.keys() <= _FAST_KEYS:
        code, session, nonce = data.get("code"), data.get("session"), data.get("nonce")
        if (
            _plain(code, 500)
            and code
            and type(session) is int
            and session >= 1
            and (nonce is None or _plain(nonce, 64))
            and data.get("gate", "") == ""
        ):
            return {"code": code, "session": session, "nonce": nonce, "gate": ""}
    return None


def _scan_payload(data) -> dict:
    """The scan's fields: directly for a plain scan, otherwise through the serializer (and its errors)."""
    plain = _plain_scan(data)
    if plain is not None:
        return plain
    serializer = ScanSerializer(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


_FAST_KEYS = {"code", "session", "nonce", "gate"}


def _plain(value, max_length: int) -> bool:
    """A string the serializer's CharField would keep as it is: ASCII, no NUL, no surrounding space."""
    return (
        isinstance(value, str)
        and len(value) <= max_length
        and value.isascii()
        and "\x00" not in value
        and value == value.strip()
    )


def _scan(
    context: selectors.ScanContext,
    *,
    code: str,
    device: ScannerDevice | None,
    ident: str,
    user=None,
    gate: str = "",
    nonce: str | None = None,
    scanned_at: datetime.datetime | None = None,
) -> dict:
    """Record the scan read in `context` and give the answer both paths send. A time more than a minute
    from now is a scan made offline; an unknown code counts against the scanner's limit."""
    offline = bool(scanned_at) and abs((timezone.now() - scanned_at).total_seconds()) > 60
    outcome = services.checkin_scan(
        code=code,
        session=context.session,
        device=device,
        user=user,
        gate=gate,
        nonce=nonce or None,
        scanned_at=scanned_at if offline else None,
        offline=offline,
        context=context,
    )
    if outcome.result == ScanResult.INVALID and not outcome.replayed:
        count_unknown_code(ident)  # code guessing: refused past a limit (ScanThrottle)
    return outcome_data(outcome)


class ScanView(ScannerAPIView):
    """Scan one code at one session. Always answers 200 with a `result` from the fixed set
    (ok, already_checked_in, invalid, revoked, wrong_event, not_open, cancelled, not_confirmed)."""

    throttle_classes = [ScanThrottle]

    @extend_schema(
        request=ScanSerializer,
        examples=[
            OpenApiExample(
                "A code read at the door",
                request_only=True,
                value={"code": "AEAQEAQEAQEAQEAQ", "session": 1, "nonce": "gate-a-000001"},
            )
        ],
        responses={
            200: ScanAnswer,
            404: error_response("Unknown session."),
            409: error_response("The nonce was already used by another scanner or event (`nonce_conflict`)."),
        },
    )
    def post(self, request):
        data = _scan_payload(request.data)
        device, user = actor(request)
        # One query: the session, this device's right to scan there, the ticket, the person, whether
        # they are in already.
        context = selectors.scan_context(
            session_id=data["session"], code=data["code"], device_id=device.pk if device else None
        )
        if context is None:
            raise NotFound(_("Unknown session."))
        session = context.session
        if device is None:
            check_event_access(request, session.event)
        elif not context.device_allowed:
            raise PermissionDenied(_("You are not allowed to scan for this event."))
        return Response(
            _scan(
                context,
                code=data["code"],
                device=device,
                user=user,
                gate=data.get("gate", "") or default_gate(user, session.event),
                nonce=data.get("nonce"),
                scanned_at=data.get("scanned_at"),
                ident=scanner_ident(request),
            )
        )

    def dispatch(self, request, *args, **kwargs):
        return _device_scan(self, request) or super().dispatch(request, *args, **kwargs)


def _device_scan(view: ScanView, request) -> HttpResponse | None:
    """A device's well-formed scan, answered without DRF's request cycle: the device is authenticated in
    the scan's one read (`selectors.scan_context` by the token's hash), then the limits (one trip to the
    cache), the insert, and the same JSON as `ScanView.post` would render. This is the request a gate
    sends all day, and DRF's machinery around it (request wrapping, authentication and throttle
    classes, negotiation, rendering) cost more than the scan's own work.

    None whenever the request is anything else or anything is off (no or unknown token, a session that
    does not exist or is not the device's, the limits reached, a body that is not a plain scan, another
    Accept, a query string): `ScanView`'s DRF path then answers it, errors included, exactly as it
    answers every request. A test holds the two paths to the same answers."""
    if request.method != "POST" or request.content_type != "application/json" or request.GET:
        return None
    if request.encoding and codecs.lookup(request.encoding).name != "utf-8":
        return None  # DRF reads the body in the declared charset
    if request.META.get("HTTP_ACCEPT", "*/*") not in ("*/*", "application/json"):
        return None
    token = token_from_header(request.META.get("HTTP_AUTHORIZATION", ""))
    if token is None:
        return None
    try:
        # as DRF's JSONParser reads it: UTF-8 only (json.loads of bytes would also take UTF-16 and a BOM),
        # and no NaN or Infinity (STRICT_JSON)
        data = drf_json.loads(request.body.decode("utf-8"), parse_constant=drf_json.strict_constant)
    except (ValueError, RecursionError):  # UnicodeDecodeError included; the DRF path answers with a 400
        return None
    payload = _plain_scan(data)
    if payload is None:
        return None
    context = first_read(
        lambda: selectors.scan_context(
            session_id=payload["session"], code=payload["code"], token_hash=hash_token(token)
        )
    )
    if context is None or context.device is None or not context.device_allowed:
        return None
    device = context.device
    ident = scanner_ident(device=device)
    if not scan_limits(ident).allowed:
        return None
    device_seen(device)
    try:
        answer = _scan(context, code=payload["code"], device=device, nonce=payload["nonce"], ident=ident)
    except DomainError:
        return None  # answered by the DRF path with the API's error body
    return HttpResponse(
        _RENDERER.render(answer), content_type="application/json", headers=view.default_response_headers
    )


_RENDERER = JSONRenderer()


class SyncScanSerializer(ScanSerializer):
    """A scan made offline: a code, or the reference printed on the ticket (typed at the door)."""

    code = TextField(max_length=500, trim_whitespace=True, required=False, allow_blank=True)
    reference = TextField(max_length=16, required=False, allow_blank=True)
    nonce = NonBlankTextField(max_length=64)
    scanned_at = serializers.DateTimeField()

    def validate(self, attrs):
        if not attrs.get("code") and not attrs.get("reference"):
            raise serializers.ValidationError({"code": [_("Send a code or a reference.")]})
        return attrs


class SyncSerializer(serializers.Serializer):
    scans = SyncScanSerializer(many=True, max_length=500)


SYNC_ERRORS = {
    "unknown_session": _("Unknown session, or not allowed for this device."),
    services.NonceConflict.code: services.NonceConflict.default_message,
}


class SyncView(ScannerAPIView):
    """Upload scans made offline. Each scan is answered on its own (same shape as /scan/ plus `nonce`);
    uploading the same batch again records nothing new."""

    @extend_schema(
        request=SyncSerializer,
        responses={200: inline_serializer("SyncAnswer", {"results": SyncResults})},
    )
    def post(self, request):
        serializer = SyncSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        scans = serializer.validated_data["scans"]
        device, user = actor(request)
        session_ids = {scan["session"] for scan in scans}
        events = {s.pk: s.event for s in Session.objects.select_related("event").filter(pk__in=session_ids)}
        allowed = set()
        for event in {e.pk: e for e in events.values()}.values():
            ok = services.device_can_scan(device, event) if device else services.user_can_scan(user, event)
            if ok:
                allowed.add(event.pk)
        for scan in scans:
            # a door-staff user's offline scans keep their gate, as their live scans do
            if not scan.get("gate") and scan["session"] in events:
                scan["gate"] = default_gate(user, events[scan["session"]])
        answers = services.checkin_sync(scans=scans, device=device, user=user, allowed_event_ids=allowed)
        results = []
        for answer in answers:
            if "error" in answer:
                results.append(
                    {
                        "nonce": answer["nonce"],
                        "result": None,
                        "error": answer["error"],
                        "message": str(SYNC_ERRORS[answer["error"]]),
                    }
                )
            else:
                results.append({"nonce": answer["nonce"], **outcome_data(answer["outcome"])})
        return Response({"results": results})


OfflinePackage = inline_serializer(
    "OfflinePackage",
    {
        "event": inline_serializer(
            "OfflineEvent", {"slug": serializers.CharField(), "title": serializers.CharField()}
        ),
        "generated_at": serializers.DateTimeField(),
        "key": inline_serializer(
            "OfflineKey",
            {
                "algorithm": serializers.ChoiceField(choices=["Ed25519"]),
                "key_id": serializers.IntegerField(),
                "public_key": serializers.CharField(help_text="base64"),
            },
        ),
        "code_format": serializers.CharField(),
        "results": serializers.ListField(child=serializers.ChoiceField(choices=ScanResult.choices)),
        "sessions": inline_serializer(
            "OfflineSession",
            {
                "id": serializers.IntegerField(),
                "title": serializers.CharField(),
                "starts_at": serializers.DateTimeField(),
                "ends_at": serializers.DateTimeField(),
                "checkin_opens_at": serializers.DateTimeField(),
                "checkin_closes_at": serializers.DateTimeField(),
            },
            many=True,
        ),
        "tickets": inline_serializer(
            "OfflineTicket",
            {
                "ticket_id": serializers.CharField(allow_null=True, help_text="hex"),
                "status": serializers.ChoiceField(choices=["confirmed", "cancelled", "not_confirmed"]),
                **_PERSON,
            },
            many=True,
        ),
        "revoked": serializers.ListField(child=serializers.CharField(allow_null=True, help_text="hex")),
        "checked_in": inline_serializer(
            "OfflineCheckIn",
            {
                "ticket_id": serializers.CharField(allow_null=True),
                "reference": serializers.CharField(),
                "session": serializers.IntegerField(),
                "checked_in_at": serializers.DateTimeField(),
                "gate": serializers.CharField(),
            },
            many=True,
        ),
    },
)


class OfflinePackageView(ScannerAPIView):
    """What a device needs to check people in without the network for one event: the public key, the
    other events' public keys (a genuine ticket of another event is `wrong_event`, as the server says), the
    sessions with their check-in windows, each ticket's id with the name to show and its state, the
    revoked ticket ids (deleted tickets included), and who is already checked in."""

    throttle_scope = "offline"

    @extend_schema(responses={200: OfflinePackage})
    def get(self, request, slug):
        event = get_object_or_404(Event.objects.published(), slug=slug)
        check_event_access(request, event)
        key = services.event_key_get_or_create(event=event)
        services.event_keys_ensure_for_window(event=event)
        sessions = []
        for session in event.sessions.order_by("starts_at"):
            opens, closes = services.checkin_window(session)
            sessions.append(
                {
                    "id": session.pk,
                    "title": session.title or event.title,
                    "starts_at": session.starts_at,
                    "ends_at": session.ends_at,
                    "checkin_opens_at": opens,
                    "checkin_closes_at": closes,
                }
            )
        tickets, revoked = [], []
        active_ticket_ids = {}
        for ticket in (
            Ticket.objects.filter(registration__event=event).select_related("registration").order_by("pk")
        ):
            parsed = crypto.parse_code(ticket.code)
            ticket_id = parsed.ticket_id.hex() if parsed else None
            if ticket.is_revoked:
                revoked.append(ticket_id)
                continue
            registration = ticket.registration
            state = "confirmed"
            if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED):
                state = "cancelled"
            elif registration.status != RegistrationStatus.CONFIRMED:
                state = "not_confirmed"
            tickets.append({"ticket_id": ticket_id, "status": state, **person(registration)})
            active_ticket_ids[registration.reference] = ticket_id
        # Deleted tickets (alone or with their registration) are still genuinely signed: refused as revoked.
        revoked += (
            DeletedTicket.objects.filter(event=event).order_by("pk").values_list("ticket_id", flat=True)
        )
        checked_in = [
            {
                "ticket_id": active_ticket_ids.get(ref),
                "reference": ref,
                "session": session_id,
                "checked_in_at": at,
                "gate": gate,
            }
            for ref, session_id, at, gate in CheckIn.objects.successful()
            .filter(session__event=event)
            .values_list("registration__reference", "session_id", "scanned_at", "gate")
        ]
        return Response(
            {
                "event": {"slug": event.slug, "title": event.title},
                "generated_at": timezone.now(),
                "key": {
                    "algorithm": "Ed25519",
                    "key_id": key.key_id,
                    "public_key": base64.b64encode(bytes(key.public_key)).decode(),
                },
                # Public halves only: enough to tell a genuine ticket of another event from a forgery.
                "other_keys": [
                    {"key_id": key_id, "public_key": base64.b64encode(bytes(public)).decode()}
                    for key_id, public in EventKey.objects.exclude(event=event)
                    .order_by("key_id", "pk")
                    .values_list("key_id", "public_key")
                ],
                "code_format": (
                    "base32 (RFC 4648, no padding) of: version byte 1 | key id (2 bytes, big-endian) | "
                    "ticket id (6 bytes) | Ed25519 signature (64 bytes) over the first 9 bytes"
                ),
                "results": list(ScanResult.values),
                "sessions": sessions,
                "tickets": tickets,
                "revoked": revoked,
                "checked_in": checked_in,
            }
        )


class SessionCountsView(ScannerAPIView):
    throttle_scope = "offline"

    @extend_schema(
        responses={
            200: inline_serializer(
                "Counts", {"checked_in": serializers.IntegerField(), "expected": serializers.IntegerField()}
            )
        }
    )
    def get(self, request, pk):
        session = _session_for(request, pk)
        return Response(selectors.session_counts(session))


class SearchView(ScannerAPIView):
    """Find people of the session's event by name, phone, e-mail or reference."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, description="Two characters or more of a name, phone, e-mail or reference"
            )
        ],
        responses={
            200: inline_serializer(
                "SearchAnswer",
                {
                    "results": inline_serializer(
                        "SearchResult",
                        {
                            **_PERSON,
                            "status": serializers.ChoiceField(choices=RegistrationStatus.choices),
                            "status_display": serializers.CharField(),
                            "checked_in": serializers.BooleanField(),
                        },
                        many=True,
                    )
                },
            )
        },
    )
    def get(self, request, pk):
        session = _session_for(request, pk)
        found = list(selectors.search_registrations(session.event, request.query_params.get("q", "")))
        present = set(
            CheckIn.objects.successful()
            .filter(session=session, registration__in=found)
            .values_list("registration_id", flat=True)
        )
        return Response(
            {
                "results": [
                    {
                        **person(r),
                        "status": r.status,
                        "status_display": r.get_status_display(),
                        "checked_in": r.pk in present,
                        # why a cancelled or unconfirmed registration has no check-in button
                        "blocked": str(MESSAGES[blocked]) if (blocked := services.status_result(r)) else None,
                    }
                    for r in found
                ]
            }
        )


class ManualCheckinSerializer(serializers.Serializer):
    reference = NonBlankTextField(max_length=16)
    nonce = TextField(max_length=64, required=False, allow_null=True, allow_blank=True)
    gate = GateField(max_length=120, required=False, allow_blank=True, default="")


class ManualCheckinView(ScannerAPIView):
    """Check in a person found by search (staff users only; devices scan codes)."""

    @extend_schema(
        request=ManualCheckinSerializer,
        responses={
            200: ScanAnswer,
            403: error_response(
                "A scanner device (only staff check people in by hand), or no right to scan."
            ),
            409: error_response("The nonce was already used by another scanner or event (`nonce_conflict`)."),
        },
    )
    def post(self, request, pk):
        device, user = actor(request)
        if device is not None:
            raise PermissionDenied(_("Only staff can check people in by hand."))
        session = _session_for(request, pk)
        serializer = ManualCheckinSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registration = get_object_or_404(
            Registration, event_id=session.event_id, reference=serializer.validated_data["reference"].upper()
        )
        outcome = services.checkin_registration(
            registration=registration,
            session=session,
            user=user,
            gate=serializer.validated_data.get("gate", "") or default_gate(user, session.event),
            nonce=serializer.validated_data.get("nonce") or None,
        )
        return Response(outcome_data(outcome), status=status.HTTP_200_OK)


class DecodeSerializer(serializers.Serializer):
    image = serializers.ImageField()


class DecodeView(ScannerAPIView):
    """Decode a QR code from a camera frame (for browsers without BarcodeDetector). Answers the text."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request=OpenApiRequest(
            DecodeSerializer, encoding={"image": {"contentType": "image/jpeg, image/png"}}
        ),
        responses={200: inline_serializer("Decoded", {"code": serializers.CharField(allow_null=True)})},
    )
    def post(self, request):
        from .decoding import decode_image

        upload = request.FILES.get("image")
        if upload is None or upload.size > 2_000_000:
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"image": [_("Send one camera frame (JPEG or PNG) under 2 MB.")]})
        # A file that is not an image is the client's mistake (400), not a frame without a code (null).
        serializer = DecodeSerializer(data={"image": upload})
        serializer.is_valid(raise_exception=True)
        return Response({"code": decode_image(serializer.validated_data["image"])})
