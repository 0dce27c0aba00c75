"""Policy indicators over a period, counted in SQL, each with the rows behind it (drill-down).

Definitions are in docs/indicators.md; each indicator's `definition` below says the same in one line.
A period is [start, end] in Ho Chi Minh City dates, both included, and nothing after the current moment
is counted, whatever the period's end: `Period` makes that cut, and every query below goes through it.
"Held" means a session that is not cancelled and started within the period (and so not in the future).
"""

import datetime
from dataclasses import dataclass, field, replace

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Least, Lower, TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checkin.models import CheckIn
from events.enums import EventKind, EventStatus, OrganizationKind, ProjectStage, RegistrationStatus
from events.exhibitions.models import ExhibitorStatus, Meeting, SupportKind, SupportRecord
from events.models import Event, Registration, Session
from feedback.models import Answer, Invitation, Measure, Response, SurveyAudience
from training.enums import CourseTopic
from training.models import Completion

from .models import Target

PLAN_START = datetime.date(2024, 1, 1)
EXHIBITION_KINDS = (EventKind.EXHIBITION, EventKind.DEMO_DAY, EventKind.MARKET_CONNECTION)


@dataclass(frozen=True)
class Period:
    """[start, end] in Ho Chi Minh City dates, counted as of the moment `as_of` (by default the moment
    the figures are counted: `compute` and `drill` fix it once, so all their queries share it). Nothing
    after that moment is counted, whatever the period's end. Every indicator and drill-down filters its
    dated rows through `dates`, `moments` or `before_cut` below, so the cut is made here and only here.
    The requested `start` and `end` are kept for display."""

    start: datetime.date
    end: datetime.date
    as_of: datetime.datetime | None = field(default=None, compare=False)
    # The hosts whose rows are counted (ids); None counts every host (the city). Events count for their
    # host, support records for theirs; a project supported by two hosts counts once in any union.
    hosts: tuple[int, ...] | None = None

    def counted_now(self) -> "Period":
        """This period with its moment fixed (now, unless one was given)."""
        return self if self.as_of is not None else replace(self, as_of=timezone.now())

    @property
    def cut(self) -> datetime.datetime:
        return self.as_of or timezone.now()

    @property
    def start_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def end_at(self) -> datetime.datetime:
        """Exclusive upper bound for datetimes, never after `as_of`: what has not happened is not counted."""
        end = timezone.make_aware(
            datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min)
        )
        return min(end, self.cut)

    @property
    def last_day(self) -> datetime.date:
        """Inclusive upper bound for dates, never after the day of `as_of`: today counts, tomorrow not."""
        return min(self.end, timezone.localdate(self.cut))

    @property
    def is_cut(self) -> bool:
        """Whether the period ends after `as_of`, so its figures stop at that moment."""
        return self.end_at < timezone.make_aware(
            datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min)
        )

    def dates(self, path: str, *, since_plan: bool = False) -> Q:
        """A date field within the period (or from the plan's start to the period's end), cut at today."""
        return Q(**{f"{path}__gte": PLAN_START if since_plan else self.start, f"{path}__lte": self.last_day})

    def moments(self, path: str) -> Q:
        """A datetime field within the period, cut at `as_of`."""
        return Q(**{f"{path}__gte": self.start_at, f"{path}__lt": self.end_at})

    def of_hosts(self, path: str) -> Q:
        """Rows whose host (through `path`) is one of the period's hosts; everything for the city."""
        return Q() if self.hosts is None else Q(**{f"{path}__in": self.hosts})

    def for_hosts(self, hosts) -> "Period":
        """This period counted for `hosts` only (ids; None for the whole city)."""
        return replace(self, hosts=None if hosts is None else tuple(sorted(hosts)))

    def before_cut(self, path: str) -> Q:
        """A datetime field up to the moment of counting, however long before or after the period: what
        belongs to something held in the period (a registration, a check-in or a correction, a completion)
        counts once it has happened, and not before."""
        return Q(**{f"{path}__lte": self.cut})

    def within(self, start: datetime.date, end: datetime.date) -> "Period":
        """Another period counted as of the same moment (a quarter of this one, for example)."""
        return replace(self, start=start, end=end)

    @classmethod
    def this_year(cls) -> "Period":
        today = timezone.localdate()
        return cls(datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31))

    @classmethod
    def plan_so_far(cls) -> "Period":
        return cls(PLAN_START, timezone.localdate())

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        first = datetime.date(year, 3 * quarter - 2, 1)
        last_month = 3 * quarter
        next_first = datetime.date(year + (last_month == 12), last_month % 12 + 1, 1)
        return cls(first, next_first - datetime.timedelta(days=1))


