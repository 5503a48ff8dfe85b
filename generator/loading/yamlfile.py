"""Safe YAML reading that remembers the line and column of every value.

Staff edit these files, so they are untrusted: only plain YAML types are
accepted (no tag that builds an object), alias expansion is bounded (a
"billion laughs" file is rejected before anything is expanded), duplicate keys
are reported instead of silently keeping the last one.
"""

from __future__ import annotations

from typing import Any, Iterator

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Finding, Location
from generator.loading.record import DataPath, Record
from generator.loading.text import decode_utf8

_STR_TAG = "tag:yaml.org,2002:str"
# Aliases may add at most this many values beyond those written in the file;
# a "billion laughs" file adds billions, a legitimate large file adds none.
ALIAS_BUDGET = 100_000
# libyaml's composer is ~5x faster than the pure-Python one; same marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SAFE_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("null", "bool", "int", "float", "timestamp", "str", "seq", "map")
}


class _Cyclic(Exception):
    pass


class _TooDeep(Exception):
    def __init__(self, node: Node) -> None:
        self.node = node


def read_yaml(path: str, raw: bytes) -> tuple[Record | None, list[Finding]]:
    """Parse one YAML file; return the record (None if unusable) and findings."""
    text, findings = decode_utf8(path, raw)
    if text is None:
        return None, findings
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_finding(path, exc)]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        return None, [Finding(Location(path), "yaml-syntax", f"YAML 语法错误：{exc}")]
    if root is None:
        return Record(path, None, {(): Location(path, 1, 1)}), []
    # no "*", no alias; with aliases, measuring the expansion recurses: the depth is checked first
    problem = (_depth_problem(path, root) or _expansion_problem(path, root)) if "*" in text else None
    if problem:
        return None, [problem]
    builder = _Builder(path)
    try:
        data = builder.build(root, ())
    except _TooDeep as deep:
        return None, [Finding(_mark(path, deep.node), "yaml-syntax", f"YAML 嵌套层次过深（超过 {MAX_DEPTH} 层）")]
    if any(f.code == "yaml-tag" for f in builder.findings):
        return None, builder.findings  # the file is not what its author meant; don't guess
    return Record.with_marks(path, data, builder.marks), builder.findings


def _syntax_finding(path: str, exc: yaml.MarkedYAMLError) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    loc = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
    detail = " ".join(part for part in (exc.context, exc.problem) if part)
    hint = next((zh for en, zh in _SYNTAX_HINTS if en in detail), "请检查缩进、冒号和引号")
    return Finding(loc, "yaml-syntax", f"YAML 语法错误：{hint}（{detail}）")


# libyaml's messages are English; staff get the likely cause in Chinese first.
_SYNTAX_HINTS = (
    ("tab character", "不能用 Tab 键缩进，请改用空格"),
    ("cannot start any token", "不能用 Tab 键缩进，也不能以 @ 或 ` 开头，请改用空格或给文字加引号"),
    ("did not find expected '-' indicator", "缩进不一致：同一层的各行必须对齐"),
    ("did not find expected key", "缩进不一致，或冒号后缺空格"),
    ("did not find expected ',' or ']'", "方括号 [ ] 没有闭合，或项目之间缺逗号"),
    ("did not find expected ',' or '}'", "花括号 { } 没有闭合，或项目之间缺逗号"),
    ("found unexpected end of stream", "引号或括号没有闭合"),
    ("mapping values are not allowed", "此处不能出现「键: 值」：常见原因是冒号后缺空格、缩进不对，或文字中的冒号没有加引号"),
    ("expected <block end>", "缩进不一致：同一层的各行必须对齐"),
    ("could not find expected ':'", "缺少冒号「:」，或多行文字没有加引号"),
    ("found undefined alias", "引用了未定义的别名（*名称）"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("expected ',' or ']'", "方括号 [ ] 没有闭合，或项目之间缺逗号"),
    ("expected ',' or '}'", "花括号 { } 没有闭合，或项目之间缺逗号"),
    ("expected a single document", "一个文件只能有一个 YAML 文档，不要用 --- 分隔多个"),
    ("found duplicate anchor", "别名锚点（&名称）重复定义"),
)


MAX_DEPTH = 50  # levels of nesting; no file of ours needs more than 6
MAX_INT_BITS = 128  # an ID-card number written as a figure has 60; Python cannot print one of 4,300 digits


def _depth_problem(path: str, root: Node) -> Finding | None:
    """Nesting deeper than any of our files needs is refused before recursion."""
    stack = [(root, 1)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return Finding(_mark(path, node), "yaml-syntax", f"YAML 嵌套层次过深（超过 {MAX_DEPTH} 层）")
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend((child, depth + 1) for child in _children(node))
    return None


def _expansion_problem(path: str, root: Node) -> Finding | None:
    """Measure the tree as it would be once aliases are expanded.

    Sizes are memoised per node, so this is linear in the nodes written, however
    large the expansion would be.
    """
    sizes: dict[int, int] = {}
    try:
        expanded = _expanded_size(root, sizes, set())
    except _Cyclic:
        return Finding(_mark(path, root), "yaml-alias", "YAML 别名（&/*）引用了自身，无法读取")
    written = sum(_weight(n) for n in _distinct_nodes(root))
    if expanded - written > ALIAS_BUDGET:
        return Finding(
            _mark(path, root),
            "yaml-alias",
            f"YAML 别名（&/*）展开后会增加 {expanded - len(sizes):,} 个值（上限 {ALIAS_BUDGET:,}），疑似“别名炸弹”，已拒绝读取",
        )
    return None


def _expanded_size(node: Node, sizes: dict[int, int], open_nodes: set[int]) -> int:
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_nodes:
        raise _Cyclic
    open_nodes.add(key)
    total = _weight(node) + sum(_expanded_size(child, sizes, open_nodes) for child in _children(node))
    open_nodes.discard(key)
    sizes[key] = total
    return total


def _weight(node: Node) -> int:
    """A value counts once, and once more per 1,000 characters: an alias of a long
    text costs what the text costs."""
    return 1 + len(node.value) // 1000 if isinstance(node, ScalarNode) else 1


def _distinct_nodes(root: Node) -> list[Node]:
    seen: dict[int, Node] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) not in seen:
            seen[id(node)] = node
            stack.extend(_children(node))
    return list(seen.values())


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, SequenceNode):
        yield from node.value
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value


