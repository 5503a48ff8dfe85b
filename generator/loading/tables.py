"""Tables kept by staff in Excel (.xlsx) or CSV: unit lists and progress records.

A table has one record per row and Chinese column headers (see the specs
below). Rows are turned into the same nested data a YAML file holds, and every
value remembers its sheet, row and column, so that validation errors point at
the cell a staff member has to fix.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from generator.errors import Finding, Location
from generator.loading.record import DataPath, Record
from generator.loading.text import decode_utf8

# Header → data path. Year columns ("定级2012") are matched by YEAR_COLUMNS.
COLUMNS: dict[str, DataPath] = {
    "编号": ("id",),
    "名称": ("name",),
    "类型": ("type",),
    "上级": ("parent",),
    "区县": ("county",),
    "示例": ("sample",),
    "党员数": ("members",),
    "职工数": ("employees",),
    "书记姓名": ("secretary", "name"),
    "书记出生年份": ("secretary", "birth_year"),
    "书记电话": ("secretary", "phone"),
    "书记学历": ("secretary", "education"),
    "书记任职年份": ("secretary", "in_post_since"),
    "大学生村官": ("secretary", "college_graduate_official"),
    "第一书记": ("first_secretary", "name"),
    "第一书记派出单位": ("first_secretary", "from_org"),
    "第一书记派驻年份": ("first_secretary", "since"),
    "指导员": ("instructor", "name"),
    "指导员派出单位": ("instructor", "from_org"),
    "指导员派驻年份": ("instructor", "since"),
    "工作组": ("work_group",),
    "工会": ("trade_union",),
    "党组织": ("organization",),
    "试点": ("pilots",),
    "示范点": ("demonstration",),
    "活动场所": ("venue", "status"),
    "活动场所面积": ("venue", "area_m2"),
    "备注": ("note",),
}
YEAR_COLUMNS: dict[str, DataPath] = {
    "定级": ("ratings",),
    "年底定级": ("year_end_ratings",),
    "发展党员": ("developed",),
    "经费": ("funds",),
    "述职评议": ("secretary", "appraisals"),
    "发展35岁以下": ("developed_under_35",),
    "发展高中以上": ("developed_high_school",),
}
PROGRESS_COLUMNS: dict[str, DataPath] = {
    "单位编号": ("unit",),
    "事项编号": ("rule",),
    "状态": ("status",),
    "日期": ("date",),
    "佐证": ("evidence",),
}
# Columns of the generated county workbook that are there to be read, not filled in.
PROGRESS_INFO_COLUMNS = frozenset({"单位名称", "类型", "条款", "出处", "事项", "要做什么", "期限", "计算值", "类别与说明"})
_YEAR_HEADER = re.compile(r"^(?P<name>\D+?)\s*(?P<year>(19|20)\d\d)年?$")
_BOOL_WORDS = {"是": True, "否": False, "有": True, "无": False, "true": True, "false": False}
_BOOL_FIELDS = {"sample", "college_graduate_official", "work_group", "trade_union", "demonstration"}
_LIST_FIELDS = {"pilots"}
_ENVOY_FIELDS = {"first_secretary", "instructor"}
_TEXT_FIELDS = {"id", "name", "type", "parent", "county", "phone", "from_org", "note", "status", "education", "organization",
                "unit", "rule", "evidence"}
MAX_ROWS = 100_000
MAX_COLUMNS = 100  # the unit table has about 40 columns
csv.field_size_limit(10 * 1024 * 1024)


@dataclass(frozen=True)
class TableSpec:
    top_key: str
    columns: dict[str, DataPath]
    year_columns: dict[str, DataPath] = field(default_factory=dict)
    ignored: frozenset[str] = frozenset()
    skip_unless: DataPath | None = None  # rows with this column empty are not records...
    fill_in: frozenset = frozenset()  # ...unless one of these was filled
    doc: str = "data/README.md"

    def column_path(self, header: str) -> DataPath | None:
        header = header.strip()
        if header in self.columns:
            return self.columns[header]
        match = _YEAR_HEADER.match(header)
        if match and match["name"] in self.year_columns:
            return self.year_columns[match["name"]] + (int(match["year"]),)
        return None


UNITS = TableSpec("units", COLUMNS, YEAR_COLUMNS)
PROGRESS = TableSpec("progress", PROGRESS_COLUMNS, ignored=PROGRESS_INFO_COLUMNS, skip_unless=("status",),
                     fill_in=frozenset({("date",), ("evidence",)}))


def column_path(header: str) -> DataPath | None:
    return UNITS.column_path(header)


def read_csv(path: str, raw: bytes, spec: TableSpec = UNITS) -> tuple[Record | None, list[Finding]]:
    text, findings = decode_utf8(path, raw)
    if text is None:
        return None, findings
    reader = csv.reader(io.StringIO(text), strict=True)
    rows, lines = [], []
    ended = 0  # the last line of the last row read: a broken row starts after it
    try:
        for row in reader:
            lines.append(ended + 1)
            ended = reader.line_num
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as exc:
        return None, [Finding(Location(path, ended + 1), "table-read", _csv_problem(str(exc)))]

    def where(row: int, col: int) -> Location:
        return Location(path, lines[row] if row < len(lines) else row + 1, col + 1)

    return _rows_to_record(path, rows, where, spec)


_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _ooxml_text(value: Any) -> Any:
    """Excel writes characters XML cannot hold (a vertical tab pasted from Word) as
    `_x000B_`; openpyxl leaves them so. Decode them, so that loading removes
    them with a warning instead of showing "_x000B_" to readers."""
    if isinstance(value, str) and "_x" in value:
        return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    return value


def _csv_problem(detail: str) -> str:
    if "EOF" in detail or "unexpected end of data" in detail:
        why = "这一行开头的引号没有闭合，后面所有内容都被当成了一个单元格"
    elif "expected" in detail and "after" in detail:
        why = "引号用法不对：单元格中的引号应写成两个（\"\"），或整格加引号"
    elif "field larger" in detail:
        why = "单元格内容过长"
    else:
        why = "格式不对"
    return f"无法读取 CSV：{why}（{detail}）。可用 Excel 或 WPS 打开后另存为“CSV UTF-8”"


# Declared sizes of the parts inside an .xlsx: zipfile never inflates a part past
# its declared size, so checking them first bounds what openpyxl can be made to read.
MAX_XLSX_PART_BYTES = 100 * 1024 * 1024
MAX_XLSX_TOTAL_BYTES = 256 * 1024 * 1024


def _xlsx_too_large(raw: bytes) -> str | None:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            sizes = [info.file_size for info in archive.infolist()]
    except (zipfile.BadZipFile, ValueError, OSError):
        return None  # openpyxl reports a damaged file below
    if max(sizes, default=0) > MAX_XLSX_PART_BYTES or sum(sizes) > MAX_XLSX_TOTAL_BYTES:
        return f"解压后有 {sum(sizes) // 1024 // 1024} MB，超过 {MAX_XLSX_TOTAL_BYTES // 1024 // 1024} MB 的上限（或单个部分超过 {MAX_XLSX_PART_BYTES // 1024 // 1024} MB）"
    return None


def read_xlsx(path: str, raw: bytes, spec: TableSpec = UNITS) -> tuple[Record | None, list[Finding]]:
    """Read the first worksheet; formulas are read as their cached values."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    too_large = _xlsx_too_large(raw)
    if too_large:
        return None, [Finding(Location(path), "file-too-large", f"Excel 文件{too_large}，拒绝读取：请检查是否粘贴了大量内容")]
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the declared size can be huge; read what is there
        header = next(sheet.iter_rows(values_only=True, max_row=1), ())  # one row, however wide
        width = max((i + 1 for i, cell in enumerate(header) if cell is not None), default=1)
        if width > MAX_COLUMNS:  # every row is read this wide: a stray header far right costs memory
            return None, [Finding(Location(path, sheet=sheet.title, cell=f"{get_column_letter(MAX_COLUMNS + 1)}1"), "table-header",
                                  f"表格超过 {MAX_COLUMNS} 列：请删除右侧多余的列名（单位表只有几十列）")]
        rows = [[_ooxml_text(c) for c in r] for r in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2, max_col=width)]
        title = sheet.title
        book.close()
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        return None, [Finding(Location(path), "table-read", f"无法读取 Excel 文件（{type(exc).__name__}）：请用 Excel 或 WPS 打开后另存为 .xlsx")]

    def where(row: int, col: int) -> Location:
        return Location(path, sheet=title, cell=f"{get_column_letter(col + 1)}{row + 1}")

    return _rows_to_record(path, rows, where, spec)


