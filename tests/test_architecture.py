"""The layout rules a newcomer relies on: the core knows no app, settings are documented."""

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


def test_an_import_of_an_app_is_recognised():
    source = "import os\nfrom search.index import rebuild\nimport organisation.models as m\n"
    assert imported_packages(source) & project_apps() == {"search", "organisation"}
    assert imported_packages("from . import views\nfrom .cache import x\n") == set()


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
