"""The calendar of events: iCalendar documents for the public feeds, one event's download, a person's own
feed and the ticket e-mail's attachment. One builder (`builder.py`) makes them all, so they agree on
every property; `feeds.py` decides what each feed shows and caches it; `links.py` makes subscribe and
"add to calendar" links; `views.py` serves the feeds; `models.py` holds the personal feeds' secret
addresses.

What calendar apps rely on, and how it is kept here:

- `UID` is `session-<pk>@<domain>` and never changes, so a moved session is updated in place.
- `SEQUENCE` is the session's revision plus its event's (`Session.save`, `Event.save`, `Venue.save`
  raise them), so it grows exactly when the time, the place or the status changes.
- A person's own feed also holds their market-connection meetings, as the visitor or as the project's
  team (contact or member), from the moment the team accepts: `meeting-<pk>@<domain>`, with the
  meeting's revision (`Meeting.save`) plus its event's. A meeting declined or cancelled after that stays,
  marked cancelled; one never accepted is never shown.
- `DTSTAMP` and `LAST-MODIFIED` are the last change of the session or its event, never "now": with no
  change in between, two requests get the same bytes and so the same strong `ETag`.
- A feed's version is one aggregate query over what it shows (newest change, number of rows); the
  document is cached under that version, so a calendar polling an unchanged feed costs one query and a
  cache read, whatever the feed's size. Building it costs one more query (two for a person with
  meetings), again whatever its size, and re-serialises only the events whose sessions changed (their
  VEVENTs are cached too).

Change sessions, events and venues through `save()` (forms, the admin and services do): a queryset
`update()` skips the revision bookkeeping, so calendars would not be told about the change.
"""