# --- Base sets ---------------------------------------------------------------------------------------


def held_sessions(period: Period, kinds) -> QuerySet[Session]:
    return Session.objects.filter(
        period.moments("starts_at"),
        period.of_hosts("event__host"),
        event__kind__in=kinds,
        event__status=EventStatus.PUBLISHED,
        is_cancelled=False,
    )


def course_sessions(period: Period) -> QuerySet[Session]:
    return held_sessions(period, [EventKind.COURSE])


def courses_held(period: Period) -> QuerySet[Event]:
    return Event.objects.filter(pk__in=course_sessions(period).values("event_id"))


def course_trainees(period: Period) -> QuerySet[Registration]:
    return Registration.objects.filter(
        period.before_cut("confirmed_at"), event__in=courses_held(period), status=RegistrationStatus.CONFIRMED
    )


def course_attendance(period: Period) -> QuerySet[CheckIn]:
    return CheckIn.objects.successful().filter(
        period.before_cut("scanned_at"), session__in=course_sessions(period)
    )


def exhibition_events(period: Period, kind: str | None = None) -> QuerySet[Event]:
    kinds = [kind] if kind else list(EXHIBITION_KINDS)
    return Event.objects.filter(pk__in=held_sessions(period, kinds).values("event_id"))


def visitor_checkins(period: Period) -> QuerySet[CheckIn]:
    return CheckIn.objects.successful().filter(
        period.before_cut("scanned_at"),
        session__in=held_sessions(period, EXHIBITION_KINDS),
        registration__is_exhibitor=False,
    )


def support_in(period: Period) -> QuerySet[SupportRecord]:
    return SupportRecord.objects.filter(period.dates("date"), period.of_hosts("host"))


def support_since_plan(period: Period) -> QuerySet[SupportRecord]:
    """Support from the plan's start (1 January 2024) to the end of the period, cut at today."""
    return SupportRecord.objects.filter(period.dates("date", since_plan=True), period.of_hosts("host"))


def first_supported_in(period: Period):
    """Projects whose first support record ever (up to the cut; of the period's hosts, when it names some)
    is in the period: for one host, the projects new to that host."""
    return (
        SupportRecord.objects.filter(period.of_hosts("host"), date__lte=period.last_day)
        .values("project")
        .annotate(first=Min("date"))
        .filter(first__gte=period.start)
    )


def completions_in(period: Period) -> QuerySet[Completion]:
    """Trainees' completions of the courses held in the period, as evaluated up to the cut."""
    return Completion.objects.filter(
        period.before_cut("evaluated_at"), completed=True, registration__event__in=courses_held(period)
    )


def session_hours(period: Period) -> ExpressionWrapper:
    """A held session's duration up to the cut: a session under way counts the part already given."""
    until = Least(F("ends_at"), Value(period.cut))
    return ExpressionWrapper(until - F("starts_at"), output_field=DurationField())


def course_survey_responses(period: Period) -> QuerySet[Response]:
    """Answers to the attendees' surveys of the courses held in the period, given before its end."""
    return Response.objects.filter(
        survey__event__in=courses_held(period),
        survey__audience=SurveyAudience.ATTENDEES,
        submitted_at__lt=period.end_at,
    )


def course_survey_invitations(period: Period) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        survey__event__in=courses_held(period),
        survey__audience=SurveyAudience.ATTENDEES,
        created_at__lt=period.end_at,
    )


