"""The `handbook` command as a staff member uses it: messages, formats, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import MINIMAL


def handbook(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=60)


def test_check_clean_project_exits_0_with_chinese_summary():
    proc = handbook("check", "--root", MINIMAL)
    assert proc.returncode == 0
    assert proc.stdout == ""
    assert "检查通过：0 个错误，0 个警告" in proc.stderr


def test_check_broken_project_lists_every_problem_and_exits_1(minimal_project):
    units = minimal_project / "data" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("2012: 较好", "2012: 很好").replace("members: 40", "members: abc"), encoding="utf-8")
    proc = handbook("check", "--root", minimal_project)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert "data/units.yaml:10:31: 错误: 字段「ratings」（分类定级（按年））的值「很好」不是允许的值，应为：好、较好、一般、较差 [schema-enum]" in lines
    assert any(line.startswith("data/units.yaml:11:14: 错误: ") and line.endswith("[schema-type]") for line in lines)
    assert "检查未通过：2 个错误" in proc.stderr


def test_check_json_format(minimal_project):
    (minimal_project / "data" / "units.yaml").write_text("units:\n  - {id: x, name: 甲, type: 区县, colour: red}\n", encoding="utf-8")
    proc = handbook("check", "--root", minimal_project, "--format", "json")
    findings = json.loads(proc.stdout)
    assert proc.returncode == 1
    unknown_key = next(f for f in findings if f["code"] == "schema-unknown-key")
    assert {"path": "data/units.yaml", "line": 2, "col": 40, "severity": "error"}.items() <= unknown_key.items()
    assert "colour" in unknown_key["message"]


def test_source_of_unknown_document_is_a_usage_error():
    proc = handbook("source", "no-such-doc", "--root", MINIMAL)
    assert proc.returncode == 2
    assert "找不到政策文件「no-such-doc」。已有：demo-1" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_source_refuses_invalid_input(minimal_project):
    (minimal_project / "data" / "bad.yaml").write_text("units: [\n", encoding="utf-8")
    proc = handbook("source", "demo-1", "--root", minimal_project)
    assert proc.returncode == 1
    assert "[yaml-syntax]" in proc.stderr and "handbook check" in proc.stderr


def test_import_round_trips_and_never_overwrites(tmp_path):
    text = (MINIMAL / "expected-source.txt").read_text(encoding="utf-8")
    src = tmp_path / "notice.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "document.yaml"
    assert handbook("import", src, "--id", "demo-1", "-o", out).returncode == 0
    assert out.read_text(encoding="utf-8") == (MINIMAL / "content/documents/demo-1/document.yaml").read_text(encoding="utf-8")
    again = handbook("import", src, "--id", "demo-1", "-o", out)
    assert again.returncode == 2 and "已存在" in again.stderr


def test_import_explains_an_unrecognised_layout(tmp_path):
    src = tmp_path / "notice.txt"
    src.write_text("只有一行\n", encoding="utf-8")
    proc = handbook("import", src, "--id", "x")
    assert proc.returncode == 1
    assert proc.stderr.startswith("错误：")


def test_click_messages_are_in_chinese():
    proc = handbook("chek")
    assert proc.returncode == 2
    assert "错误：没有子命令 'chek'" in proc.stderr and "用法：" in proc.stderr
    help_text = handbook("--help").stdout
    assert "显示本帮助并退出" in help_text and "Show this message" not in help_text
