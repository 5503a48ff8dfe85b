"""Unit names for the search box: part of a name typed, its page offered (pure).

Kept out of the handbook's own index (20,000 names would dwarf it) and split
into shards by character pair: a name that contains the query contains every
pair of the query, so the browser loads only the shard of one pair (the
smallest of the query's shards, known from the manifest) and filters it.
A name sits in the shard of each of its pairs, so every shard is complete for
its pairs; about 1,500 entries a shard keeps each load small.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Callable, Iterable

from generator.model.units import Unit
from generator.search.client import letters

FORMAT = 1
ENTRIES_PER_SHARD = 1500
MAX_SHARDS = 256
_SPACE = re.compile(r"\s+")
_MARK = "\x00"


def normalized(text: str) -> str:
    """How names and queries are compared (the browser does the same)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text).lower())


def shard_of(pair: str, shards: int) -> int:
    """Shard of a character pair; the browser computes the same from code points."""
    first, second = (ord(c) for c in (pair + _MARK)[:2])
    return (first * 65599 + second) % shards


def pairs(name: str) -> set[str]:
    text = normalized(name)
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def name_index(units: Iterable[Unit], page_path: Callable[[str], str]) -> tuple[dict, list[list[list]]]:
    """(manifest, shards): every unit as [name, id, type, county, parent name] in the
    shards of its character pairs; its page is `page_path(id)`."""
    units = sorted(units, key=lambda u: u.id)
    names = {u.id: u.name for u in units}
    types = sorted({u.type for u in units})
    counties = sorted({u.county for u in units if u.county})
    prefix, suffix = page_path(_MARK).split(_MARK)
    misplaced = [u.id for u in units if page_path(u.id) != f"{prefix}{u.id}{suffix}"]
    if misplaced:
        raise ValueError(f"unit page paths do not follow one pattern: {misplaced[:3]}")
    unit_pairs = [pairs(u.name) for u in units]
    total = sum(len(p) for p in unit_pairs)
    count = max(1, min(MAX_SHARDS, math.ceil(total / ENTRIES_PER_SHARD)))
    shards: list[list[list]] = [[] for _ in range(count)]
    for unit, found in zip(units, unit_pairs):
        entry = [unit.name, unit.id, types.index(unit.type),
                 counties.index(unit.county) if unit.county else -1, names.get(unit.parent or "", "")]
        for shard in sorted({shard_of(p, count) for p in found}):
            shards[shard].append(entry)
    manifest = {
        "format": FORMAT,
        "units": len(units),
        "shards": count,
        "sizes": letters(len(s) for s in shards),  # letters: a list of figures could read as a phone number
        "types": types,
        "counties": [names.get(c, c) for c in counties],
        "path": [prefix, suffix],
    }
    return manifest, shards
