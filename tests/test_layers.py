"""The folders are the layers: the domain is plain Python, storage sits on it, the web on both.

Read from the source with `ast`, so a test fails the moment a module reaches the wrong way:
- a domain module (app/domain) imports no web framework, form, database or login package, and
  nothing from app.storage, app.web or app.cli;
- a storage module imports nothing from app.web or app.cli;
- no module imports inside a function (an import there hides a dependency, or dodges a cycle);
- the modules' imports form no cycle.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
FRAMEWORKS = ("flask", "flask_wtf", "flask_login", "flask_sqlalchemy", "flask_migrate", "wtforms", "sqlalchemy",
              "werkzeug", "jinja2", "markupsafe", "alembic", "click")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted(APP.rglob("*.py"))}


def _under_type_checking(node: ast.AST, parents: dict) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports_of(name: str) -> list[tuple[str, ast.stmt, bool]]:
    """(imported module, statement, inside a function) for every import a module runs."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)) or _under_type_checking(node, parents):
            continue
        in_function, up = False, node
        while up in parents:
            up = parents[up]
            in_function = in_function or isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef))
        if isinstance(node, ast.Import):
            found += [(alias.name, node, in_function) for alias in node.names]
        else:
            base = node.module or ""
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.append((target if target in MODULES else base, node, in_function))
    return found


def layer(name: str) -> str:
    return name.split(".")[1] if name.count(".") >= 1 else "app"


@pytest.mark.parametrize("name", [n for n in MODULES if layer(n) == "domain"])
def test_the_domain_imports_no_web_or_database_code(name):
    for target, node, _ in imports_of(name):
        top = target.split(".")[0]
        assert top not in FRAMEWORKS, f"{name} imports {target} (line {node.lineno})"
        assert layer(target) not in ("storage", "web", "cli") or not target.startswith("app."), \
            f"{name} imports {target} (line {node.lineno})"
        assert target not in ("app", "app.extensions", "app.config", "app.cache"), f"{name} imports {target}"


@pytest.mark.parametrize("name", [n for n in MODULES if layer(n) == "storage"])
def test_storage_does_not_reach_up_into_the_web(name):
    for target, node, _ in imports_of(name):
        assert not target.startswith(("app.web", "app.cli")), f"{name} imports {target} (line {node.lineno})"


def test_no_import_hides_inside_a_function():
    inside = [f"{name}:{node.lineno} imports {target}" for name in MODULES
              for target, node, in_function in imports_of(name) if in_function]
    assert inside == []


def test_the_modules_import_no_cycle():
    graph = {name: sorted({t for t, _, _ in imports_of(name) if t in MODULES and t != name}) for name in MODULES}
    visiting, done, cycles = set(), set(), []

    def visit(name, trail):
        if name in done:
            return
        if name in visiting:
            cycles.append(trail[trail.index(name):] + [name])
            return
        visiting.add(name)
        for target in graph[name]:
            visit(target, trail + [name])
        visiting.discard(name)
        done.add(name)

    for name in graph:
        visit(name, [])
    assert cycles == []


def test_a_domain_module_that_imports_the_web_would_be_caught(tmp_path, monkeypatch):
    """The check itself: a made-up domain module that imports Flask is reported."""
    fake = APP / "domain" / "_layer_probe.py"
    monkeypatch.setitem(MODULES, "app.domain._layer_probe", tmp_path / "probe.py")
    (tmp_path / "probe.py").write_text("from flask import request\n", encoding="utf-8")
    assert not fake.exists()
    with pytest.raises(AssertionError):
        test_the_domain_imports_no_web_or_database_code("app.domain._layer_probe")
