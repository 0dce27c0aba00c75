"""How feedback plugs into events: its part of seed_demo."""

from events import extensions


def _seed_demo(context) -> list[str]:
    """seed_demo's feedback part: surveys of past events and their answers (imported only when seeding)."""
    from .demo import seed

    return seed(context)


extensions.demo_seeders.append(_seed_demo)
