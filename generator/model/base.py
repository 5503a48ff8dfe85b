"""The common base of every model: strict, frozen, and aware of where it came from."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from generator.errors import Location
from generator.loading.record import DataPath, Record

SENTENCE_ID = r"^(art-[1-9][0-9]*|preamble)\.s[1-9][0-9]*$"
SLUG = r"^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$|^[a-z0-9]$"

SentenceId = Annotated[str, Field(pattern=SENTENCE_ID, title="句子编号")]
Slug = Annotated[str, Field(pattern=SLUG, title="编号")]
Text = Annotated[str, Field(min_length=1)]


class Model(BaseModel):
    """Unknown keys are rejected and objects cannot change after validation."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False, allow_inf_nan=False)

    _record: Record | None = PrivateAttr(default=None)
    _path: DataPath = PrivateAttr(default=())

    def locate(self, *field: str | int | None) -> Location:
        """Where this object (or a field, or an item of a field) stands in its file."""
        if self._record is None:
            return Location("<内置>")
        return self._record.locate(self._path + tuple(f for f in field if f is not None))


def attach_sources(value: Any, record: Record, at: DataPath) -> None:
    """Give every model in a validated tree its file and data path."""
    if isinstance(value, Model):
        value._record = record
        value._path = at
        for name in type(value).model_fields:
            attach_sources(getattr(value, name), record, at + (name,))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            attach_sources(item, record, at + (i,))
    elif isinstance(value, dict):
        for key, item in value.items():
            attach_sources(item, record, at + (key,))