def _rows_to_record(
    path: str, rows: list[list[Any]], where: Callable[[int, int], Location], spec: TableSpec
) -> tuple[Record | None, list[Finding]]:
    if not rows or not any(_cell_text(c) for c in rows[0]):
        return None, [Finding(where(0, 0), "table-header", "表格第一行应为列名（如 编号、名称、类型），但第一行是空的")]
    columns, findings = _header(rows[0], where, spec)
    if len(rows) > MAX_ROWS + 1:
        findings.append(Finding(where(MAX_ROWS + 1, 0), "table-read", f"表格超过 {MAX_ROWS} 行，后面的行没有读取：请拆成几个文件"))
        rows = rows[: MAX_ROWS + 1]
    units: list[dict] = []
    key = spec.top_key
    locs: dict[DataPath, Location] = {(): where(0, 0), (key,): where(0, 0)}
    for r, row in enumerate(rows[1:], start=1):
        if not any(_cell_text(c) for c in row):
            continue  # blank rows are common at the end of staff sheets
        if spec.skip_unless and not _cell_text(_cell(row, columns, spec.skip_unless)):
            filled = [t for c, t in columns if c < len(row) and t in spec.fill_in and _cell_text(row[c])]
            if filled:
                findings.append(Finding(where(r, 0), "schema-missing", "这一行填了日期或佐证，但没有填“状态”"))
            continue  # a workbook row nobody has filled in yet
        i = len(units)
        locs[(key, i)] = where(r, 0)
        unit: dict = {}
        for c, target in columns:
            value = row[c] if c < len(row) else None
            if _cell_text(value) == "":
                continue
            _put(unit, target, _convert(target, value))
            locs[(key, i) + target] = where(r, c)
        units.append(unit)
    return Record(path, {key: units}, locs), findings


