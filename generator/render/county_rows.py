"""What a county's list page and workbook take from each unit, kept from one build to the next.

A county's list has a row per unit and its workbook a row per unit and item: making them
means computing every member's checklist (a 4,000-unit county: 110,000 items, most of its
job's 2.5 s) when one unit changed. So each unit's part is kept in the output's build
folder (`.build/rows/<county>.marshal`, in the county's output group) under the unit's
fingerprint — the one its own page is made by: its data, progress, neighbours' figures,
content and options. The next build computes the checklists of the units whose fingerprint
changed and takes the others' parts as they are.

It holds only what the county's list and workbook show (public, like them) and the
fingerprints the manifest already holds in another form. Written with marshal's version 2,
which has no back-references (equal data gives equal bytes), deflated.
"""

from __future__ import annotations

import marshal
import zlib
from pathlib import Path

from generator.fingerprint import code_version

ROWS_DIR = ".build/rows"
FORMAT = 1
_VERSION = 2  # marshal's format without references to earlier objects (deterministic bytes)

# unit id → (fingerprint, its county-list figures, its workbook cells per item)
Parts = dict[str, tuple[str, tuple, tuple]]


def rows_file(county_id: str) -> str:
    return f"{ROWS_DIR}/{county_id}.marshal"


def read_parts(path: Path) -> Parts:
    """The parts kept by the previous build (nothing if there is none, or it was made by other code)."""
    try:
        data = marshal.loads(zlib.decompress(path.read_bytes()))  # written by this program, in its own output
    except (OSError, EOFError, ValueError, TypeError, zlib.error):
        return {}
    if not isinstance(data, tuple) or len(data) != 3 or data[:2] != (FORMAT, code_version()) or not isinstance(data[2], dict):
        return {}
    return data[2]


def write_parts(path: Path, parts: Parts) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # the same texts over and over: 5 MB for 4,000 units, 0.3 MB deflated (in 15 ms)
    path.write_bytes(zlib.compress(marshal.dumps((FORMAT, code_version(), parts), _VERSION), 1))
