"""A lazy translation formatted where a module is loaded (`_("… %(n)d …") % {...}` at module or class
level) is turned into text once, in the language active at import, and every later page shows that one
language. Such formatting belongs in a function (a form's `__init__`, a view), run per request."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("events", "checkin", "training", "feedback", "reports", "config")
LAZY = {"gettext_lazy", "ngettext_lazy", "pgettext_lazy", "npgettext_lazy"}


def _formatted_at_import(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lazy = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in LAZY
    }
    found: list[int] = []

    def is_lazy_call(node) -> bool:
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in lazy

    def visit(node, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if not inside:
                if (
                    isinstance(child, ast.BinOp)
                    and isinstance(child.op, ast.Mod | ast.Add)
                    and (is_lazy_call(child.left) or is_lazy_call(child.right))
                ):
                    found.append(child.lineno)
                if (
                    isinstance(child, ast.Call)
                    and isinstance(child.func, ast.Attribute)
                    and child.func.attr == "format"
                    and is_lazy_call(child.func.value)
                ):
                    found.append(child.lineno)
            visit(child, inside)

    visit(tree, False)
    return found


def test_no_lazy_translation_is_formatted_at_import():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for line in _formatted_at_import(path)
    ]
    assert offenders == [], "formatted once at import, in one language: " + ", ".join(offenders)


def test_the_check_finds_a_lazy_text_formatted_at_import(tmp_path):
    sample = tmp_path / "forms.py"
    sample.write_text(
        "from django.utils.translation import gettext_lazy as _\n"
        "class F:\n"
        "    help = _('At most %(n)d people.') % {'n': 5}\n"
        "    def ok(self):\n"
        "        return _('At most %(n)d people.') % {'n': 5}\n",
        encoding="utf-8",
    )
    assert _formatted_at_import(sample) == [3]
