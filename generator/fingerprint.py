"""What a build's outputs depend on, as hashes: the inputs, and the code that reads them.

An output is reused only when everything it was made from is unchanged: the
bytes of its input files, the templates it is rendered with (each folder of
site_templates/ has its own version, so a change to the Word templates
remakes the forms and nothing else), and the "code version", a hash of the
generator's own source and of the versions of the libraries that shape the
output (mkdocs, mkdocs-material, jieba, whoosh, python-docx, openpyxl,
pydantic, Python itself). A code change makes every output be made again.
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE.parent / "site_templates"
LIBRARIES = ("mkdocs", "mkdocs-material", "jieba", "whoosh-reloaded", "python-docx", "docxtpl", "openpyxl", "pydantic",
             "pydantic-core", "jinja2", "markupsafe", "pyyaml", "pypdf", "icalendar")


def digest(*parts: str | bytes) -> str:
    """The hash of the parts, each followed by a separator (a build makes 40,000 of these: the
    texts are joined and hashed at once)."""
    return hashlib.sha256(_joined(parts)).hexdigest()[:32]


def keyed_digest(key: bytes, *parts: str | bytes) -> str:
    """The hash of the parts under a secret key: for hashes of raw input text (which holds
    personal fields) kept in an output, whose key is not in it (generator/incremental.py::
    project_key). Without the key, such a hash cannot confirm a guess of what the text says."""
    return hashlib.blake2b(_joined(parts), key=key, digest_size=16).hexdigest()


def _joined(parts: tuple[str | bytes, ...]) -> bytes:
    try:
        return ("\x1f".join(parts) + "\x1f").encode("utf-8") if parts else b""
    except TypeError:  # bytes among them
        return b"".join((part if isinstance(part, bytes) else part.encode("utf-8")) + b"\x1f" for part in parts)


@lru_cache(maxsize=1)
def code_version() -> str:
    parts: list[str | bytes] = [sys.version]
    for name in LIBRARIES:
        try:
            parts.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}: none")
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        parts += [path.relative_to(PACKAGE).as_posix(), path.read_bytes()]
    return digest(*parts)


def template_version(*names: str) -> str:
    """Folders or files of site_templates/ ("docx", "units/unit.html.j2"): what a group of outputs
    is rendered with. A file is enough where templates include nothing (site_templates/units)."""
    parts: list[str | bytes] = []
    for name in names:
        path = TEMPLATES / name
        parts += [name, path.read_bytes() if path.is_file() else folder_version(path)]
    return digest(*parts)


def folder_version(folder: Path) -> str:
    parts: list[str | bytes] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)
