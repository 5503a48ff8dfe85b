"""Names of the filled forms a user downloads: in Chinese, by unit and form
("示例联合村-述职报告.docx"), and one zip folder per unit, named after it."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote

from generator.model.units import Unit
from generator.views import links

if TYPE_CHECKING:  # the catalog builds Word files: python-docx is imported only where they are made
    from generator.forms.catalog import Form

# Short, recognizable names for the file list; the full title is inside the document.
SHORT_NAMES: dict[str, str] = {
    "shuzhi-baogao": "述职报告",
    "shuzhi-pingyi": "述职评议测评表",
    "fenlei-dingji": "分类定级评定表",
    "zhengdun-taizhang": "晋位升级整顿工作台账",
    "minzhu-pingyi": "民主评议党员测评表",
    "kaoping": "基层组织建设年考评表",
    "xunwen-jilu": "党代表询问记录",
    "siyi-lianggongkai": "四议两公开工作记录",
    "qingdan": "应落实事项清单",
}
# Characters Windows, macOS or zip tools refuse or misread in a file name.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
MAX_NAME = 60


def safe_name(text: str) -> str:
    cleaned = _UNSAFE.sub("_", text).strip(" .")
    return cleaned[:MAX_NAME] or "单位"


def form_file_name(unit: Unit, form: Form) -> str:
    return f"{safe_name(unit.name)}-{SHORT_NAMES.get(form.name, form.title)}.docx"


def unit_form_hrefs(unit: Unit, forms: tuple[Form, ...]) -> list[str]:
    """The forms' links from the site root, percent-encoded (the unit's name once, not once per form)."""
    name = quote(safe_name(unit.name))
    return [links.unit_form(unit.id, f"{name}-{_quoted(SHORT_NAMES.get(f.name, f.title))}") for f in forms]


@lru_cache(maxsize=None)
def _quoted(text: str) -> str:
    return quote(text)


def unit_form_file(unit: Unit, form: Form) -> str:
    """The form's path in the site: one folder per unit id (unique), a Chinese file name."""
    return links.unit_form(unit.id, form_file_name(unit, form).removesuffix(".docx"))


def zip_folders(units: list[Unit]) -> dict[str, str]:
    """Unit id → its folder in a county zip: the unit's name, made unique if two share it."""
    taken: dict[str, int] = {}
    for unit in units:
        name = safe_name(unit.name)
        taken[name] = taken.get(name, 0) + 1
    folders: dict[str, str] = {}
    for unit in units:
        name = safe_name(unit.name)
        folders[unit.id] = name if taken[name] == 1 else f"{name}（{unit.id}）"
    return folders
