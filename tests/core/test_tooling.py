"""The developer tooling keeps its promises: CI checks before it tests, the coverage floor is
set, and the type stubs in typings/ describe the library that is installed."""

import ast
import re
import tomllib
from pathlib import Path

import rules

ROOT = Path(__file__).resolve().parents[2]


def _ci_lines() -> list[str]:
    return (ROOT / ".ci" / "run").read_text().splitlines()


def _first_line(lines: list[str], pattern: str) -> int:
    for number, line in enumerate(lines):
        if re.match(pattern, line.strip()):
            return number
    raise AssertionError(f".ci/run has no line matching {pattern!r}")


def test_ci_runs_lint_migrations_and_types_before_any_test_or_service():
    lines = _ci_lines()
    install = _first_line(lines, r"make install\b")
    checks = {
        "lint": _first_line(lines, r"make lint\b"),
        "missing migrations": _first_line(lines, r".*manage\.py makemigrations --check --dry-run"),
        "types": _first_line(lines, r"make typecheck\b"),
    }
    later = {
        "browser install": _first_line(lines, r'section "System packages"'),
        "PostgreSQL and Redis": _first_line(lines, r'section "PostgreSQL and Redis"'),
        "SQLite suite": _first_line(lines, r"make coverage\b"),
        "PostgreSQL suite": _first_line(lines, r"make test\b"),
    }
    for name, line in checks.items():
        assert install < line < min(later.values()), f"{name} must run right after make install, before {later}"


def test_ci_measures_coverage_on_the_sqlite_run_only():
    lines = _ci_lines()
    assert _first_line(lines, r"make coverage\b") < _first_line(lines, r"make test\b")
    assert sum(1 for line in lines if re.match(r"make coverage\b", line.strip())) == 1


def test_coverage_floor_is_a_whole_percentage_above_zero():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["coverage"]
    floor = config["report"]["fail_under"]
    # Today's figure rounded down; it may only rise (README, "Checks before a commit").
    assert isinstance(floor, int) and 0 < floor <= 100, floor
    assert {"tests/*", "*/migrations/*", ".venv/*"} <= set(config["run"]["omit"])


def _stub_names(tree: ast.Module) -> dict[str, list[str]]:
    """Public top-level names in a stub, each with the public methods of a class."""
    names: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names[node.name] = [
                item.name for item in node.body if isinstance(item, ast.FunctionDef) and not item.name.startswith("_")
            ]
        elif isinstance(node, ast.FunctionDef):
            names[node.name] = []
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = []
    return {name: methods for name, methods in names.items() if not name.startswith("_")}


def test_rules_stub_names_only_what_django_rules_has():
    stub = ROOT / "typings" / "rules" / "__init__.pyi"
    names = _stub_names(ast.parse(stub.read_text()))
    assert {"predicate", "add_perm", "set_rule", "Predicate"} <= set(names)
    for name, methods in names.items():
        assert hasattr(rules, name), f"typings/rules declares {name}, which django-rules no longer has"
        for method in methods:
            assert hasattr(getattr(rules, name), method), f"typings/rules declares {name}.{method}"


def test_only_the_cache_helper_empties_the_cache():
    """Tests run several processes at once sharing one Redis cache (make test, CI): cache.clear()
    there empties every process's keys, so one test's clean-up breaks another's rate limits.
    tests/cache.py forgets only this process's allauth keys; every test uses it (tests/conftest.py)."""
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if path == ROOT / "tests" / "cache.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            # cache.clear(), django.core.cache.cache.clear(), ...
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("cache.clear"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, f"use tests.cache.forget_allauth_cache(), not cache.clear(): {offenders}"
