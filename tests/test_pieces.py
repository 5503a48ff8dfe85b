"""A large file of rows read in pieces (by several processes, or partly from the load cache)
gives what reading it whole gives: the same models at the same lines and columns, the same
fingerprints and warnings; a file a piece cannot stand for (an alias, a quoted text running
over a row start, an error) is read whole, with the usual report; and after one row changed,
only its piece is read again."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.demo_data import write_demo_data
from generator.loading import cache, pieces
from generator.loading.cache import LoadCache, LoadedFile, _Changed, _Loader, joined, load_file

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
    monkeypatch.setattr(pieces, "PIECE_ROWS", 30)  # in pieces of 30 rows (3 of them, the last of 59),
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


def through_pieces(text: str, load_cache: LoadCache | None = None) -> LoadedFile:
    """As a build reads one changed file with two workers (and the cache of the last build)."""
    load_cache = load_cache or LoadCache()
    file = _Changed.of(REL, text.encode("utf-8"), LoadCache().key(REL, text.encode("utf-8")), load_cache)
    with _Loader(file.jobs, 2) as loader:
        return file.finish(loader.results(), load_cache)


def test_a_county_file_read_in_pieces_is_the_file_read_whole(county_file):
    assert [piece.rows for piece in pieces.cut(REL, county_file.encode())] == [30, 30, 59]
    whole = summary(load_file(REL, county_file.encode()))
    assert whole["personal_numbers"] and not whole["findings"] and len(whole["models"]) > 100
    for rows in (30, 17, 1):
        cut = pieces.cut(REL, county_file.encode(), rows)
        read = [pieces.read_piece(piece) for piece in cut]
        assert all(read), rows  # every piece stands for its part
        assert summary(joined(read)) == whole
    assert summary(through_pieces(county_file)) == whole


def _in_place(text: str, at: int) -> tuple[str, int]:
    """The text with the first member count after `at` changed (no line added), and its row's index."""
    start = text.index("  members: ", at) + len("  members: ")
    end = text.index("\n", start)
    return text[:start] + str(int(text[start:end] or 0) + 7) + text[end:], text[:start].count("\n- id:") - 1


def test_after_one_row_changed_only_its_piece_is_read_again(county_file, tmp_path):
    """The pieces are kept in the load cache by their text: a value edited in place makes one
    piece new; a line added makes the pieces after it new (their rows' lines moved)."""
    kept = LoadCache(tmp_path, tmp_path)
    through_pieces(county_file, kept)
    assert len(list(tmp_path.glob("*.pickle"))) == 3 + 1  # the pieces, and the file's list of them
    edited, row = _in_place(county_file, _middle_row(county_file))
    again = _Changed.of(REL, edited.encode(), LoadCache().key(REL, edited.encode()), kept)
    assert len(again.jobs) == 1 and again.jobs[0].first <= row < again.jobs[0].first + again.jobs[0].rows, row
    assert summary(through_pieces(edited, kept)) == summary(load_file(REL, edited.encode()))
    # the next build reads it from the cache alone: the file's entry joins its pieces' entries
    assert summary(kept.get(LoadCache().key(REL, edited.encode()))) == summary(load_file(REL, edited.encode()))
    added = edited.replace("  sample: true\n", "  sample: true\n  note: 新增一行\n", 1)
    moved = _Changed.of(REL, added.encode(), LoadCache().key(REL, added.encode()), kept)
    assert len(moved.jobs) == 3  # the first piece's rows changed, and every later row moved down a line
    assert summary(through_pieces(added, kept)) == summary(load_file(REL, added.encode()))


def test_a_file_whose_piece_is_gone_from_the_cache_is_read_again(county_file, tmp_path):
    kept = LoadCache(tmp_path, tmp_path)
    through_pieces(county_file, kept)
    key = LoadCache().key(REL, county_file.encode())
    assert kept.get(key) is not None
    sorted(tmp_path.glob("*.pickle"), key=lambda p: p.stat().st_size)[-1].write_bytes(b"not a pickle")
    assert LoadCache(tmp_path).get(key) is None  # so the build reads the file as if it had changed
    file = _Changed.of(REL, county_file.encode(), key, LoadCache(tmp_path))
    assert len(file.jobs) == 0  # every piece's entry is there…
    assert summary(file.finish(iter(()), LoadCache(tmp_path))) == summary(load_file(REL, county_file.encode()))  # …one unreadable


@pytest.mark.parametrize("rows, sizes", [(59, None), (60, [30, 30]), (89, [30, 59]), (90, [30, 30, 30]), (119, [30, 30, 59])])
def test_no_piece_holds_fewer_rows_than_a_piece_should(county_file, rows, sizes):
    """A piece's cache entry is named by a hash of its text, personal fields included: in a
    public output, a piece of one row would let a guess of that row's birth year or phone number
    be confirmed from the entry's name. The last piece takes the rest (up to twice as many rows);
    a file too short for two pieces is read (and hashed) whole."""
    lines = county_file.split("\n")
    starts = pieces._row_starts(lines, "units")
    text = "\n".join(lines[:starts[rows]]) + "\n" if rows < len(starts) else county_file  # its first `rows` rows
    cut = pieces.cut(REL, text.encode())
    assert (None if cut is None else [piece.rows for piece in cut]) == sizes


def test_a_public_cache_keeps_no_personal_field_in_its_pieces(county_file, tmp_path):
    text = county_file.replace("    education: 大专\n", "    education: 大专\n    name: 张三丰\n", 1)  # the secretary's name
    for public in (False, True):
        folder = tmp_path / str(public)
        through_pieces(text, LoadCache(folder, folder, public=public))
        stored = b"".join(p.read_bytes() for p in folder.glob("*.pickle"))
        assert ("张三丰".encode() in stored) is not public


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
    assert pieces.cut(REL, text.encode()) is not None
    assert all(pieces.read_piece(p) for p in pieces.cut(REL, text.encode()))
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
    cut = pieces.cut(REL, text.encode())
    assert cut is None or not all(pieces.read_piece(p) for p in cut)
    assert summary(through_pieces(text)) == summary(load_file(REL, text.encode()))


def test_small_files_and_other_kinds_are_read_whole(county_file, monkeypatch):
    monkeypatch.setattr(pieces, "SMALLEST", 300_000)
    assert pieces.cut(REL, county_file[:20_000].encode()) is None
    assert pieces.cut("content/glossary.yaml", county_file.encode()) is None
    assert pieces.cut("data/demo/units.csv", county_file.encode()) is None


def _as_the_loader(text: str, rows: int = 1) -> LoadedFile:
    """What the loader does with one file in pieces of `rows` rows, in this process."""
    raw = text.encode("utf-8")
    cut = pieces.cut(REL, raw, rows)
    read = [pieces.read_piece(p) for p in cut] if cut else []
    return joined(read) if read and all(read) else load_file(REL, raw)


def test_through_pieces_reads_in_pieces(county_file):
    """The comparisons above go through the worker processes (their pickles and `joined`)."""
    file = _Changed.of(REL, county_file.encode(), "key", LoadCache())
    with _Loader(file.jobs, 2) as loader:
        assert loader.pool is not None and len(loader.jobs) == 3


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
def test_a_file_the_whole_read_reports_is_reported_by_the_pieces(case, monkeypatch):
    monkeypatch.setattr(pieces, "PIECE_ROWS", 2)
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
