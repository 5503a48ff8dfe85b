"""Hostile or damaged files dropped into data/: reported by name, never run, never hang."""

from __future__ import annotations

import subprocess

import pytest
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


ODD_FILES = {
    "huge-int.yaml": "units:\n  - {id: x1, name: 示例, type: 村, members: " + "9" * 5000 + "}\n",
    "bad-date.yaml": "progress:\n  - {unit: sample-village, rule: four-two, status: 已完成, date: 2012-13-45}\n",
    "deep.yaml": "units: " + "[" * 300 + "]" * 300 + "\n",
    "just-a-list.yaml": "- a\n- b\n",
    "units-null.yaml": "units:\n",
    "rating-null.yaml": "units:\n  - {id: x2, name: 示例, type: 村, parent: sample-town, county: county-a, sample: true, ratings: {2012: null}}\n",
    "inf.yaml": "units:\n  - {id: x3, name: 示例, type: 村, parent: sample-town, county: county-a, sample: true, funds: {2012: .inf}}\n",
    "crlf.yaml": "units:\r\n  - {id: x4, name: 示例四, type: 村, parent: sample-town, county: county-a, sample: true}\r\n",
    "merge.yaml": "base: &b {type: 村}\nunits:\n  - {<<: *b, id: x5, name: 示例}\n",
    "FIRMS.CSV": "编号,名称,类型,上级,区县,示例\nsample-up,示例大写,非公企业,sample-town,county-a,是\n",
    "long-field.csv": "编号,名称\n" + "x" * 200_000 + ",示例\n",
    "yes.yaml": "units:\n  - {id: x6, name: 示例, type: 村, parent: sample-town, county: county-a, sample: yes-please}\n",
}


@pytest.mark.parametrize("name", sorted(ODD_FILES))
def test_odd_files_give_findings_not_tracebacks(minimal_project, name):
    folder = minimal_project / "data" / ("progress" if name.startswith("bad-date") else "")
    (folder / name).write_text(ODD_FILES[name], encoding="utf-8", newline="")
    proc = run_check(minimal_project)
    assert "Traceback" not in proc.stdout + proc.stderr
    assert proc.returncode in (0, 1)


def test_uppercase_suffix_is_read(minimal_project):
    (minimal_project / "data" / "FIRMS.CSV").write_text(ODD_FILES["FIRMS.CSV"], encoding="utf-8")
    result = pipeline.check(minimal_project)
    assert "sample-up" in result.project.units_by_id


def test_impossible_date_is_located(minimal_project):
    (minimal_project / "data" / "progress" / "2012.yaml").write_text(ODD_FILES["bad-date.yaml"], encoding="utf-8")
    findings = [f for f in pipeline.check(minimal_project).findings if f.severity.value == "error"]
    assert any(str(f.location) == "data/progress/2012.yaml:2:63" and "不是有效的日期" in f.message for f in findings)


def test_error_in_a_field_named_date_points_at_it(minimal_project):
    doc = minimal_project / "content" / "documents" / "demo-1" / "document.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("date: '2012-06-20'", "date: 六月"), encoding="utf-8")
    findings = [f for f in pipeline.check(minimal_project).findings if f.code == "schema-type"]
    assert [str(f.location) for f in findings] == ["content/documents/demo-1/document.yaml:7:7"]
    assert "字段「date」（成文日期）" in findings[0].message


def test_fifo_is_skipped_not_waited_on(minimal_project):
    import os

    os.mkfifo(minimal_project / "data" / "pipe.yaml")
    started = time.perf_counter()
    result = pipeline.check(minimal_project)
    assert time.perf_counter() - started < 10
    assert ("data/pipe.yaml", "file-unknown") in {(str(f.location), f.code) for f in result.findings}


def test_templates_are_sandboxed(tmp_path):
    from jinja2.exceptions import SecurityError

    from generator.render.templating import environment

    (tmp_path / "evil.j2").write_text("{{ page.__class__.__mro__ }}{{ ''.__class__.__subclasses__() }}", encoding="utf-8")
    (tmp_path / "missing.j2").write_text("{{ page.nope }}", encoding="utf-8")
    env = environment(tmp_path)
    with pytest.raises(SecurityError):
        env.get_template("evil.j2").render(page=object())
    from generator.render.templating import TemplateFailed, render_template

    with pytest.raises(TemplateFailed, match="missing.j2"):
        render_template(env, "missing.j2", page=object())
