"""`manage.py seed_demo`: the demo content lives in `events.demo` (see `events/demo/seed.py`)."""

from events.demo.seed import SeedDemoCommand as Command

__all__ = ["Command"]