def satisfaction_ratings(period: Period) -> QuerySet[Answer]:
    return Answer.objects.filter(
        response__in=course_survey_responses(period),
        question__measure=Measure.SATISFACTION,
        rating__isnull=False,
    )


def exhibitor_survey_answers(period: Period, measure: str) -> QuerySet[Answer]:
    """The exhibiting teams' answers measuring `measure` about the exhibition events held in the period."""
    return Answer.objects.filter(
        response__survey__event__in=exhibition_events(period),
        response__survey__audience=SurveyAudience.EXHIBITORS,
        response__submitted_at__lt=period.end_at,
        question__measure=measure,
    )


def _attendees(checkins: QuerySet[CheckIn]) -> QuerySet[Registration]:
    """The registrations behind some check-ins. People are counted over these (one row per registration)
    rather than over the check-ins (one row per scan): several times fewer rows to de-duplicate."""
    return Registration.objects.filter(pk__in=checkins.values("registration_id"))


def _people(qs, email_path: str) -> int:
    return qs.aggregate(n=Count(Lower(email_path), distinct=True))["n"] or 0


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# --- Indicators ---------------------------------------------------------------------------------------


@dataclass
class Figure:
    key: str
    label: str
    value: float | int | None
    definition: str
    unit: str = ""
    drill: bool = True
    group: str = ""


@dataclass
class Report:
    period: Period
    figures: list[Figure]
    trainees_by_kind: list[dict]
    organisations_by_kind: list[dict]
    projects_by_stage: list[dict]
    projects_by_kind: list[dict]
    targets: list[dict]
    quarters: list[dict] = field(default_factory=list)

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)

    def as_dict(self) -> dict:
        return {
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            # The figures stop here (exclusive): the period's end, or the moment they were counted.
            "counted_until": timezone.localtime(self.period.end_at).isoformat(),
            "indicators": {f.key: f.value for f in self.figures},
            "labels": {f.key: str(f.label) for f in self.figures},
            "trainees_by_organisation_kind": self.trainees_by_kind,
            "organisations_by_kind": self.organisations_by_kind,
            "projects_by_stage": self.projects_by_stage,
            "projects_by_support_kind": self.projects_by_kind,
            "targets": self.targets,
            "quarters": self.quarters,
        }


DEFINITIONS = {
    "courses_held": _("Training courses with at least one session held in the period."),
    "sessions_held": _("Course sessions held in the period (not cancelled, already started)."),
    "trainees_registered": _(
        "Unique people (by e-mail) with a confirmed registration to a course held in the period."
    ),
    "trainees_attended": _("Unique people checked in at least once at a course session held in the period."),
    "trainees_completed": _("Unique people who met the completion rule of a course held in the period."),
    "attendance_rate": _("Trainees attended divided by trainees registered, in per cent."),
    "completion_rate": _("Trainees completed divided by trainees registered, in per cent."),
    "state_agency_policy_trainees": _(
        "Unique state-agency staff who attended a policy-implementation course in the period."
    ),
    "training_hours": _(
        "Sum of the durations of the course sessions held in the period, in hours (a session under way: "
        "the part already given)."
    ),
    "trainees_satisfied_rate": _(
        "Answers of 4 or 5 to the overall satisfaction question of the surveys of courses held in the "
        "period, divided by all answers to it, in per cent."
    ),
    "trainees_answered": _(
        "Answers to the survey of a course held in the period (one per person and course)."
    ),
    "trainees_satisfied": _(
        "Answers of 4 or 5 to the overall satisfaction question of the survey of a course held in the period."
    ),
    "survey_response_rate": _(
        "People who answered the survey of a course held in the period divided by the people it was sent to, "
        "in per cent."
    ),
    "exhibitions_held": _("Exhibitions with a day held in the period."),
    "demo_days_held": _("Demo days and showcases with a day held in the period."),
    "market_connections_held": _("Market-connection events with a day held in the period."),
    "visitors_checked_in": _("Unique visitors (not exhibiting team members) checked in at those events."),
    "exhibiting_projects": _("Unique startup projects approved to exhibit or pitch at those events."),
    "meetings_held": _("Market-connection meetings that took place in the period."),
    "exhibitor_leads": _(
        "Leads that exhibiting teams reported in their survey about the events held in the period."
    ),
    "exhibitor_meetings_reported": _(
        "Meetings that exhibiting teams reported in their survey about the events held in the period."
    ),
    "projects_supported": _("Unique startup projects with a support record dated in the period."),
    "projects_new": _("Projects supported in the period whose first support record ever is in the period."),
    "projects_cumulative": _("Unique projects supported from 1 January 2024 to the end of the period."),
}


