"""The common base of every model: strict, frozen, and aware of where it came from."""

from __future__ import annotations

import functools
import typing
from typing import Annotated, Any, Iterator, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr

from generator.errors import Location
from generator.loading.record import DataPath, Record

_N = "[1-9][0-9]*"
# Where a provision stands: the preamble, an article, a notice section, a chapter
# (and a section in it) or an attachment; then paragraph, item and sentence.
_ROOT = rf"(?:preamble|art-{_N}|sec-{_N}|chap-{_N}(?:\.sec-{_N})?|att-{_N})"
SENTENCE_ID = rf"^{_ROOT}(?:\.p{_N}(?:\.i{_N})?)?\.s{_N}$"
PART_ID = rf"^{_ROOT}\.p{_N}(?:\.i{_N})?$"
SLUG = r"^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$|^[a-z0-9]$"

# Names that Windows refuses as file names whatever the extension ("con.html"):
# ids become file names, and the site is copied to USB sticks used on Windows.
WINDOWS_DEVICE_NAMES = frozenset({"con", "prn", "aux", "nul", "clock$", "conin$", "conout$",
                                  *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})


def _not_a_device_name(value: str) -> str:
    if value in WINDOWS_DEVICE_NAMES:
        raise ValueError(f"「{value}」是 Windows 的保留设备名，不能作为编号（网站会被拷贝到 Windows 电脑和 U 盘上）")
    return value


SentenceId = Annotated[str, Field(pattern=SENTENCE_ID, title="句子编号")]
PartId = Annotated[str, Field(pattern=PART_ID, title="段或项的编号")]
Slug = Annotated[str, Field(pattern=SLUG, title="编号"), AfterValidator(_not_a_device_name)]
Text = Annotated[str, Field(min_length=1)]
# Bounds far above any real value (the longest real organization name is about
# 40 characters), so a pasted page or a hostile multi-megabyte value is refused.
NAME_MAX = 200
NOTE_MAX = 2_000
Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX)]
Note = Annotated[str, Field(max_length=NOTE_MAX)]


M = TypeVar("M", bound="Model")


class Model(BaseModel):
    """Unknown keys are rejected and objects cannot change after validation."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False, allow_inf_nan=False)

    _record: Record | None = PrivateAttr(default=None)
    _path: DataPath = PrivateAttr(default=())

    def locate(self, *field: str | int | None) -> Location:
        """Where this object (or a field, or an item of a field) stands in its file."""
        private = self.__pydantic_private__  # one lookup instead of two through pydantic's __getattr__
        record = private["_record"]
        if record is None:
            return Location("<内置>")
        return record.locate(private["_path"] + tuple(f for f in field if f is not None))


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


def is_personal(info) -> bool:
    """A field declared with `personal(...)` (names, birth years, phone numbers)."""
    return bool((info.json_schema_extra or {}).get("personal")) if isinstance(info.json_schema_extra, dict) else False


def text_values(model: Model) -> Iterator[tuple[DataPath, str, bool]]:
    """(path inside `model`, text, personal) for every string the model holds."""
    for name, info in type(model).model_fields.items():
        yield from _texts(getattr(model, name), (name,), is_personal(info))


def _texts(value: Any, path: DataPath, personal: bool) -> Iterator[tuple[DataPath, str, bool]]:
    if isinstance(value, str):
        yield path, value, personal
    elif isinstance(value, Model):
        for inner, text, own in text_values(value):
            yield path + inner, text, personal or own
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _texts(item, path + (i,), personal)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, path + (key,), personal)


def without_personal(model: M) -> M:
    """A copy with every personal field emptied (locations kept); the same object if none is set."""
    personal, nested = _strip_plan(type(model))
    values = model.__dict__
    updates: dict[str, Any] = {}
    for name, info, empty in personal:
        if values[name] != empty:
            updates[name] = info.get_default(call_default_factory=True)  # None, or {} for yearly values
    for name in nested:
        value = values[name]
        if isinstance(value, Model):
            stripped = without_personal(value)
            if stripped is not value:
                updates[name] = stripped
    if not updates:
        return model
    copy = model.model_copy(update=updates)
    # as if the personal fields had not been written: the fields set (pickled with the model in a
    # public output's load cache) would tell which of them were
    object.__setattr__(copy, "__pydantic_fields_set__", copy.__pydantic_fields_set__ - {name for name, _, _ in personal})
    return copy


@functools.cache
def _strip_plan(cls: type) -> tuple[tuple[tuple[str, Any, Any], ...], tuple[str, ...]]:
    """A model class's personal fields (with their empty value), and the fields that may hold a
    model: worked out once per class (a public build strips 20,000 units)."""
    fields = cls.model_fields
    personal = tuple((name, info, info.get_default(call_default_factory=True))
                     for name, info in fields.items() if is_personal(info))
    nested = tuple(name for name, info in fields.items() if not is_personal(info) and _may_hold_model(info.annotation))
    return personal, nested


def _may_hold_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return True
    return any(_may_hold_model(arg) for arg in typing.get_args(annotation))