def _cell(row: list[Any], columns: list[tuple[int, DataPath]], target: DataPath) -> Any:
    col = next((c for c, t in columns if t == target), None)
    return row[col] if col is not None and col < len(row) else None


def _header(header: list[Any], where, spec: TableSpec) -> tuple[list[tuple[int, DataPath]], list[Finding]]:
    columns: list[tuple[int, DataPath]] = []
    findings: list[Finding] = []
    seen: dict[DataPath, int] = {}
    for c, cell in enumerate(header):
        name = _cell_text(cell)
        if not name or name in spec.ignored:
            continue
        target = spec.column_path(name)
        if target is None:
            findings.append(Finding(where(0, c), "table-header", f"不认识的列名「{name}」：可用的列名见 {spec.doc}"))
        elif target in seen:
            findings.append(Finding(where(0, c), "table-header", f"列「{name}」重复出现"))
        else:
            seen[target] = c
            columns.append((c, target))
    return columns, findings


def _cell_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _convert(target: DataPath, value: Any) -> Any:
    """Staff type 是/否 and 、-separated lists; numbers come as text from CSV."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()  # Excel stores dates as date-times
    name = target[-1] if isinstance(target[-1], str) else target[0]
    if name in _TEXT_FIELDS and isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        return value
    value = value.strip()
    if name in _BOOL_FIELDS and value.lower() in _BOOL_WORDS:
        return _BOOL_WORDS[value.lower()]
    if name in _LIST_FIELDS:
        return [] if value == "无" else [part for part in re.split(r"[、,，;；]\s*", value) if part]
    return value


def _put(unit: dict, target: DataPath, value: Any) -> None:
    if target[0] in _ENVOY_FIELDS and value == "无":
        unit[target[0]] = "无"  # "第一书记：无" says none was sent; an empty cell says nothing
        return
    node = unit
    for key in target[:-1]:
        node = node.setdefault(key, {})
        if not isinstance(node, dict):
            return  # the block was already given as 无
    node[target[-1]] = value