def _figure(key, label, value, unit="", drill=True, group=""):
    return Figure(
        key=key,
        label=label,
        value=value,
        definition=str(DEFINITIONS[key]),
        unit=unit,
        drill=drill,
        group=group,
    )


def compute(period: Period) -> Report:
    """Every indicator of the period in a fixed number of queries, whatever the size of the data."""
    period = period.counted_now()
    registered = _people(course_trainees(period), "email")
    attended = _people(_attendees(course_attendance(period)), "email")
    completed = _people(completions_in(period), "registration__email")
    hours = course_sessions(period).aggregate(d=Sum(session_hours(period)))["d"]
    policy = _people(
        _attendees(
            course_attendance(period).filter(session__event__course__topic=CourseTopic.POLICY_IMPLEMENTATION)
        ).filter(organization_kind=OrganizationKind.STATE_AGENCY),
        "email",
    )
    held_by_kind = dict(
        Event.objects.filter(pk__in=held_sessions(period, EXHIBITION_KINDS).values("event_id"))
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    supported = support_in(period)
    first_support = first_supported_in(period)
    cumulative = support_since_plan(period)
    ratings = satisfaction_ratings(period).aggregate(
        n=Count("pk"), satisfied=Count("pk", filter=Q(rating__gte=4))
    )
    answered = course_survey_responses(period).count()
    invited = course_survey_invitations(period).count()
    leads = exhibitor_survey_answers(period, Measure.LEADS).aggregate(n=Sum("number"))["n"] or 0
    reported_meetings = (
        exhibitor_survey_answers(period, Measure.MEETINGS).aggregate(n=Sum("number"))["n"] or 0
    )
    training = _("Training")
    events_group = _("Exhibitions and market connection")
    projects_group = _("Startup projects")
    figures = [
        _figure("courses_held", _("Courses held"), courses_held(period).count(), group=training),
        _figure("sessions_held", _("Sessions held"), course_sessions(period).count(), group=training),
        _figure("trainees_registered", _("Trainees registered"), registered, group=training),
        _figure("trainees_attended", _("Trainees attended"), attended, group=training),
        _figure("trainees_completed", _("Trainees completed"), completed, group=training),
        _figure("attendance_rate", _("Attendance rate"), _rate(attended, registered), "%", False, training),
        _figure("completion_rate", _("Completion rate"), _rate(completed, registered), "%", False, training),
        _figure(
            "state_agency_policy_trainees",
            _("State-agency trainees on policy courses"),
            policy,
            group=training,
        ),
        _figure(
            "training_hours",
            _("Training hours delivered"),
            round(hours.total_seconds() / 3600, 1) if hours else 0,
            "h",
            True,
            training,
        ),
        _figure("trainees_answered", _("Trainees who answered the survey"), answered, group=training),
        _figure("trainees_satisfied", _("Trainees satisfied (4-5)"), ratings["satisfied"], group=training),
        _figure(
            "trainees_satisfied_rate",
            _("Share of trainees satisfied (4-5)"),
            _rate(ratings["satisfied"], ratings["n"]),
            "%",
            False,
            training,
        ),
        _figure(
            "survey_response_rate",
            _("Survey response rate"),
            _rate(answered, invited),
            "%",
            False,
            training,
        ),
        _figure(
            "exhibitions_held",
            _("Exhibitions held"),
            held_by_kind.get(EventKind.EXHIBITION, 0),
            group=events_group,
        ),
        _figure(
            "demo_days_held",
            _("Demo days and showcases held"),
            held_by_kind.get(EventKind.DEMO_DAY, 0),
            group=events_group,
        ),
        _figure(
            "market_connections_held",
            _("Market-connection events held"),
            held_by_kind.get(EventKind.MARKET_CONNECTION, 0),
            group=events_group,
        ),
        _figure(
            "visitors_checked_in",
            _("Visitors checked in"),
            _people(_attendees(visitor_checkins(period)), "email"),
            group=events_group,
        ),
        _figure(
            "exhibiting_projects",
            _("Exhibiting projects"),
            exhibitors_in(period).aggregate(n=Count("project", distinct=True))["n"],
            group=events_group,
        ),
        _figure("meetings_held", _("Meetings held"), meetings_in(period).count(), group=events_group),
        _figure("exhibitor_leads", _("Leads reported by exhibitors"), leads, group=events_group),
        _figure(
            "exhibitor_meetings_reported",
            _("Meetings reported by exhibitors"),
            reported_meetings,
            group=events_group,
        ),
        _figure(
            "projects_supported",
            _("Projects supported"),
            supported.aggregate(n=Count("project", distinct=True))["n"],
            group=projects_group,
        ),
        _figure(
            "projects_new",
            _("Projects supported for the first time"),
            first_support.count(),
            group=projects_group,
        ),
        _figure(
            "projects_cumulative",
            _("Projects supported since 2024"),
            cumulative.aggregate(n=Count("project", distinct=True))["n"],
            group=projects_group,
        ),
    ]
    trainees = _attendees(course_attendance(period))
    trainees_by_kind = _by_kind(
        trainees.values("organization_kind").annotate(n=Count(Lower("email"), distinct=True)),
        "organization_kind",
    )
    organisations_by_kind = _by_kind(
        trainees.exclude(organization_name="")
        .values("organization_kind")
        .annotate(n=Count(Lower("organization_name"), distinct=True)),
        "organization_kind",
    )
    stage_labels = dict(ProjectStage.choices)
    by_stage = dict(supported.values_list("stage").annotate(n=Count("project", distinct=True)))
    projects_by_stage = [
        {"stage": stage, "label": str(stage_labels[stage]), "count": by_stage.get(stage, 0)}
        for stage in ProjectStage.values
    ]
    kind_labels = dict(SupportKind.choices)
    by_support_kind = dict(supported.values_list("kind").annotate(n=Count("project", distinct=True)))
    projects_by_kind = [
        {"kind": kind, "label": str(kind_labels[kind]), "count": by_support_kind.get(kind, 0)}
        for kind in SupportKind.values
    ]
    return Report(
        period=period,
        figures=figures,
        trainees_by_kind=trainees_by_kind,
        organisations_by_kind=organisations_by_kind,
        projects_by_stage=projects_by_stage,
        projects_by_kind=projects_by_kind,
        targets=targets_progress(period),
        quarters=quarter_trend(period),
    )


def _by_kind(rows, key: str) -> list[dict]:
    labels = dict(OrganizationKind.choices)
    counts = {row[key] or "": row["n"] for row in rows}
    result = [
        {"kind": kind, "label": str(labels[kind]), "count": counts.get(kind, 0)}
        for kind in OrganizationKind.values
    ]
    if counts.get(""):
        result.append({"kind": "", "label": str(_("Not stated")), "count": counts[""]})
    return result


def exhibitors_in(period: Period):
    """Approved exhibitors of the events with a day held in the period (the day is the cut's date: the
    approval itself always precedes the event)."""
    from events.exhibitions.models import Exhibitor

    return Exhibitor.objects.filter(event__in=exhibition_events(period), status=ExhibitorStatus.APPROVED)


def meetings_in(period: Period) -> QuerySet[Meeting]:
    return Meeting.objects.filter(period.moments("starts_at"), period.of_hosts("event__host"), held=True)


def targets_progress(period: Period) -> list[dict]:
    """Each 2028 target with the unique projects supported at that stage from 2024 to the end of the
    period (cut at today), and the milestone for the year of the period's end."""
    end = period.end
    counts = dict(support_since_plan(period).values_list("stage").annotate(n=Count("project", distinct=True)))
    result = []
    for target in Target.objects.prefetch_related("milestones"):
        milestone = next((m.value for m in target.milestones.all() if m.year == end.year), None)
        value = counts.get(target.stage, 0)
        result.append(
            {
                "stage": target.stage,
                "label": str(target.get_stage_display()),
                "value": value,
                "target": target.value,
                "year": target.year,
                "percent": round(100 * value / target.value, 1) if target.value else None,
                "milestone": milestone,
                "on_track": None if milestone is None else value >= milestone,
            }
        )
    return result


def quarter_trend(period: Period) -> list[dict]:
    """Per quarter of the period up to the cut: projects supported (one grouped query) and trainees
    attended (one query per quarter)."""
    projects = dict(
        support_in(period)
        .annotate(q=TruncQuarter("date"))
        .values_list("q")
        .annotate(n=Count("project", distinct=True))
    )
    result = []
    if period.start > period.last_day:  # the whole period is still to come
        return result
    year, quarter = period.start.year, (period.start.month - 1) // 3 + 1
    while datetime.date(year, 3 * quarter - 2, 1) <= period.last_day:  # no quarter yet to come
        first = datetime.date(year, 3 * quarter - 2, 1)
        # One query per quarter over its registrations: cheaper than de-duplicating every check-in of
        # the period by quarter in one query (the count depends on the period's length, not the data).
        within = period.within(max(first, period.start), min(Period.quarter(year, quarter).end, period.end))
        result.append(
            {
                "quarter": f"{year}-Q{quarter}",
                "projects_supported": projects.get(first, 0),
                "trainees_attended": _people(_attendees(course_attendance(within)), "email"),
            }
        )
        quarter += 1
        if quarter == 5:
            year, quarter = year + 1, 1
    return result


# --- Drill-downs: the rows behind each figure ----------------------------------------------------------


@dataclass
class Drill:
    title: str
    columns: list[str]
    rows: list[list]


def _people_rows(qs, prefix: str) -> list[list]:
    """One row per unique person (lower-cased e-mail), with the number of courses or events."""
    p = prefix
    rows = (
        qs.annotate(person=Lower(f"{p}email"))
        .values("person")
        .annotate(
            name=Min(f"{p}full_name"),
            organisation=Min(f"{p}organization_name"),
            kind=Min(f"{p}organization_kind"),
            events=Count(f"{p}event" if p else "event", distinct=True),
        )
        .order_by("person")
    )
    labels = dict(OrganizationKind.choices)
    return [
        [r["name"], r["person"], r["organisation"], str(labels.get(r["kind"], "")), r["events"]] for r in rows
    ]


PEOPLE_COLUMNS = [
    _("Name"),
    _("E-mail"),
    _("Organisation"),
    _("Kind of organisation"),
    _("Courses or events"),
]


def drill(key: str, period: Period, *, stage: str = "", kind: str = "") -> Drill:
    period = period.counted_now()
    if key == "courses_held":
        rows = (
            courses_held(period)
            .annotate(
                n=Count("sessions", filter=Q(sessions__in=course_sessions(period)), distinct=True),
                first=Min("sessions__starts_at"),
            )
            .order_by("first")
        )
        return Drill(
            str(_("Courses held")),
            [str(_("Course")), str(_("First session")), str(_("Sessions held"))],
            [[e.title, timezone.localtime(e.first), e.n] for e in rows],
        )
    if key in ("sessions_held", "training_hours"):
        rows = course_sessions(period).select_related("event").order_by("starts_at")
        return Drill(
            str(_("Sessions held")),
            [str(_("Course")), str(_("Start")), str(_("End")), str(_("Hours"))],
            [
                [
                    s.event.title,
                    timezone.localtime(s.starts_at),
                    timezone.localtime(s.ends_at),
                    round(s.hours.total_seconds() / 3600, 2),
                ]
                for s in rows.annotate(hours=session_hours(period))
            ],
        )
    if key == "trainees_registered":
        return Drill(
            str(_("Trainees registered")),
            [str(c) for c in PEOPLE_COLUMNS],
            _people_rows(course_trainees(period), ""),
        )
    if key == "trainees_attended":
        regs = Registration.objects.filter(pk__in=course_attendance(period).values("registration_id"))
        return Drill(str(_("Trainees attended")), [str(c) for c in PEOPLE_COLUMNS], _people_rows(regs, ""))
    if key == "trainees_completed":
        regs = Registration.objects.filter(pk__in=completions_in(period).values("registration_id"))
        return Drill(str(_("Trainees completed")), [str(c) for c in PEOPLE_COLUMNS], _people_rows(regs, ""))
    if key == "state_agency_policy_trainees":
        regs = Registration.objects.filter(
            pk__in=course_attendance(period)
            .filter(
                registration__organization_kind=OrganizationKind.STATE_AGENCY,
                session__event__course__topic=CourseTopic.POLICY_IMPLEMENTATION,
            )
            .values("registration_id")
        )
        return Drill(
            str(_("State-agency trainees on policy courses")),
            [str(c) for c in PEOPLE_COLUMNS],
            _people_rows(regs, ""),
        )
    if key in ("exhibitions_held", "demo_days_held", "market_connections_held"):
        event_kind = {
            "exhibitions_held": EventKind.EXHIBITION,
            "demo_days_held": EventKind.DEMO_DAY,
            "market_connections_held": EventKind.MARKET_CONNECTION,
        }[key]
        rows = (
            exhibition_events(period, event_kind).annotate(first=Min("sessions__starts_at")).order_by("first")
        )
        return Drill(
            str(_("Events held")),
            [str(_("Event")), str(_("First day"))],
            [[e.title, timezone.localtime(e.first)] for e in rows],
        )
    if key == "visitors_checked_in":
        regs = Registration.objects.filter(pk__in=visitor_checkins(period).values("registration_id"))
        return Drill(str(_("Visitors checked in")), [str(c) for c in PEOPLE_COLUMNS], _people_rows(regs, ""))
    if key == "exhibiting_projects":
        rows = (
            exhibitors_in(period)
            .values("project", "project__name", "project__sector")
            .annotate(n=Count("event", distinct=True))
            .order_by("project__name", "project")
        )
        return Drill(
            str(_("Exhibiting projects")),
            [str(_("Project")), str(_("Sector")), str(_("Events"))],
            [[r["project__name"], r["project__sector"], r["n"]] for r in rows],
        )
    if key == "meetings_held":
        rows = meetings_in(period).select_related("exhibitor__project").order_by("starts_at")
        return Drill(
            str(_("Meetings held")),
            [str(_("Project")), str(_("Visitor")), str(_("Time"))],
            [[m.exhibitor.project.name, m.requester_name, timezone.localtime(m.starts_at)] for m in rows],
        )
    if key in ("projects_supported", "projects_new", "projects_cumulative"):
        qs = support_in(period) if key != "projects_cumulative" else support_since_plan(period)
        if key == "projects_new":
            qs = qs.filter(project__in=first_supported_in(period).values("project"))
        if stage:
            qs = qs.filter(stage=stage)
        if kind:
            qs = qs.filter(kind=kind)
        # The stage at the project's first support in the period (not the alphabetically first one);
        # grouped by project, not by name: two projects may share a name.
        first_stage = qs.filter(project=OuterRef("project")).order_by("date", "pk").values("stage")[:1]
        rows = (
            qs.values("project", "project__name")
            .annotate(
                first=Min("date"),
                records=Count("pk"),
                stage_then=Subquery(first_stage),
                kinds=Count("kind", distinct=True),
            )
            .order_by("project__name", "project")
        )
        stage_labels = dict(ProjectStage.choices)
        return Drill(
            str(_("Projects supported")),
            [
                str(_("Project")),
                str(_("First support in the period")),
                str(_("Stage then")),
                str(_("Support records")),
            ],
            [
                [r["project__name"], r["first"], str(stage_labels.get(r["stage_then"], "")), r["records"]]
                for r in rows
            ],
        )
    if key in ("trainees_answered", "trainees_satisfied"):
        responses = course_survey_responses(period)
        if key == "trainees_satisfied":
            responses = responses.filter(
                pk__in=satisfaction_ratings(period).filter(rating__gte=4).values("response")
            )
        rating = Answer.objects.filter(
            response=OuterRef("pk"), question__measure=Measure.SATISFACTION, rating__isnull=False
        ).values("rating")[:1]
        rows = (
            responses.annotate(satisfaction=Subquery(rating))
            .select_related("survey__event", "registration")
            .order_by("survey__event__title_vi", "submitted_at", "pk")
        )
        return Drill(
            str(
                _("Trainees satisfied (4-5)")
                if key == "trainees_satisfied"
                else _("Trainees who answered the survey")
            ),
            [str(_("Course")), str(_("Name")), str(_("E-mail")), str(_("Satisfaction")), str(_("Answered"))],
            [[*_survey_row_start(r), r.satisfaction, timezone.localtime(r.submitted_at)] for r in rows],
        )
    if key in ("exhibitor_leads", "exhibitor_meetings_reported"):
        measure = Measure.LEADS if key == "exhibitor_leads" else Measure.MEETINGS
        rows = (
            exhibitor_survey_answers(period, measure)
            .select_related("response__survey__event", "response__exhibitor__project")
            .order_by("response__survey__event__title_vi", "response__submitted_at", "pk")
        )
        return Drill(
            str(
                _("Leads reported by exhibitors")
                if key == "exhibitor_leads"
                else _("Meetings reported by exhibitors")
            ),
            [str(_("Event")), str(_("Project")), str(_("Number"))],
            [
                [
                    a.response.survey.event.title,
                    a.response.exhibitor.project.name if a.response.exhibitor else str(_("Anonymous")),
                    a.number or 0,
                ]
                for a in rows
            ],
        )
    raise KeyError(key)


def _survey_row_start(response: Response) -> list:
    """The course and who answered; an anonymous survey's response names nobody (it has no person)."""
    person = response.registration
    if response.survey.anonymous or person is None:
        return [response.survey.event.title, str(_("Anonymous")), ""]
    return [response.survey.event.title, person.full_name, person.email]


DRILLABLE = [
    "courses_held",
    "sessions_held",
    "training_hours",
    "trainees_answered",
    "trainees_satisfied",
    "trainees_registered",
    "trainees_attended",
    "trainees_completed",
    "state_agency_policy_trainees",
    "exhibitions_held",
    "demo_days_held",
    "market_connections_held",
    "visitors_checked_in",
    "exhibiting_projects",
    "meetings_held",
    "exhibitor_leads",
    "exhibitor_meetings_reported",
    "projects_supported",
    "projects_new",
    "projects_cumulative",
]


def by_host(period: Period) -> list[dict]:
    """Per host with anything in the period: events held, trainees who attended (people) and projects
    supported, three grouped queries. A person or a project counted by two hosts counts once in the city
    total (`compute` without hosts), so the rows may add up to more than the city."""
    from events.models import Host

    events = dict(
        held_sessions(period, [kind for kind, _label in EventKind.choices])
        .values_list("event__host")
        .annotate(n=Count("event", distinct=True))
    )
    trainees = dict(
        course_attendance(period)
        .values_list("session__event__host")
        .annotate(n=Count(Lower("registration__email"), distinct=True))
    )
    projects = dict(support_in(period).values_list("host").annotate(n=Count("project", distinct=True)))
    ids = set(events) | set(trainees) | set(projects)
    return [
        {
            "host": host,
            "events": events.get(host.pk, 0),
            "trainees_attended": trainees.get(host.pk, 0),
            "projects_supported": projects.get(host.pk, 0),
        }
        for host in Host.objects.filter(pk__in=ids).with_names().order_by("organization__name")
    ]
