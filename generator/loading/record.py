"""A loaded file: plain data plus the location of every value in it."""

from __future__ import annotations

import marshal
from dataclasses import dataclass, field
from typing import Any, Iterator

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

    @classmethod
    def with_marks(cls, path: str, data: Any, marks: dict[DataPath, tuple]) -> "Record":
        """A record whose locations are (line, column, sheet, cell) tuples, made into Location
        objects only when one is asked for: a 1,500-unit file has 100,000 of them, and nearly
        every file is read without an error to locate."""
        record = cls(path, data)
        del record.locs
        record._marks = marks
        return record

    def positions(self) -> Iterator[tuple]:
        """(data path, line, column, sheet, cell) of every value, in the file's order, without
        making Location objects."""
        if "locs" in self.__dict__:
            return ((p, loc.line, loc.col, loc.sheet, loc.cell) for p, loc in self.locs.items())
        if "_marks" in self.__dict__:
            return ((p, *mark) for p, mark in self._marks.items())
        return iter(marshal.loads(self._packed))

    def __getstate__(self) -> dict:
        """Pickled (for the load cache) without the raw data (the validated models hold it), and
        the locations as one marshal string of plain tuples, decoded only when a location is
        asked for (most cached files never are): a million Location objects take seconds to
        unpickle."""
        packed = self.__dict__.get("_packed")
        return {"path": self.path, "packed": packed if packed is not None else marshal.dumps(list(self.positions()))}

    def __setstate__(self, state: dict) -> None:
        self.path, self.data = state["path"], None
        self._packed = state["packed"]

    def __getattr__(self, name: str):
        if name == "locs":  # made on first use
            positions = list(self.positions())
            self.__dict__.pop("_packed", None)
            self.__dict__.pop("_marks", None)
            self.locs = {p: Location(self.path, line, col, sheet, cell) for p, line, col, sheet, cell in positions}
            return self.locs
        raise AttributeError(name)

    def locate(self, at: DataPath = ()) -> Location:
        at = tuple(at)
        while at:
            if at in self.locs:
                return self.locs[at]
            at = at[:-1]
        return self.locs.get((), Location(self.path))
