"""What a newcomer finds in the checkout: a short README that starts with the two commands,
no benchmark results among the tracked files (`make bench` writes them under var/), and the
dependencies pinned with their hashes as pyproject.toml declares them (`make lock`)."""

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
README_MAX_LINES = 250


def readme_lines():
    return (ROOT / "README.md").read_text(encoding="utf-8").splitlines()


def test_the_readme_is_a_short_guide():
    assert len(readme_lines()) <= README_MAX_LINES


def test_the_readme_opens_with_the_two_commands():
    opening = "\n".join(readme_lines()[:30])
    assert "make run" in opening
    assert "make test" in opening
    assert opening.index("make run") < opening.index("make test")


def tracked_files():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [name for name in out.split("\0") if name]


# The npm manifests of bench/lighthouse/ are the only JSON that belongs under bench/.
NPM_MANIFESTS = {"bench/lighthouse/package.json", "bench/lighthouse/package-lock.json"}


def test_no_benchmark_results_are_tracked():
    tracked = tracked_files()
    assert "bench/run.py" in tracked
    results = [
        name
        for name in tracked
        if name.startswith("bench/results/")
        or (name.startswith("bench/") and name.endswith(".json") and name not in NPM_MANIFESTS)
    ]
    assert results == []


LOCKS = {"run": ROOT / "requirements/run.txt", "test": ROOT / "requirements/test.txt"}
PINNED = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)")
DECLARED_HERE = "kela-portal (pyproject.toml)"


def lock_entries(path):
    """{name: (version, hashes, what it is there for)} of a lock file as `make lock` writes it:
    a requirement line, its hashes on the lines below, then the "# via" lines."""
    entries, name = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not line.startswith((" ", "#")) and stripped:
            found = PINNED.match(line)
            assert found, f"{path.name}: not pinned to one version: {line}"
            name = canonicalize_name(found["name"])
            entries[name] = (found["version"], [], [])
        elif stripped.startswith("--hash=sha256:") and name:
            entries[name][1].append(stripped)
        elif stripped.startswith("#") and name:
            via = stripped.lstrip("#").strip().removeprefix("via").strip()
            if via:
                entries[name][2].append(via)
    return entries


def declared(extra=None):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    return {canonicalize_name(Requirement(line).name): Requirement(line) for line in found}


@pytest.mark.parametrize("lock", LOCKS)
def test_every_pinned_dependency_carries_its_hashes(lock):
    entries = lock_entries(LOCKS[lock])
    assert entries
    assert [name for name, (_version, hashes, _via) in entries.items() if not hashes] == []


@pytest.mark.parametrize(("lock", "extra"), [("run", None), ("test", "test")])
def test_the_lock_pins_what_pyproject_declares(lock, extra):
    """What pyproject.toml declares is in the lock at a version it allows, and the lock holds
    nothing that is not declared or needed by what is: `make lock` after changing either."""
    entries = lock_entries(LOCKS[lock])
    wanted = declared(extra)
    direct = {name for name, (_v, _h, via) in entries.items() if DECLARED_HERE in via}
    assert direct == set(wanted)
    for name, requirement in wanted.items():
        assert requirement.specifier.contains(entries[name][0], prereleases=True), name
    for name, (_version, _hashes, via) in entries.items():
        needed_by = {canonicalize_name(v) for v in via if not v.startswith("-c ")}
        assert DECLARED_HERE in via or needed_by & set(entries), name


def test_the_runtime_lock_pins_the_versions_the_tests_run_with():
    run, tested = lock_entries(LOCKS["run"]), lock_entries(LOCKS["test"])
    assert {name: run[name][0] for name in run} == {name: tested[name][0] for name in run}
