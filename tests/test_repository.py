"""What a newcomer finds in the checkout: a short README that starts with the two commands,
and no benchmark results among the tracked files (`make bench` writes them under var/)."""

import shutil
import subprocess
from pathlib import Path

import pytest

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
