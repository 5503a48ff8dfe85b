"""Every error code has a broken fixture: the code and its path:line:col are asserted.

Each folder in tests/cases/ breaks the minimal project in one way (case.yaml:
text edits, deletions, extra files under files/); expected.txt is the golden
output of `handbook check` for it.
"""

from __future__ import annotations

import pytest
import yaml

from conftest import CASES, REPO, apply_case, check_golden
from generator import pipeline
from generator.checks import all_checks
from generator.errors import CODES, format_text

CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "case.yaml").exists())


@pytest.mark.parametrize("case_dir", CASE_DIRS, ids=lambda p: p.name)
def test_case_reports_code_at_location(case_dir, minimal_project, regen):
    spec = apply_case(case_dir, minimal_project)
    result = pipeline.check(minimal_project)
    found = {(str(f.location), f.code) for f in result.findings}
    for expected in spec["expect"]:
        assert (expected["at"], expected["code"]) in found, f"{expected} not in {sorted(found)}"
    assert result.ok is (not spec.get("fails", True))
    check_golden(case_dir / "expected.txt", format_text(result.findings) + "\n", regen)


def test_every_code_has_a_case_and_documentation():
    covered = set()
    for case_dir in CASE_DIRS:
        spec = yaml.safe_load((case_dir / "case.yaml").read_text(encoding="utf-8"))
        covered |= {e["code"] for e in spec["expect"]}
    emitted = {code for func in all_checks().values() for code in func.codes}
    assert emitted <= set(CODES), f"codes missing from errors.CODES: {sorted(emitted - set(CODES))}"
    # file-too-large and text-too-long are tested in test_hostile_input, the template-* codes
    # (handbook templates check) in test_forms
    missing = set(CODES) - covered - {"file-too-large", "text-too-long", "template-syntax", "template-undeclared",
                                      "template-split-tag", "template-metadata"}
    assert not missing, f"codes without a broken fixture: {sorted(missing)}"
    doc = (REPO / "docs" / "error-codes.md").read_text(encoding="utf-8")
    assert all(f"`{code}`" in doc for code in CODES)


def test_minimal_fixture_is_clean(minimal_project):
    result = pipeline.check(minimal_project)
    assert result.findings == []
