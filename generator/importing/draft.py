"""The document.yaml draft as staff will read it."""

from __future__ import annotations

HEADER = (
    "# 原文（逐字照录，不得改动）。由 `handbook import` 生成；\n"
    "# 解释和标注请写在 annotations.yaml 与 content/glossary.yaml 中。\n"
)


def dump_yaml(data: dict) -> str:
    """Chinese unescaped, keys in the order of the text."""
    import yaml

    return HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
