"""Hostile or damaged files dropped into data/: reported by name, never run, never hang."""

from __future__ import annotations

import subprocess
import sys
import time

from generator import pipeline
from generator.loading import discover
from generator.loading.yamlfile import read_yaml


def run_check(root):
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", "--root", str(root)],
        capture_output=True, text=True, timeout=60,
    )


def test_object_tags_do_not_run_code(minimal_project, tmp_path):
    marker = tmp_path / "pwned"
    (minimal_project / "data" / "evil.yaml").write_text(
        f'units:\n  - !!python/object/apply:os.system ["touch {marker}"]\n'
        f'  - !!python/object/apply:builtins.exec ["open(\'{marker}\', \'w\')"]\n',
        encoding="utf-8",
    )
    proc = run_check(minimal_project)
    assert proc.returncode == 1
    assert not marker.exists()
    assert "data/evil.yaml:2:5" in proc.stdout and "[yaml-tag]" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_alias_bomb_is_rejected_quickly(minimal_project):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    (minimal_project / "data" / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    proc = run_check(minimal_project)
    assert time.perf_counter() - started < 20
    assert proc.returncode == 1
    assert "data/bomb.yaml:1:1" in proc.stdout and "[yaml-alias]" in proc.stdout


def test_recursive_alias_is_reported():
    record, findings = read_yaml("data/loop.yaml", b"a: &x [1, *x]\n")
    assert record is None
    assert [f.code for f in findings] == ["yaml-alias"]


def test_syntax_error_names_file_without_traceback(minimal_project):
    (minimal_project / "data" / "oops.yaml").write_text("units:\n  - id: x\n\tname: y\n", encoding="utf-8")
    proc = run_check(minimal_project)
    assert proc.returncode == 1
    assert "data/oops.yaml:3:1: 错误: YAML 语法错误：不能用 Tab 键缩进" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_oversized_file_is_refused(minimal_project, monkeypatch):
    monkeypatch.setattr(discover, "MAX_FILE_BYTES", 100)
    (minimal_project / "data" / "big.yaml").write_text("units: []\n" + "#" * 200 + "\n", encoding="utf-8")
    result = pipeline.check(minimal_project)
    assert ("data/big.yaml", "file-too-large") in {(str(f.location), f.code) for f in result.findings}


def test_excel_lock_file_is_a_warning_not_an_error(minimal_project):
    (minimal_project / "data" / "~$units.xlsx").write_bytes(b"lock")
    result = pipeline.check(minimal_project)
    assert result.ok
    assert [f.code for f in result.findings] == ["file-unknown"]


def test_utf8_bom_is_accepted(minimal_project):
    path = minimal_project / "data" / "units.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert pipeline.check(minimal_project).findings == []


def test_sources_are_never_modified(minimal_project):
    before = {p: p.read_bytes() for p in minimal_project.rglob("*") if p.is_file()}
    pipeline.check(minimal_project)
    after = {p: p.read_bytes() for p in minimal_project.rglob("*") if p.is_file()}
    assert before == after
