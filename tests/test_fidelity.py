"""The notice in content/ reproduces the source text byte for byte, and any change
to a verbatim character is caught."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
import yaml

from conftest import REPO, TESTS
from generator.importing import import_notice
from generator.model.document import Document
from generator.source import document_text

SEED = TESTS / "data" / "seed-changde-2012-5.txt"
SHARED_SEED = REPO.parent / "shared" / "seeds" / "000_e81e6d9fb5dd4907.txt"
DOCUMENT_YAML = REPO / "content" / "documents" / "changde-2012-5" / "document.yaml"


def load_document_data() -> dict:
    return yaml.safe_load(DOCUMENT_YAML.read_text(encoding="utf-8"))


def seed_text() -> str:
    return SEED.read_bytes().decode("utf-8")


def test_repo_copy_of_seed_matches_shared_seed():
    if not SHARED_SEED.exists():
        pytest.skip("shared/ seed not beside this checkout")
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_reassembled_text_equals_seed():
    doc = Document.model_validate(load_document_data())
    assert document_text(doc) == seed_text().rstrip("\n")


def test_cli_source_prints_seed_byte_for_byte():
    out = subprocess.run(
        [sys.executable, "-m", "generator", "source", "changde-2012-5", "--root", str(REPO)],
        capture_output=True, check=True,
    ).stdout
    assert out.rstrip(b"\n") == SEED.read_bytes().rstrip(b"\n")


def _verbatim_slots(data: dict) -> list[tuple[list, object]]:
    """(container, key) of every verbatim string: cover lines, titles, sentences."""
    slots: list[tuple[list, object]] = [(data["cover"], k) for k in data["cover"]]
    slots += [(data["opinion_title"], i) for i in range(len(data["opinion_title"]))]
    slots += [(data["closing"], i) for i in range(len(data["closing"]))]
    slots += [(s, "text") for s in data["preamble"]]
    for section in data["sections"]:
        slots.append((section, "heading"))
        for article in section["articles"]:
            slots.append((article, "label"))
            slots += [(s, "text") for s in [article["lead"], *article["body"]]]
    return slots


def test_every_verbatim_field_is_checked():
    """Changing one character anywhere in any verbatim field breaks fidelity."""
    original = seed_text().rstrip("\n")
    data = load_document_data()
    rng = random.Random(20120620)
    slots = _verbatim_slots(data)
    assert len(slots) > 120
    for container, key in slots:
        value = container[key]
        pos = rng.randrange(len(value))
        replacement = "，" if value[pos] != "，" else ","
        container[key] = value[:pos] + replacement + value[pos + 1 :]
        assert document_text(Document.model_validate(data)) != original, (key, value)
        container[key] = value


def test_half_width_punctuation_and_odd_spaces_survive():
    text = document_text(Document.model_validate(load_document_data()))
    for fragment in ("1:0.9 :0.8:0.7", "街道 “大工委制”", "有条件的乡镇 (街道)", "供稿:市委办秘书科"):
        assert fragment in text


def test_importer_reproduces_committed_sentence_ids():
    """The committed sentence ids are the importer's: re-importing changes none."""
    fresh = import_notice(seed_text(), "changde-2012-5")
    data = load_document_data()
    ids = lambda d: [s["id"] for sec in d["sections"] for a in sec["articles"] for s in [a["lead"], *a["body"]]]
    assert ids(fresh) == ids(data)
    assert len(ids(data)) == 93


def test_structure_has_7_sections_and_28_articles():
    doc = Document.model_validate(load_document_data())
    assert [s.numeral for s in doc.sections] == list("一二三四五六七")
    assert [a.number for a in doc.articles] == list(range(1, 29))
    assert doc.article(1).lead.text == "明确工作目标和要求。"
    assert all(a.lead.text.endswith("。") for a in doc.articles)


# --- the 党章 (2017), the second document ------------------------------------------------------

DANGZHANG = TESTS / "data" / "library-zhongguo-gongchandang-zhangcheng-2017.txt"
SHARED_DANGZHANG = REPO.parent / "shared" / "library" / "zhongguo-gongchandang-zhangcheng-2017.txt"
DANGZHANG_YAML = REPO / "content" / "documents" / "dangzhang-2017" / "document.yaml"


def test_repo_copy_of_dangzhang_matches_shared_library():
    if not SHARED_DANGZHANG.exists():
        pytest.skip("shared/ library not beside this checkout")
    assert DANGZHANG.read_bytes() == SHARED_DANGZHANG.read_bytes()


def test_cli_source_prints_dangzhang_byte_for_byte():
    out = subprocess.run(
        [sys.executable, "-m", "generator", "source", "dangzhang-2017", "--root", str(REPO)],
        capture_output=True, check=True,
    ).stdout
    assert out == DANGZHANG.read_bytes() + b"\n"  # the file has no final newline; source always ends with one


def _strings(node, found: list) -> list:
    """(container, key) of every string in the document data below the metadata."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str) and key not in ("id", "kind", "role"):
                found.append((node, key))
            else:
                _strings(value, found)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            if isinstance(value, str):
                found.append((node, i))
            else:
                _strings(value, found)
    return found


def test_every_verbatim_string_of_the_dangzhang_is_checked():
    """Every heading, label, item label and sentence takes part in the text."""
    data = yaml.safe_load(DANGZHANG_YAML.read_text(encoding="utf-8"))
    original = DANGZHANG.read_text(encoding="utf-8")
    body = {k: v for k, v in data.items() if k in ("opinion_title", "caption", "preface", "chapters")}
    slots = _strings(body, [])
    assert len(slots) > 550  # 417 sentences, 106 article and item labels, headings, title, 题注
    rng = random.Random(20171024)
    for container, key in slots:
        value = container[key]
        if key in ("numeral", "title") and isinstance(container, dict) and "heading" in container:
            continue  # derived from the heading line, checked by handbook check
        pos = rng.randrange(len(value))
        container[key] = value[:pos] + ("，" if value[pos] != "，" else ",") + value[pos + 1:]
        assert document_text(Document.model_validate(data)) != original, (key, value)
        container[key] = value
    assert document_text(Document.model_validate(data)) == original
