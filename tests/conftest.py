"""Shared fixtures: the repo root, the minimal fixture project, broken-case overlays.

Golden files are regenerated with `pytest --regen-golden` (see README).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
MINIMAL = TESTS / "fixtures" / "minimal"
CASES = TESTS / "cases"


def pytest_configure(config):
    # booklet conversions (LibreOffice) kept for the whole run; builds themselves write nothing outside their output
    import os
    import tempfile

    os.environ.setdefault("HANDBOOK_PDF_CACHE", str(Path(tempfile.gettempdir()) / "handbook-test-pdf-cache"))


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture
def regen(request) -> bool:
    return request.config.getoption("--regen-golden")


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory) -> Path:
    """The repository's site, built once for all the tests that only read it."""
    from generator import pipeline

    out = tmp_path_factory.mktemp("repo-site") / "site"
    pipeline.build(REPO, out)
    return out


@pytest.fixture
def minimal_project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    return root


def apply_case(case_dir: Path, root: Path) -> dict:
    """Apply a broken case to a copy of the minimal project; return its spec."""
    spec = yaml.safe_load((case_dir / "case.yaml").read_text(encoding="utf-8"))
    for edit in spec.get("edits", []):
        target = root / edit["file"]
        text = target.read_text(encoding="utf-8")
        assert edit["replace"] in text, f"{case_dir.name}: '{edit['replace']}' not in {edit['file']}"
        target.write_text(text.replace(edit["replace"], edit["with"], 1), encoding="utf-8")
    for rel in spec.get("delete", []):
        (root / rel).unlink()
    files = case_dir / "files"
    if files.is_dir():
        shutil.copytree(files, root, dirs_exist_ok=True)
    return spec


def check_golden(path: Path, actual: str, regen: bool) -> None:
    if regen or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not regen:
            pytest.fail(f"golden file {path.relative_to(REPO)} was missing and has been written; review it")
        return
    assert actual == path.read_text(encoding="utf-8"), f"output differs from {path.relative_to(REPO)} (regenerate with --regen-golden)"
