"""Documentation generated from code stays in step with it."""

from __future__ import annotations

from conftest import REPO, check_golden
from generator.schema_doc import case_examples, codes_markdown, schema_markdown


def test_data_model_doc_is_current(regen):
    check_golden(REPO / "docs" / "data-model.md", schema_markdown(), regen)


def test_error_codes_doc_is_current(regen):
    check_golden(REPO / "docs" / "error-codes.md", codes_markdown(case_examples(REPO / "tests" / "cases")), regen)


def test_data_readme_lists_every_table_column():
    from generator.loading.tables import COLUMNS, YEAR_COLUMNS

    readme = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    missing = [name for name in [*COLUMNS, *YEAR_COLUMNS] if name not in readme]
    assert not missing