def _mark(path: str, node: Node) -> Location:
    return Location(path, node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Turns composed nodes into plain data, recording a location per path."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.marks: dict[DataPath, tuple] = {}  # (line, column, sheet, cell) of every value
        self.findings: list[Finding] = []
        self._scalars = yaml.SafeLoader("")

    def build(self, node: Node, at: DataPath) -> Any:
        if len(at) >= MAX_DEPTH:  # refused before Python's own recursion limit is near
            raise _TooDeep(node)
        start = node.start_mark
        self.marks[at] = (start.line + 1, start.column + 1, None, None)
        if node.tag not in _SAFE_TAGS:
            self.findings.append(
                Finding(
                    _mark(self.path, node),
                    "yaml-tag",
                    f"不允许的 YAML 标签 {node.tag.replace('tag:yaml.org,2002:', '!!')}：这里只接受普通文本、数字、日期、列表和映射（此类标签可用于执行代码，已拒绝）",
                )
            )
            return None
        if node.tag == _STR_TAG:
            return node.value  # the common case, without the constructor's overhead
        if isinstance(node, SequenceNode):
            return [self.build(child, at + (i,)) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self._mapping(node, at)
        return self._scalar(node)

    def _scalar(self, node: ScalarNode) -> Any:
        try:
            value = self._scalars.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError, KeyError, AttributeError, IndexError, TypeError) as exc:
            # e.g. 2012-13-45 read as a date, an integer thousands of digits long, or what PyYAML's
            # constructors raise on an explicit tag they cannot read: !!bool x (KeyError),
            # !!timestamp x (AttributeError), !!int '' (IndexError)
            self.findings.append(Finding(_mark(self.path, node), "yaml-syntax", f"无法读取的值「{node.value[:40]}」：{_reason(exc)}"))
            return None
        if type(value) is int and value.bit_length() > MAX_INT_BITS:  # 0xFFF… is read without a limit
            self.findings.append(Finding(_mark(self.path, node), "yaml-syntax", f"无法读取的值「{node.value[:40]}」：数字过大"))
            return None
        return value

    def _mapping(self, node: MappingNode, at: DataPath) -> dict:
        result: dict = {}
        seen_keys: set[str] = set()  # 2012 and "2012" are the same key to a reader
        for key_node, value_node in node.value:
            key = self.build(key_node, at + ("<key>",))
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                self.findings.append(
                    Finding(_mark(self.path, key_node), "yaml-syntax", "映射的键必须是文字或整数")
                )
                continue
            if key in result or str(key) in seen_keys:
                self.findings.append(
                    Finding(
                        _mark(self.path, key_node),
                        "yaml-duplicate-key",
                        f"键「{key}」重复出现；同一层只能写一次（后写的会覆盖先写的）",
                    )
                )
            seen_keys.add(str(key))
            result[key] = self.build(value_node, at + (key,))
        self.marks.pop(at + ("<key>",), None)
        return result


def _reason(exc: Exception) -> str:
    text = str(exc)
    if "month must be" in text or "day is out of range" in text:
        return "不是有效的日期"
    if "digits" in text or isinstance(exc, OverflowError):
        return "数字过大"
    return "格式不对"
