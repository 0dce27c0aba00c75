import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.dates import DateInput
from events.enums import HostRole
from events.hosts import Host, hosts_of, is_programme_office

from .indicators import PLAN_START, Period


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput)
    preset = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            ("", _("Custom dates")),
            ("year", _("This year")),
            ("plan", _("The plan so far (2024 to today)")),
            ("q1", _("Quarter 1")),
            ("q2", _("Quarter 2")),
            ("q3", _("Quarter 3")),
            ("q4", _("Quarter 4")),
        ],
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2024, max_value=2100)

    host = forms.ModelChoiceField(
        label=_("Host"),
        required=False,
        queryset=Host.objects.none(),
        to_field_name="slug",
        empty_label=_("All"),
    )

    def __init__(self, *args, iso_only: bool = False, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["host"].queryset = report_hosts(user).with_names()
        if iso_only:  # the API: ISO 8601 dates, whatever the client's language
            for name in ("start", "end"):
                self.fields[name].input_formats = ["%Y-%m-%d"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date must not be before the start date."))
        for name in ("start", "end"):
            value = data.get(name)
            if value and not datetime.date(2000, 1, 1) <= value <= datetime.date(2100, 12, 31):
                self.add_error(name, _("Enter a date between 2000 and 2100."))
        return data

    def period(self) -> Period:
        data = self.cleaned_data if self.is_valid() else {}
        preset = data.get("preset")
        year = data.get("year") or timezone.localdate().year
        if preset == "plan":
            return Period.plan_so_far()
        if preset in ("q1", "q2", "q3", "q4"):
            return Period.quarter(year, int(preset[1]))
        if preset == "year" or not (data.get("start") or data.get("end")):
            if data.get("year"):
                return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
            return Period.this_year()
        start = data.get("start") or PLAN_START
        end = data.get("end") or timezone.localdate()
        return Period(start, end)

    def hosts(self) -> tuple[int, ...] | None:
        """The hosts to count: the one chosen, else every host (None) for the programme office, else the
        user's own hosts (report viewer or organiser)."""
        chosen = self.cleaned_data.get("host") if self.is_valid() else None
        if chosen is not None:
            return (chosen.pk,)
        if is_programme_office(self.user):
            return None
        return tuple(report_hosts(self.user).values_list("pk", flat=True))

    def counted_period(self) -> Period:
        """The period, fixed at one moment, for the hosts the user may see."""
        return self.period().counted_now().for_hosts(self.hosts())


def report_hosts(user):
    """The hosts whose figures `user` may read: every host for the programme office."""
    return hosts_of(user, HostRole.REPORT_VIEWER, HostRole.ORGANISER)
