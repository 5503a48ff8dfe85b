"""A large YAML row file read in pieces of a hundred rows: each piece read as a file of its own
(in worker processes when there are many), kept in the load cache by its own text, and the
results joined.

After one unit changed, the build read its whole file again: a county's file of 4,000 units
took two seconds. A file of rows (the `units:` or `progress:` list) can be read in pieces,
because a row of it is complete where the next row starts; then only the piece holding the
changed row is read again, and the others come from the cache (generator/loading/cache.py):

- the file is cut only before a line that starts a row of the list, at the list's own
  indentation ("- " at column n), every `PIECE_ROWS` rows (the last piece holds the rest, up
  to twice as many: no piece holds fewer): a value edited in place leaves the other pieces as
  they were. Whatever may still be open at the end of the text before a cut ends there in
  the whole file as well: a block or plain scalar ends at a line indented to n (its lines
  must be indented further), and so does the row's mapping. A quoted scalar or a
  flow collection ([ ], { }) still open is an error at the end of the piece, and then the
  pieces are not used;
- a later piece is read after the same key, with as many one-line stand-ins for the rows
  before it and blank lines up to its first line: its rows get their own indexes, lines and
  columns, so their locations, fingerprints and messages are those of the whole file. Its text
  is therefore all a piece's result depends on (besides its path and the code), which is what
  makes it a cache key;
- each piece must hold as many rows as the lines that looked like row starts in it (a line
  inside a multi-line quoted text can look like one);
- whatever a piece cannot decide alone makes the whole file be read as one: anchors and
  aliases (a row may refer to another's), directives and document markers, line breaks other
  than \\n and \\r\\n (libyaml counts lines at them too), and any finding at all — a file with
  problems is read whole, so its report is exactly the usual one.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path

from generator.loading.cache import ROW_KINDS, LoadedFile, derive
from generator.loading.discover import parse_input, route
from generator.loading.text import decode_utf8
from generator.validate import validate_rows

SMALLEST = 100_000  # bytes: a smaller file is read whole (in a tenth of a second)
PIECE_ROWS = 100  # rows per piece: a changed row costs reading its piece again, a few hundredths of a second
_UNSAFE = ("*", "&", "\ufeff", "\x85", "\u2028", "\u2029")  # alias, anchor, BOM inside, other line breaks


@dataclass(frozen=True)
class Piece:
    rel: str
    text: str  # the piece's lines, after the key, stand-ins and blank lines of a later piece
    first: int  # the index of its first row in the file
    rows: int  # the lines that look like row starts in it


def cut(rel: str, raw: bytes, rows: int | None = None) -> list[Piece] | None:
    """The file in pieces of `rows` (PIECE_ROWS) rows, the last up to twice as many; or None if it is read whole."""
    rows = rows or PIECE_ROWS
    key = ROW_KINDS.get(route(rel) or "")
    if key is None or len(raw) < SMALLEST or Path(rel).suffix.lower() not in (".yaml", ".yml"):
        return None
    text, problems = decode_utf8(rel, raw)
    if text is None or problems or any(mark in text for mark in _UNSAFE) or text.count("\r") != text.count("\r\n"):
        return None
    lines = text.split("\n")
    if any(line.startswith(("---", "...", "%")) for line in lines):
        return None
    starts = _row_starts(lines, key)
    if starts is None or len(starts) < 2 * rows:
        return None
    # every piece holds `rows` rows or more (the last one up to twice that): a piece's cache entry is
    # named by a hash of its text, personal fields included, and in a public output that name must
    # not let a guess of one row's personal values be confirmed (the whole file was hashed before)
    cuts = starts[rows:len(starts) - rows + 1:rows]
    indent = " " * (len(lines[starts[0]]) - len(lines[starts[0]].lstrip(" ")))
    pieces, begin, first = [], 0, 0
    for end in [*cuts, len(lines)]:
        count = bisect.bisect_left(starts, end) - bisect.bisect_left(starts, begin)
        body = "\n".join(lines[begin:end]) + ("\n" if end < len(lines) else "")
        if begin:  # the key, a stand-in for each row before, blank lines up to the piece's first line
            if begin - 1 - first < 0:  # cannot be: each row before has a line of its own, after the key's
                return None
            body = f"{key}:\n" + f"{indent}- 0\n" * first + "\n" * (begin - 1 - first) + body
        pieces.append(Piece(rel, body, first, count))
        begin, first = end, first + count
    return pieces


def _row_starts(lines: list[str], key: str) -> list[int] | None:
    """The lines that start a row: the key alone on its line (after blank or comment lines),
    then rows at one indentation."""
    at = 0
    while at < len(lines) and _blank(lines[at]):
        at += 1
    if at == len(lines) or lines[at].rstrip() != f"{key}:":
        return None
    at += 1
    while at < len(lines) and _blank(lines[at]):
        at += 1
    if at == len(lines):
        return None
    first = lines[at]
    n = len(first) - len(first.lstrip(" "))
    if not _starts_row(first, n):
        return None
    dash = first[:n + 1]
    return [i for i in range(at, len(lines)) if lines[i].startswith(dash) and _starts_row(lines[i], n)]


def _blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _starts_row(line: str, n: int) -> bool:
    return line[n:n + 1] == "-" and (len(line) == n + 1 or line[n + 1] in " \t\r")


def read_piece(piece: Piece) -> LoadedFile | None:
    """One piece, read as a file: None if it cannot stand for its part of the file."""
    try:
        return _read(piece)
    except Exception:  # noqa: BLE001 - whatever a piece alone meets, the whole file is read as usual
        # (read whole, a file may stop at a problem in another piece before it reaches this one)
        return None


def _read(piece: Piece) -> LoadedFile | None:
    kind, record, findings = parse_input(piece.rel, piece.text.encode("utf-8"))
    if findings or record is None:
        return None
    key = ROW_KINDS[kind]
    data = record.data
    if not isinstance(data, dict) or set(data) != {key} or not isinstance(data[key], list) or len(data[key]) != piece.first + piece.rows:
        return None
    models, problems = validate_rows(record, kind, piece.first)
    if problems:
        return None
    result = LoadedFile(piece.rel, kind, models=models, parsed=True)
    derive(result, record)
    _forget_stand_ins(record, key, piece.first)
    return result


def _forget_stand_ins(record, key: str, first: int) -> None:
    """The stand-ins' locations are never asked for (no model stands there; a location falls
    back to its own row, then to the list), and neither is the piece's data once read; but its
    models keep its record for the whole build, and the later pieces of a 4,000-row file hold
    80,000 stand-ins between them."""
    marks = getattr(record, "_marks", None)
    if marks is not None:
        record._marks = {p: m for p, m in marks.items() if not (len(p) > 1 and p[0] == key and type(p[1]) is int and p[1] < first)}
    record.data = None  # read no further, as in a piece taken from the cache (Record.__getstate__)
