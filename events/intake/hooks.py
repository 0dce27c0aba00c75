"""The intake adds nothing to the core's pages or messages: its pages are staff's own (reached from the
event hub and the admin). Imported by `events.apps` with the other concerns' hooks."""
