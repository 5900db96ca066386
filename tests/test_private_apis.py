"""The portal's runtime code uses only the documented APIs of the packages it builds on.

A private name (one leading underscore) of Django, django-csp, gunicorn, psycopg or any other
package may change in any release without a word in the release notes; so may the few
undocumented names listed below. Monkeypatching (assigning to an attribute of something
imported) changes a package behind its back. Either would make an upgrade a search for what
broke. The checks read the source with `ast`; tests/ and bench/ are not runtime code.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_RUNTIME = {"tests", "bench"}

# Underscore names that Django documents: Model._meta (the Model _meta API) and the managers
# of "Default managers" and "Base managers".
DOCUMENTED = {"_meta", "_default_manager", "_base_manager"}
# Public-looking but undocumented internals of Django's database wrapper and template engine.
UNDOCUMENTED = {
    "make_cursor",
    "make_debug_cursor",
    "queries_logged",
    "health_check_done",
    "child_nodelists",
}
READS_BY_NAME = {"getattr", "hasattr", "setattr", "delattr"}


def runtime_files():
    """Every Python module of the project that runs in production: the top-level packages
    (the core and every app) and the scripts beside them, not tests/ or bench/."""
    packages = {
        path.parent for path in ROOT.glob("*/__init__.py") if path.parent.name not in NOT_RUNTIME
    }
    files = [path for package in packages for path in package.rglob("*.py")]
    return sorted(files + list(ROOT.glob("*.py")))


def is_private(name):
    return name.startswith("_") and not name.startswith("__") and name not in ("_", *DOCUMENTED)


def names_defined(tree):
    """Names the project's own code gives a value: its functions, classes, arguments, and the
    names and attributes it assigns (self._lock = …). A private name it defines is its own."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
    return names


def imported_names(tree):
    """The names bound by import statements: modules, and what was taken from them."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names |= {alias.asname or alias.name for alias in node.names}
    return names


def root_name(node):
    """The name an attribute chain starts from (`wsgi` for wsgi.http.SERVER), or None."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def findings(source, own_names):
    """(line, what) for each use of another project's private or undocumented name, and each
    monkeypatch, in the source. own_names: the names the project's runtime code defines."""
    tree = ast.parse(source)
    imported = imported_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            module = getattr(node, "module", None) or ""
            if any(is_private(part) for part in module.split(".")):
                found.append((node.lineno, f"import from private module {module}"))
            for alias in node.names:
                if any(is_private(part) for part in alias.name.split(".")):
                    found.append((node.lineno, f"import of private {alias.name}"))
        elif isinstance(node, ast.Attribute):
            if node.attr in UNDOCUMENTED:
                found.append((node.lineno, f"undocumented .{node.attr}"))
            elif is_private(node.attr) and node.attr not in own_names:
                found.append((node.lineno, f"private .{node.attr}"))
            if isinstance(node.ctx, ast.Store | ast.Del) and root_name(node) in imported:
                found.append((node.lineno, f"monkeypatch of {ast.unparse(node)}"))
        elif isinstance(node, ast.Name) and node.id in UNDOCUMENTED:
            found.append((node.lineno, f"undocumented {node.id}"))
        elif isinstance(node, ast.Call) and ast.unparse(node.func) in READS_BY_NAME:
            args = node.args
            name = args[1] if len(args) > 1 else None
            if (
                isinstance(name, ast.Constant)
                and isinstance(name.value, str)
                and (
                    name.value in UNDOCUMENTED
                    or (is_private(name.value) and name.value not in own_names)
                )
            ):
                found.append((node.lineno, f"{ast.unparse(node.func)}(…, {name.value!r})"))
            if (
                ast.unparse(node.func) in ("setattr", "delattr")
                and args
                and root_name(args[0]) in imported
            ):
                found.append((node.lineno, f"monkeypatch with {ast.unparse(node)}"))
    return found


def project_findings():
    trees = {path: path.read_text(encoding="utf-8") for path in runtime_files()}
    own = set().union(*(names_defined(ast.parse(source)) for source in trees.values()))
    return sorted(
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path, source in trees.items()
        for line, what in findings(source, own)
    )


def test_runtime_code_is_found():
    names = {str(path.relative_to(ROOT)) for path in runtime_files()}
    assert {"manage.py", "kela_portal/settings.py", "kela_portal/templatetags/portal.py"} <= names
    assert {"organisation/models.py", "publishing/models.py", "stats/views.py"} <= names
    assert not [name for name in names if name.startswith(("tests/", "bench/", ".venv/"))]


def test_runtime_code_uses_no_private_or_undocumented_name_and_patches_nothing():
    assert project_findings() == []


EXAMPLES = [
    ("from django.db.models.base import _private", "import of private _private"),
    ("import gunicorn._compat", "import of private gunicorn._compat"),
    ("from csp._utils import build", "import from private module csp._utils"),
    ("request._csp_nonce", "private ._csp_nonce"),
    ("x = getattr(request, '_csp_nonce', None)", "getattr(…, '_csp_nonce')"),
    ("self._csp_nonce_post_response()", "private ._csp_nonce_post_response"),
    ("wrapper.make_debug_cursor(raw)", "undocumented .make_debug_cursor"),
    ("wrapper.health_check_done = True", "undocumented .health_check_done"),
    ("class Node:\n    child_nodelists = ()", "undocumented child_nodelists"),
    ("from gunicorn.http import wsgi\nwsgi.SERVER = 'x'", "monkeypatch of wsgi.SERVER"),
    (
        "import gunicorn\ngunicorn.http.wsgi.SERVER = 'x'",
        "monkeypatch of gunicorn.http.wsgi.SERVER",
    ),
    ("import psycopg\nsetattr(psycopg, 'x', 1)", "monkeypatch with setattr(psycopg, 'x', 1)"),
]


def test_each_kind_of_private_use_is_recognised():
    for source, expected in EXAMPLES:
        assert expected in [what for _line, what in findings(source, set())], source


def test_documented_and_own_names_are_allowed():
    source = (
        "from django.utils.translation import gettext as _\n"
        "label = model._meta.label\n"
        "first = model._default_manager.first()\n"
        "self._found = {}\n"
        "self.count = len(self._found)\n"
        "request.portal_language = 'fi'\n"
        "def __init__(self): pass\n"
    )
    assert findings(source, names_defined(ast.parse(source))) == []
