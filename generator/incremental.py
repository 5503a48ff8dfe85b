"""How a build knows what changed: a manifest of output groups and their fingerprints.

Every file of an output belongs to one group, named by where it lives (the
namespaces of generator/views/links.py): `unit:<id>` (its page, its filled
forms), `county:<id>` (its list, workbook and zip), `handbook` (the pages
mkdocs builds), `search:data`, `training`, `forms:blank`… Each group has a
fingerprint of everything it is made from: the bytes of the input files it
reads (for a unit: its own rows, with the location of every value, because the
page cites `file:line`), the names and figures it takes from other units, the
templates it is rendered with, the code version and the build's options.

The manifest (`.build/manifest.json` inside the output) records each group's
fingerprint and files, and each input file's hash (keyed with a secret kept in the
project, not in the output: `project_key`). The next build computes the fingerprints again: a group
whose fingerprint is unchanged keeps its files; the others are made again into
a sparse staging folder and committed with a journal (see `commit`), so a
failed or killed build leaves the previous output whole, and the result is the
same, byte for byte, as a build from scratch.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator.fingerprint import code_version, digest

BUILD_DIR = ".build"
MANIFEST = f"{BUILD_DIR}/manifest.json"
CACHE_DIR = f"{BUILD_DIR}/cache"
FORMAT = 2

# (pattern of a path inside the output, group) in order; the first that matches names the group
_GROUPS = (
    (re.compile(r"units/([a-z0-9][a-z0-9-]*)\.html"), "unit:{0}"),
    (re.compile(r"forms/units/([a-z0-9][a-z0-9-]*)/.+"), "unit:{0}"),
    (re.compile(r"counties/([a-z0-9][a-z0-9-]*)\.html"), "county:{0}"),
    (re.compile(r"downloads/units/units-([a-z0-9][a-z0-9-]*)\.xlsx"), "county:{0}"),
    (re.compile(r"downloads/forms/forms-([a-z0-9][a-z0-9-]*)\.zip"), "county:{0}"),
    (re.compile(r"\.build/rows/([a-z0-9][a-z0-9-]*)\.marshal"), "county:{0}"),  # its members' rows (render/county_rows.py)
    (re.compile(r"units/_nav\.js"), "units:frame"),
    (re.compile(r"units\.html|dashboards/.+\.html"), "overview"),
    (re.compile(r"forms/blank/.+"), "forms:blank"),
    (re.compile(r"downloads/training/.+"), "training"),
    (re.compile(r"search/.+"), "search:data"),
    (re.compile(r"\.search-index/.+"), "search:index"),
    (re.compile(r"\.build/cache/([0-9a-f]+)\.pickle"), "cache:{0}"),
)
UNTRACKED = {MANIFEST, ".handbook-output"}  # written by every build


def group_of(path: str) -> str:
    for pattern, name in _GROUPS:
        match = pattern.fullmatch(path)
        if match:
            return name.format(*match.groups())
    return "handbook"


@dataclass
class Manifest:
    settings: str  # the code version and the build's options: if it differs, nothing is reused
    inputs: dict[str, str] = field(default_factory=dict)  # input file (and template folder) → hash
    groups: dict[str, str] = field(default_factory=dict)  # group → fingerprint
    files: dict[str, list[str]] = field(default_factory=dict)  # group → its files
    options: dict = field(default_factory=dict)  # how it was built (county, forms…): `serve --watch` builds the same way
    sizes: dict[str, int] = field(default_factory=dict)  # group → bytes of its files: the build's summary without a stat per file

    @classmethod
    def load(cls, output: Path) -> "Manifest | None":
        try:
            data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        return cls(data["settings"], data["inputs"], data["groups"], data["files"], data.get("options", {}), data.get("sizes", {}))

    def dump(self) -> str:
        data = {"format": FORMAT, "settings": self.settings, "inputs": self.inputs, "groups": self.groups,
                "files": {g: sorted(f) for g, f in sorted(self.files.items())}, "options": self.options,
                "sizes": self.sizes}
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


KEY_BYTES = 32
KEY_FILE = ".handbook.key"


def project_key(root: Path, make: bool = True) -> bytes:
    """The secret that keys the hashes of raw input text an output keeps (the manifest's
    inputs, the load cache's entry names): those texts hold personal fields, and a plain hash
    of a small file could confirm a guess of them to anyone given a copy of the output. The key
    lives in the project (`.handbook.key`, beside the data/ it protects, which holds those
    fields in clear), not in or beside an output: an output written to a USB stick or into a web
    server's folder does not carry it. One key for all of a project's outputs. Made by the first
    build; if it is lost (or cannot be kept: a read-only project), a build reads every input
    again and keeps every output whose fingerprint is unchanged. `make=False` (a reader such as
    `handbook serve`): b"" if there is none."""
    path = root / KEY_FILE
    try:
        found = path.read_bytes()
    except OSError:
        found = b""
    if len(found) == KEY_BYTES or not make:
        return found if len(found) == KEY_BYTES else b""
    key = secrets.token_bytes(KEY_BYTES)
    made = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(made, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(made, path)
    except OSError:  # not kept: this build's hashes are not found by the next one, which reads everything again
        made.unlink(missing_ok=True)
    return key


def build_settings(audience: str, **options) -> str:
    return digest(code_version(), audience, json.dumps(options, sort_keys=True, ensure_ascii=False))


def files_by_group(folder: Path) -> dict[str, list[str]]:
    """Every file under `folder`, by group (untracked files aside)."""
    found: dict[str, list[str]] = {}
    for dirpath, _, filenames in os.walk(folder):
        rel = Path(dirpath).relative_to(folder).as_posix()
        for name in filenames:
            path = name if rel == "." else f"{rel}/{name}"
            if path not in UNTRACKED:
                found.setdefault(group_of(path), []).append(path)
    return found


@dataclass
class Plan:
    """What this build makes again (`rebuild`) and what it keeps, group by group."""

    previous: Manifest | None
    groups: dict[str, str] = field(default_factory=dict)  # group → new fingerprint

    def add(self, group: str, fingerprint: str) -> bool:
        """Register a group; True if it must be made again."""
        self.groups[group] = fingerprint
        return self.stale(group)

    def stale(self, group: str) -> bool:
        previous = self.previous
        return previous is None or previous.groups.get(group) != self.groups.get(group)

    def rebuilt(self) -> list[str]:
        return [g for g in self.groups if self.stale(g)]

    def removed(self) -> list[str]:
        return [g for g in (self.previous.groups if self.previous else {}) if g not in self.groups]


JOURNAL = "journal.json"


def commit(target: Path, staging: Path, plan: Plan, manifest: Manifest) -> int:
    """Put a sparse staging folder into the output, all or nothing.

    The files of every group made again (or gone) are moved aside into an undo
    folder, the new ones moved in, the manifest last. A journal beside the output
    says what is under way; if the build is killed, `recover` puts the undo
    folder back, so the previous output is whole again and the next build redoes
    the work. Returns the number of files written.
    """
    old = plan.previous.files if plan.previous else {}
    made = [p for group in files_by_group(staging).values() for p in group]
    leaving = sorted({p for g in [*plan.rebuilt(), *plan.removed()] for p in old.get(g, [])} - set(made))
    same = {p for p in made if _same_file(staging / p, target / p)}
    for path in same:  # made again, but identical: the output's copy stays (and keeps its date)
        (staging / path).unlink()
    staged = sorted(set(made) - same)
    (staging / MANIFEST).parent.mkdir(parents=True, exist_ok=True)
    (staging / MANIFEST).write_text(manifest.dump(), encoding="utf-8")
    moving = staged + [MANIFEST]
    undo = staging.parent / f"{staging.name}.undo"
    journal = staging.parent / f"{staging.name}.{JOURNAL}"
    existed = [p for p in moving if (target / p).exists()]  # what recovery must keep or put back
    _write_atomic(journal, json.dumps({"target": str(target), "staging": str(staging), "undo": str(undo),
                                       "moving": moving, "existed": existed, "leaving": leaving}, ensure_ascii=False))
    for path in [*leaving, *moving]:
        _move(target / path, undo / path)
    for path in moving:
        _move(staging / path, target / path)
    journal.unlink()
    shutil.rmtree(undo, ignore_errors=True)
    _remove_empty_folders(target, leaving)
    return len(moving)


def recover(target: Path) -> bool:
    """Undo a commit that was killed halfway (its journal is still there)."""
    recovered = False
    for journal in target.parent.glob(f".{target.name}.building-*.{JOURNAL}"):
        try:
            state = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            journal.unlink(missing_ok=True)
            continue
        undo, existed = Path(state["undo"]), set(state["existed"])
        # the staging folder may be gone (a build interrupted cleans up): only the undo folder
        # and the list of files that existed before tell what to do
        for path in state["moving"]:
            if path not in existed and (target / path).exists():
                (target / path).unlink()  # a new file that had already been moved in
        for path in [*state["leaving"], *state["moving"]]:
            if (undo / path).exists():  # moved aside: the previous version goes back over the new one
                _move(undo / path, target / path)
            # not in the undo folder: never moved aside, the target still holds the previous version
        shutil.rmtree(undo, ignore_errors=True)
        journal.unlink()
        recovered = True
    return recovered


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
    except OSError:
        return False
    return a.read_bytes() == b.read_bytes()


def _move(source: Path, destination: Path) -> None:
    if not source.exists():
        return
    destination.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, destination)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def _remove_empty_folders(target: Path, removed: list[str]) -> None:
    for folder in sorted({(target / p).parent for p in removed}, key=lambda f: -len(f.parts)):
        while folder != target and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
