"""A large file of rows read in pieces by several processes gives what reading it whole gives:
the same models at the same lines and columns, the same fingerprints and warnings; and a file
a piece cannot stand for (an alias, a quoted text running over a row start, an error) is read
whole, with the usual report."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.demo_data import write_demo_data
from generator.loading import cache, pieces
from generator.loading.cache import LoadedFile, _Loader, load_file

REL = "data/demo/units.yaml"


@pytest.fixture(scope="module")
def county_file(tmp_path_factory) -> str:
    """The largest file of a 600-unit demo set, with a personal number in a public note."""
    folder = tmp_path_factory.mktemp("demo")
    write_demo_data(600, 3, folder)
    text = max((p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")), key=len)
    return text.replace("  sample: true\n", "  sample: true\n  note: 联系电话 13800138000\n", 1)


@pytest.fixture(autouse=True)
def any_size(monkeypatch):
    monkeypatch.setattr(pieces, "SMALLEST", 0)  # the small files here are cut too,
    monkeypatch.setattr(cache, "POOL_FROM", 0)  # and handed to worker processes


def summary(loaded: LoadedFile) -> dict:
    """Everything a build takes from a loaded file, locations included."""
    return {
        "kind": loaded.kind, "parsed": loaded.parsed, "findings": loaded.findings,
        "models": [m.model_dump() for m in loaded.models], "paths": [m._path for m in loaded.models],
        "places": [(m.locate(), m.locate("name"), m.locate("members"), m.locate("secretary", "birth_year")) for m in loaded.models],
        "raw_ids": loaded.raw_ids, "rows": loaded.rows, "personal_rows": loaded.personal_rows,
        "personal_numbers": loaded.personal_numbers,
    }


def through_pieces(text: str, parts: int = 2) -> LoadedFile:
    """As a build reads one changed file with `parts` workers."""
    with _Loader([(REL, text.encode("utf-8"))], parts) as loader:
        return loader.results()[0]


def test_a_county_file_read_in_pieces_is_the_file_read_whole(county_file):
    assert len(pieces.cut(REL, county_file.encode(), 2)) == 2
    whole = summary(load_file(REL, county_file.encode()))
    assert whole["personal_numbers"] and not whole["findings"] and len(whole["models"]) > 100
    for parts in (2, 3):
        cut = pieces.cut(REL, county_file.encode(), parts)
        read = [pieces.read_piece(piece) for piece in cut]
        assert all(read), parts  # every piece stands for its part
        assert summary(pieces.joined(read)) == whole
    assert summary(through_pieces(county_file)) == whole


SHAPES = {
    "lines ending in \\r\\n": lambda t: t.replace("\n", "\r\n"),
    "an indented list": lambda t: "units:\n" + "".join(f"  {line}\n" if line else "\n" for line in t.split("\n")[1:]),
    "comments before the key and between rows": lambda t: "# 说明\n\n" + t.replace("\n- id:", "\n# 下一个单位\n\n- id:"),
    "a block text holding lines that start with a dash": lambda t: _after_first_row(t, lambda rest: rest.replace(
        "  sample: true\n", "  sample: true\n  note: |\n    - 第一项\n    - 第二项\n", 40)),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_files_of_other_shapes_are_cut_and_read_the_same(county_file, shape):
    text = SHAPES[shape](county_file)
    assert pieces.cut(REL, text.encode(), 2) is not None
    assert all(pieces.read_piece(p) for p in pieces.cut(REL, text.encode(), 2))
    assert summary(through_pieces(text)) == summary(load_file(REL, text.encode()))


def _after_first_row(text: str, change) -> str:
    second = text.index("\n- id:", text.index("\n- id:") + 1) + 1  # the first row has a note already
    return text[:second] + change(text[second:])


def _middle_row(text: str) -> int:
    return text.index("\n- id:", len(text) // 2) + 1


HOSTILE = {
    # a quoted text running over a row start near the middle, where the file is cut
    "a quoted text over a row start in the middle": lambda t: t[:_middle_row(t) - 1] + '\n  note: "开头\n' + t[_middle_row(t):].replace("\n", '"\n', 1),
    # …and near the start: its piece counts one row start more than it holds
    "a quoted text over a row start near the start": lambda t: _after_first_row(t, lambda rest: rest.replace(
        "  sample: true\n", '  sample: true\n  note: "第一行\n- id: 假的单位\n  第三行"\n', 1)),
    "an alias": lambda t: t.replace("  sample: true\n", "  sample: &s true\n", 1).replace("  sample: true\n", "  sample: *s\n", 1),
    "a syntax error in a row": lambda t: t[:_middle_row(t)] + "- id: [未闭合\n" + t[_middle_row(t):],
    "a key twice in a row": lambda t: t.replace("  sample: true\n", "  sample: true\n  sample: true\n", 1),
    "an invalid value": lambda t: t.replace("members: ", "members: 很多", 1),
    "a second top-level key after the rows": lambda t: t + "extra: 1\n",
    "a document marker": lambda t: t[:_middle_row(t)] + "---\n" + t[_middle_row(t):],
    "a line break libyaml counts and Python does not split": lambda t: t.replace("示例", "示\u2028例", 1),
}


@pytest.mark.parametrize("change", list(HOSTILE))
def test_a_file_a_piece_cannot_stand_for_is_read_whole(county_file, change):
    text = HOSTILE[change](county_file)
    cut = pieces.cut(REL, text.encode(), 2)
    assert cut is None or not all(pieces.read_piece(p) for p in cut)
    assert summary(through_pieces(text)) == summary(load_file(REL, text.encode()))


def test_small_files_and_other_kinds_are_read_whole(county_file, monkeypatch):
    monkeypatch.setattr(pieces, "SMALLEST", 300_000)
    assert pieces.cut(REL, county_file[:20_000].encode(), 2) is None
    assert pieces.cut("content/glossary.yaml", county_file.encode(), 2) is None
    assert pieces.cut("data/demo/units.csv", county_file.encode(), 2) is None


def _as_the_loader(text: str, parts: int = 2) -> LoadedFile:
    """What _Loader.results does with one file and `parts` workers, in this process."""
    raw = text.encode("utf-8")
    cut = pieces.cut(REL, raw, parts)
    read = [pieces.read_piece(p) for p in cut] if cut else []
    return pieces.joined(read) if read and all(read) else load_file(REL, raw)


def test_through_pieces_reads_in_pieces(county_file):
    """The comparisons above go through the worker processes (their pickles and `joined`)."""
    with _Loader([(REL, county_file.encode())], 2) as loader:
        assert loader.pool is not None and len(loader.jobs) == 2


_HEX = "0x" + "F" * 4000  # an int whose decimal form is over Python's 4,300 digits
# From the adversarial review. Read whole, a file stops at its first problem (a syntax error, a
# forbidden tag, a wrong top-level shape) before building or validating its other rows; a piece
# without that problem goes on, and met values that made PyYAML's constructors raise (the file
# read whole raised on them too when nothing stopped it earlier).
STOPS_EARLY = {
    "a syntax error, and !!bool x in another piece": "units:\n- id: a\n  name: [\n- id: b\n- id: c\n  note: !!bool x\n- id: d\n",
    "a syntax error, and !!timestamp x in another piece": "units:\n- id: a\n  name: [\n- id: b\n- id: c\n  note: !!timestamp x\n- id: d\n",
    "a syntax error, and !!int '' in another piece": "units:\n- id: a\n  name: [\n- id: b\n- id: c\n  note: !!int ''\n- id: d\n",
    "a second top-level key, and a huge hex number in another piece":
        f"units:\n- id: a\n  name: n\n  type: t\n  members: {_HEX}\n- id: b\n- id: c\n- id: d\nextra: 1\n",
    "a forbidden tag, and a huge hex number in another piece":
        f"units:\n- id: a\n  name: n\n  type: t\n  members: {_HEX}\n- id: b\n- id: c\n  note: !foo x\n- id: d\n",
}


@pytest.mark.parametrize("case", list(STOPS_EARLY))
def test_a_file_the_whole_read_reports_is_reported_by_the_pieces(case):
    text = STOPS_EARLY[case]
    assert load_file(REL, text.encode()).findings  # read whole: a finding, no exception
    assert summary(_as_the_loader(text)) == summary(through_pieces(text)) == summary(load_file(REL, text.encode()))


def test_a_county_file_with_a_typo_and_a_bad_truth_value(county_file):
    """The same in a realistic file: a bracket left open in the first rows, `!!bool 是` in the last."""
    start = county_file.index("  sample: true\n")
    text = county_file[:start] + "  note: [\n" + county_file[start:]
    end = text.rindex("  sample: true\n")
    text = text[:end] + "  note: !!bool 是\n" + text[end:]
    assert load_file(REL, text.encode()).findings
    assert summary(_as_the_loader(text)) == summary(load_file(REL, text.encode()))


@pytest.mark.parametrize("value", ["!!bool x", "!!timestamp x", "!!int ''", "!!float ''", _HEX])
def test_a_value_yaml_cannot_construct_is_a_finding_not_a_crash(value):
    text = f"units:\n- id: a\n  name: 甲\n  type: 村\n  note: {value}\n"
    found = load_file(REL, text.encode()).findings
    assert [(f.code, f.location.line, f.location.col) for f in found][:1] == [("yaml-syntax", 5, 9)], found
    assert "无法读取的值" in found[0].message
