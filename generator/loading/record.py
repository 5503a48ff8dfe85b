"""A loaded file: plain data plus the location of every value in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.errors import Location

DataPath = tuple  # a path into the data: keys and list indexes, e.g. ("units", 3, "rating")


@dataclass
class Record:
    """What a loader returns: the file's data and where each value stands.

    `locs` maps a data path to the location of that value; `locate` falls back
    to the nearest enclosing value so that a missing field is reported at its
    parent mapping.
    """

    path: str
    data: Any
    locs: dict[DataPath, Location] = field(default_factory=dict)

    def locate(self, at: DataPath = ()) -> Location:
        at = tuple(at)
        while at:
            if at in self.locs:
                return self.locs[at]
            at = at[:-1]
        return self.locs.get((), Location(self.path))
