"""Per-county Excel workbooks: units × duties, with status columns to fill in.

The "清单" sheet uses the progress table's headers, so a filled-in workbook can
be dropped into data/progress/ and read back as progress records. Readers see
names, the cited sentence as 第3条第2句 and our summary; the unit and rule ids
the reader needs are the last two columns, hidden.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Mapping

from generator.compute.checklists import Checklist
from generator.render.xlsx import Sheet, write_xlsx
from generator.views.sources import RuleSources
from generator.model.rules import KINDS, Rule
from generator.model.units import Unit
from generator.views.units import display_values, rule_when_text
from generator.views.wording import ADMIN

# What a reader needs first; the two ids that tie a row back to its unit and item come last,
# hidden: the progress reader finds its columns by header, not by position.
HEADERS = ["单位名称", "类型", "出处", "事项", "要做什么", "期限", "计算值", "状态", "日期", "佐证", "类别与说明", "单位编号", "事项编号"]
WIDTHS = [24, 10, 13, 22, 50, 16, 30, 10, 12, 30, 36, 26, 28]
HIDDEN = (11, 12)
STATUS_COLUMN = "H"
GUIDE = [
    "填写说明",
    "1. “清单”工作表每行是一个单位应落实的一项事项，“出处”是它所依据的原文位置（条、款、句；有多份文件时先写文号或文件名）。",
    "2. 请只填写“状态”（未开始 / 进行中 / 已完成）、“日期”（如 2012-10-15）和“佐证”三列，其他列不要改动。",
    f"3. 填好后把文件交给{ADMIN}，更新手册后单位页面即显示进度。",
    "4. 最后两列已隐藏，是手册用来对应单位和事项的编号，请不要删除或改动。",
    "5. “要做什么”是编写组的概括，以“出处”所指的原文为准。",
    "6. “类别与说明”：任务要填报进度；目标、条件与资格一般不需要；“待核实”表示单位数据不全、还不能判断是否适用，请先补填数据。",
]


def write_county_workbook(path: Path, county_name: str, members: list[tuple[Unit, tuple]], rules: Mapping[str, Rule],
                          sources: RuleSources, stamp: dt.datetime) -> Path:
    """`members`: the county and its units, each with its `item_cells`, in the sheet's order."""
    rows: list[list] = [HEADERS]
    by_rule: dict[str, tuple] = {}  # what a row takes from its rule alone: 40,000 rows, a hundred rules
    for unit, cells in members:
        name, kind = unit.name, unit.type
        for rule_id, values, status, date, evidence, pending in cells:
            label, title, duty, when, kind_label, caution = by_rule.get(rule_id) or _rule_part(rules[rule_id], sources, by_rule)
            rows.append([name, kind, label, title, duty, when, values, status, date, evidence,
                         kind_label + pending + caution, unit.id, rule_id])
    sheets = [
        Sheet("清单", rows, WIDTHS, header=True, validation=(STATUS_COLUMN, ["未开始", "进行中", "已完成"]), hidden=HIDDEN),
        Sheet("说明", [[line] for line in GUIDE], [100]),
    ]
    return write_xlsx(path, sheets, f"{county_name}单位清单", "党建工作手册", stamp)


def item_cells(result: Checklist) -> tuple[tuple, ...]:
    """What a unit's rows hold of its own, per item (the rest comes from the rule): (rule id,
    values, status, date, evidence, pending). The same words as the unit page's item
    (views/units.py::item_view). Plain values: the build keeps them per unit (render/county_rows.py)."""
    cells = []
    for item in result.items:
        reported = item.status_source == "填报"
        cells.append((
            item.rule.id,
            "；".join(f"{name}：{value}" for name, value in display_values(item)),
            item.status if reported else None,
            item.status_date.isoformat() if reported and item.status_date else None,
            item.evidence if reported else None,
            f"；待核实，缺少数据：{'、'.join(item.missing)}" if item.applies is None else "",
        ))
    return tuple(cells)


def _rule_part(rule: Rule, sources: RuleSources, by_rule: dict[str, tuple]) -> tuple:
    source = sources.of(rule)
    found = by_rule[rule.id] = (source.label, rule.title, rule.duty, rule_when_text(rule), KINDS[rule.kind],
                                f"；{source.caution}" if source.caution else "")
    return found
