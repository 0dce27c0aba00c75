"""The dependency rules of docs/architecture.md, checked on the source: every import statement of every
module of the five apps (also those inside functions) is an edge of the import graph."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("config", "events", "checkin", "training", "feedback", "reports")
# An app may import the apps to its left: events <- checkin <- training <- feedback <- reports;
# config wires them all.
APP_RANK = {"events": 0, "checkin": 1, "training": 2, "feedback": 3, "reports": 4, "config": 5}
# Inside events: what each part may import (besides itself). The core is every module of events/ that is
# in none of the packages below; the wiring (`apps.py`, `urls.py`, management commands, and the migrations,
# which hold the schema of every model of the app label) may name them all.
EVENTS_PARTS = (
    "mail",
    "exhibitions",
    "calendar",
    "news",
    "workspace",
    "intake",
    "selfservice",
    "api",
    "demo",
)
EVENTS_ALLOWED = {
    "core": {"core"},
    "mail": {"core"},
    "exhibitions": {"core", "mail"},
    "calendar": {"core", "exhibitions"},
    "news": {"core", "mail"},
    "workspace": {"core", "mail", "exhibitions"},
    "intake": {"core", "mail"},
    "selfservice": {"core", "mail"},
    "api": {"core", "exhibitions"},
    "demo": {"core", "mail", "exhibitions", "calendar", "news", "workspace"},
    "wiring": {"core", *EVENTS_PARTS},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    return {module_name(path): path for app in APPS for path in sorted((ROOT / app).rglob("*.py"))}


def imported_modules(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules that `name` imports. `from package import module` names the module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module
            named = [f"{source}.{alias.name}" for alias in node.names]
            targets = [target for target in named if target in modules] or [source]
        else:
            continue
        for target in targets:
            # `import events.calendar.links` is an edge to that module; a name inside a module is the module.
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def events_part(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in EVENTS_PARTS:
        return parts[1]
    if module in ("events.apps", "events.urls") or parts[1:2] in (["management"], ["migrations"]):
        return "wiring"
    return "core"


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def against_the_direction(graph: dict[str, set[str]]) -> list[str]:
    wrong = []
    for source, targets in sorted(graph.items()):
        source_app = source.split(".")[0]
        for target in sorted(targets):
            target_app = target.split(".")[0]
            if APP_RANK[target_app] > APP_RANK[source_app]:
                wrong.append(f"{source} -> {target} ({target_app} is to the right of {source_app})")
            elif source_app == target_app == "events":
                source_part, target_part = events_part(source), events_part(target)
                if target_part != source_part and target_part not in EVENTS_ALLOWED[source_part]:
                    wrong.append(f"{source} -> {target} (events {source_part} may not import {target_part})")
    return wrong


def test_project_has_no_import_cycle():
    assert cycles(import_graph()) == []


def test_no_import_goes_against_the_direction():
    assert against_the_direction(import_graph()) == []


def test_the_graph_sees_imports_inside_functions_and_relative_ones():
    graph = import_graph()
    # `from .tasks import send_outgoing_email` inside a function of the outbox's services
    assert "events.mail.tasks" in graph["events.mail.services"]
    # `from events.calendar import links` names the module, not the package
    assert "events.calendar.links" in graph["events.calendar.templatetags.calendar_tags"]


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"events.a": {"events.b"}, "events.b": {"events.c"}, "events.c": {"events.a"}}, 1),
        ({"events.a": {"events.b"}, "events.b": set()}, 0),
    ],
)
def test_cycle_finder_finds_cycles(graph, expected):
    assert len(cycles(graph)) == expected


def test_direction_check_refuses_a_core_module_importing_a_concern_and_events_importing_checkin():
    graph = {
        "events.services": {"events.mail.services"},
        "events.models": {"checkin.models"},
        "events.mail.services": {"events.models"},
        "events.exhibitions.services": {"events.mail.services", "events.services"},
    }
    assert against_the_direction(graph) == [
        "events.models -> checkin.models (checkin is to the right of events)",
        "events.services -> events.mail.services (events core may not import mail)",
    ]


def test_events_has_no_module_over_600_lines_outside_migrations_and_demo_content():
    long = {
        str(path.relative_to(ROOT)): length
        for path in (ROOT / "events").rglob("*.py")
        if "migrations" not in path.parts
        and "demo" not in path.parts
        and (length := len(path.read_text().splitlines())) > 600
    }
    assert long == {}
