"""A loaded file: plain data plus the location of every value in it."""

from __future__ import annotations

import marshal
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

    def __getstate__(self) -> dict:
        """Pickled (for the load cache) as plain tuples, without the raw data (the
        validated models hold it): a million Location objects take seconds to
        unpickle, their fields a fraction of that; and as one marshal string, decoded only
        when a location is asked for (most cached files never are)."""
        packed = [(path, loc.line, loc.col, loc.sheet, loc.cell) for path, loc in self.locs.items()]
        return {"path": self.path, "packed": marshal.dumps(packed)}

    def __setstate__(self, state: dict) -> None:
        self.path, self.data = state["path"], None
        self._packed = state["packed"]

    def __getattr__(self, name: str):
        if name == "locs":  # rebuilt on first use after unpickling
            packed = marshal.loads(self.__dict__.pop("_packed"))
            self.locs = {p: Location(self.path, line, col, sheet, cell) for p, line, col, sheet, cell in packed}
            return self.locs
        raise AttributeError(name)

    def locate(self, at: DataPath = ()) -> Location:
        at = tuple(at)
        while at:
            if at in self.locs:
                return self.locs[at]
            at = at[:-1]
        return self.locs.get((), Location(self.path))
