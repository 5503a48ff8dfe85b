"""Regenerate the binary .xlsx fixtures: `python tests/make_xlsx_fixtures.py`.

They are committed; this script documents exactly what is in them.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

TESTS = Path(__file__).resolve().parent
HEADER = ["编号", "名称", "类型", "上级", "区县", "示例", "党员数", "职工数", "定级2012", "工会"]
GOOD = ["sample-firm-x", "示例三公司", "非公企业", "sample-town", "county-a", "是", 0, 12, "一般", "是"]


def write(path: Path, rows: list[list]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "单位"
    for row in rows:
        sheet.append(row)
    book.properties.creator = "handbook tests"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def main() -> None:
    write(TESTS / "fixtures/minimal/data/extra.xlsx", [HEADER, GOOD])
    bad = list(GOOD)
    bad[8] = "优"
    bad[6] = "三"
    write(TESTS / "cases/xlsx-cell/files/data/extra.xlsx", [HEADER, bad])


if __name__ == "__main__":
    main()
