"""The layout rules a newcomer relies on: the core (kela_portal) imports no app; organisation,
partners and stats, the three content sections, never import each other; runtime code never
imports tests/ or bench/; every setting read from the environment is documented."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "kela_portal"


def project_apps():
    """The top-level packages of the project that are Django apps (they have apps.py)."""
    return {path.parent.name for path in ROOT.glob("*/apps.py")} - {CORE.name}


def imported_packages(source):
    """The top-level package of every absolute import in the Python source."""
    packages = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            packages |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            packages.add(node.module.split(".")[0])
    return packages


SECTIONS = {"organisation", "partners", "stats"}
NOT_RUNTIME = {"tests", "bench"}


def runtime_modules():
    """Every module that runs in production: the packages at the top (the core and the apps)
    and the scripts beside them (manage.py), not tests/ or bench/."""
    packages = [
        path.parent for path in ROOT.glob("*/__init__.py") if path.parent.name not in NOT_RUNTIME
    ]
    return sorted([path for package in packages for path in package.rglob("*.py")]) + sorted(
        ROOT.glob("*.py")
    )


def top_package(path):
    """The package at the top of the repository that holds the module (None for manage.py)."""
    parts = path.relative_to(ROOT).parts
    return parts[0] if len(parts) > 1 else None


def imports_between_sections():
    """(module, section) for every import of one content section by another."""
    return sorted(
        (str(path.relative_to(ROOT)), package)
        for path in runtime_modules()
        if top_package(path) in SECTIONS
        for package in imported_packages(path.read_text(encoding="utf-8"))
        & (SECTIONS - {top_package(path)})
    )


def runtime_imports_of_tests_or_bench():
    """(module, package) for every import of tests/ or bench/ in runtime code."""
    return sorted(
        (str(path.relative_to(ROOT)), package)
        for path in runtime_modules()
        for package in imported_packages(path.read_text(encoding="utf-8")) & NOT_RUNTIME
    )


def core_imports_of_apps():
    """(module, app) for every import of a project app in a module of the core."""
    apps = project_apps()
    return sorted(
        (str(path.relative_to(ROOT)), package)
        for path in CORE.rglob("*.py")
        for package in imported_packages(path.read_text(encoding="utf-8")) & apps
    )


def test_the_apps_are_found():
    assert {"organisation", "partners", "stats", "search", "feedback", "publishing"} <= (
        project_apps()
    )


def test_the_core_imports_no_app():
    assert core_imports_of_apps() == []


def test_the_runtime_modules_are_found():
    names = {str(path.relative_to(ROOT)) for path in runtime_modules()}
    assert {"manage.py", "kela_portal/settings.py", "partners/views.py", "stats/models.py"} <= names
    assert not [name for name in names if name.split("/")[0] in NOT_RUNTIME | {".venv"}]


def test_the_content_sections_never_import_each_other():
    assert imports_between_sections() == []


def test_runtime_code_never_imports_tests_or_bench():
    assert runtime_imports_of_tests_or_bench() == []


def test_an_import_of_an_app_is_recognised():
    source = "import os\nfrom search.index import rebuild\nimport organisation.models as m\n"
    assert imported_packages(source) & project_apps() == {"search", "organisation"}
    assert imported_packages("from . import views\nfrom .cache import x\n") == set()
    inside = "def f():\n    from tests.servers import fetch\n    import bench.run\n"
    assert imported_packages(inside) & NOT_RUNTIME == {"tests", "bench"}


def environment_variables(path):
    """Names of the environment variables a module reads (os.environ, os.getenv, env_*())."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        name = None
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            name = node.slice
        elif isinstance(node, ast.Call) and node.args:
            function = ast.unparse(node.func)
            if function in ("os.environ.get", "os.getenv") or function.startswith("env_"):
                name = node.args[0]
        if isinstance(name, ast.Constant) and isinstance(name.value, str):
            names.add(name.value)
    return names


def readme_variables():
    """The variables named in the first column of the README's configuration table."""
    names = []
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        cells = line.split("|")
        if line.startswith("| `") and len(cells) > 2:
            names += re.findall(r"`([A-Z][A-Z0-9_]+)`", cells[1])
    return names


def test_every_variable_settings_read_is_in_the_readme_table_once():
    read = environment_variables(CORE / "settings.py") | environment_variables(
        CORE / "gunicorn.conf.py"
    )
    documented = readme_variables()
    assert "DJANGO_SECRET_KEY" in read
    assert sorted(read - set(documented)) == []
    assert sorted(name for name in set(documented) if documented.count(name) > 1) == []
    assert sorted(set(documented) - read) == []
