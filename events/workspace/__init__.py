"""The staff workspace of events: the staff home and each event's hub (docs/workspace.md)."""
