"""Per-county Excel workbooks: units × duties, with status columns to fill in.

The "清单" sheet uses the progress table's headers, so a filled-in workbook can
be dropped into data/progress/ and read back as progress records.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet.datavalidation import DataValidation

from generator.compute.checklists import Checklist
from generator.output import normalize_zip
from generator.render.docx import xml_representable
from generator.views.units import ItemView, item_view

HEADERS = ["单位编号", "单位名称", "类型", "条款", "出处", "事项编号", "事项", "要做什么", "期限", "计算值", "状态", "日期", "佐证"]
WIDTHS = [26, 24, 10, 6, 12, 28, 22, 50, 16, 30, 10, 12, 30]
STATUS_COLUMN = "K"
GUIDE = [
    "填写说明",
    "1. “清单”工作表每行是一个单位应落实的一项事项，出处为常委〔2012〕5号中的句子编号。",
    "2. 请只填写“状态”（未开始 / 进行中 / 已完成）、“日期”（如 2012-10-15）和“佐证”三列，其他列不要改动。",
    "3. 填好后将文件放入项目的 data/progress/ 目录，运行 handbook check 检查，再运行 handbook build 更新手册。",
    "4. “要做什么”是编写组的概括，以通知原文为准。",
]


def write_county_workbook(path: Path, county_name: str, results: list[Checklist], sentences: dict[str, str], stamp: dt.datetime) -> Path:
    book = openpyxl.Workbook(write_only=True)
    book.properties.creator = "党建工作手册"
    book.properties.title = f"{county_name}单位清单"
    book.properties.created = book.properties.modified = stamp
    sheet = book.create_sheet("清单")
    for letter, width in zip("ABCDEFGHIJKLM", WIDTHS):
        sheet.column_dimensions[letter].width = width
    rows = 1
    append(sheet, HEADERS)
    for result in results:
        for item in result.items:
            append(sheet, _row(result, item_view(item, sentences), item))
            rows += 1
    status = DataValidation(type="list", formula1='"未开始,进行中,已完成"', allow_blank=True)
    status.add(f"{STATUS_COLUMN}2:{STATUS_COLUMN}{max(rows, 2)}")
    sheet.data_validations.append(status)
    guide = book.create_sheet("说明")
    for line in GUIDE:
        append(guide, [line])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    normalize_zip(path, stamp)
    return path


def append(sheet, values: list) -> None:
    """Every cell a workbook gets is written here, as data: text is text.

    openpyxl turns a string starting with "=" into a formula, so a unit named
    `=HYPERLINK(…)` would become a live link or a DDE call. Text cells are
    forced to type string and marked quotePrefix, so Excel and WPS keep them as
    text even when someone edits the cell.
    """
    cells = []
    for value in values:
        if isinstance(value, str):
            value = xml_representable(value)  # openpyxl refuses what XML cannot hold
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
            if value[:1] in FORMULA_STARTS:
                cell.quotePrefix = True
        cells.append(cell)
    sheet.append(cells)


# what Excel, WPS and LibreOffice read as the start of a formula when a cell is edited or exported
FORMULA_STARTS = frozenset("=+-@\t\r")


def _row(result: Checklist, view: ItemView, item) -> list:
    unit = result.unit
    values = "；".join(f"{name}：{value}" for name, value in view.values)
    date = item.status_date.isoformat() if item.status_source == "填报" and item.status_date else None
    status = item.status if item.status_source != "未填报" else None
    return [unit.id, unit.name, unit.type, item.rule.article, item.rule.sentence, view.rule, view.title, view.duty,
            view.when, values, status, date, item.evidence if item.status_source == "填报" else None]

