"""Incremental builds: the result of building after a change equals a build from
scratch of the changed project, byte for byte; killed builds are repaired;
filled forms come on request; a county's stick; watching."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import openpyxl
import pytest

from conftest import MINIMAL
from generator import pipeline
from generator.incremental import MANIFEST, Manifest
from generator.search.engine import Searcher
from site_helpers import parse, tree_digest

EXCLUDED = (".build/", ".search-index/")  # the load cache, and whoosh's segments (compared by answers below)


def site_files(site: Path) -> dict[str, bytes]:
    return {name: data for name, data in tree_digest(site).items() if not name.startswith(EXCLUDED)}


def answers(site: Path) -> list:
    searcher = Searcher(site / ".search-index")
    try:
        # what is found, and its text; the scores of an updated index may differ in the last digits
        return [sorted((h.url, h.title, h.snippet) for h in searcher.search(q, limit=50)) for q in ("四议两公开", "示例", "村", "经费")]
    finally:
        searcher.close()


def copy_project(tmp_path: Path, name: str) -> Path:
    """A copy of the minimal project. Its key (generator/incremental.py::project_key) is the same
    in every copy, so that the load caches of two outputs can be compared entry by entry."""
    root = tmp_path / name
    shutil.copytree(MINIMAL, root)
    (root / ".handbook.key").write_bytes(bytes(range(32)))
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_workbook(root: Path) -> None:
    """A county's workbook filled in and dropped into data/progress/."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "清单"
    sheet.append(["单位编号", "事项编号", "状态", "日期", "佐证"])
    sheet.append(["sample-village", "secretary-report", "已完成", "2012-11-30", "述职报告"])
    book.save(root / "data" / "progress" / "county-a.xlsx")


CHANGES = {
    "a unit's name": lambda r: edit(r, "data/units.yaml", "name: 示例村", "name: 示例新村"),
    "a unit's figure": lambda r: edit(r, "data/units.yaml", "members: 40", "members: 41"),
    "a line above other units": lambda r: edit(r, "data/units.yaml", "units:\n", "units:\n  # 新增一行注释\n"),
    "a unit added": lambda r: edit(r, "data/firms.csv", "\n", "\nsample-firm-new,示例新公司,非公企业,sample-town,county-a,是,5,60,好\n"),
    "a unit removed": lambda r: (r / "data" / "extra.xlsx").unlink(),
    "a workbook dropped into progress": add_workbook,
    "progress removed": lambda r: (r / "data" / "progress" / "2012.yaml").unlink(),
    "a glossary explanation": lambda r: edit(r, "content/glossary.yaml", "向上级报告工作。", "向上级党组织报告工作。"),
    "a rule's duty text": lambda r: edit(r, "content/documents/demo-1/rules.yaml", "全面落实“四议两公开”制度。", "落实“四议两公开”制度。"),
    "the county renamed": lambda r: edit(r, "data/units.yaml", "name: 甲县", "name: 甲新县"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_incremental_build_equals_a_build_from_scratch(tmp_path, change):
    incremental, scratch = copy_project(tmp_path, "a"), copy_project(tmp_path, "b")
    pipeline.build(incremental)
    for root in (incremental, scratch):
        CHANGES[change](root)
    report = pipeline.build(incremental)
    pipeline.build(scratch)
    assert not report.unchanged and report.made
    assert site_files(incremental / "site") == site_files(scratch / "site")
    assert answers(incremental / "site") == answers(scratch / "site")
    assert Manifest.load(incremental / "site").files == Manifest.load(scratch / "site").files | {
        "search:index": Manifest.load(incremental / "site").files["search:index"]}


@pytest.mark.parametrize("change", ["a unit's figure", "a unit's name", "a line above other units", "the county renamed"])
def test_a_units_file_kept_in_pieces_builds_as_from_scratch(tmp_path, monkeypatch, change):
    """The load cache keeps a large file of rows in pieces (here every row is one) and reads
    again only the pieces whose text changed (generator/loading/pieces.py)."""
    from generator.loading import pieces

    monkeypatch.setattr(pieces, "SMALLEST", 0)
    monkeypatch.setattr(pieces, "PIECE_ROWS", 1)
    read, real = [], pieces.read_piece
    monkeypatch.setattr(pieces, "read_piece", lambda piece: read.append(piece.first) or real(piece))
    incremental, scratch = copy_project(tmp_path, "a"), copy_project(tmp_path, "b")
    pipeline.build(incremental)
    assert read == [0, 1, 2]  # data/units.yaml: three rows
    read.clear()
    for root in (incremental, scratch):
        CHANGES[change](root)
    pipeline.build(incremental)
    assert read == {"a unit's figure": [2], "a unit's name": [2], "a line above other units": [0, 1, 2],
                    "the county renamed": [0]}[change]
    pipeline.build(scratch)
    assert site_files(incremental / "site") == site_files(scratch / "site")


def test_an_internal_page_follows_a_personal_value_that_moved(tmp_path):
    """Public fingerprints take the lines of public values only (tests/test_hardening.py::
    test_a_public_output_keeps_nothing_that_varies_with_a_personal_value); an internal page
    also cites where the secretary's birth year is written, so it is made again when only that
    line moves."""
    from generator.output import Audience

    block = "    secretary:\n      name: 示例书记\n      birth_year: 1970\n      education: 高中\n      in_post_since: 2006\n"
    swapped = "    secretary:\n      birth_year: 1970\n      name: 示例书记\n      education: 高中\n      in_post_since: 2006\n"
    line = "    secretary: {name: 示例书记, birth_year: 1970, education: 高中, in_post_since: 2006}\n"
    incremental, scratch = copy_project(tmp_path, "a"), copy_project(tmp_path, "b")
    for root in (incremental, scratch):
        edit(root, "data/units.yaml", line, block)
        edit(root, "content/documents/demo-1/rules.yaml", "    when: {fact: has_secretary, op: \"==\", value: true}\n",
             "    when: {fact: has_secretary, op: \"==\", value: true}\n    values:\n      - {name: 书记年龄, fact: secretary_age, unit: 岁}\n")
    pipeline.build(incremental, audience=Audience.INTERNAL)
    page = incremental / "site-internal" / "units" / "sample-village.html"
    assert "units.yaml 第15行" in page.read_text(encoding="utf-8")
    for root in (incremental, scratch):
        edit(root, "data/units.yaml", block, swapped)
    assert pipeline.build(incremental, audience=Audience.INTERNAL).made
    pipeline.build(scratch, audience=Audience.INTERNAL)
    assert "units.yaml 第14行" in page.read_text(encoding="utf-8")
    assert site_files(incremental / "site-internal") == site_files(scratch / "site-internal")


def test_only_what_a_change_touches_is_written(tmp_path):
    root = copy_project(tmp_path, "p")
    pipeline.build(root)
    site = root / "site"
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    time.sleep(0.01)
    again = pipeline.build(root)
    assert again.unchanged and {p: p.stat().st_mtime_ns for p in site.rglob("*.html")} == before
    edit(root, "data/units.yaml", "members: 40", "members: 41")
    report = pipeline.build(root)
    changed = {p.relative_to(site).as_posix() for p, t in before.items() if p.stat().st_mtime_ns != t}
    assert changed == {"units/sample-village.html"}  # its page; the county list shows no member counts
    assert "单位页面 1/5" in report.made


def test_one_worker_and_several_make_the_same_output(tmp_path):
    one, two = copy_project(tmp_path, "one"), copy_project(tmp_path, "two")
    pipeline.build(one, workers=1)
    pipeline.build(two, workers=2)
    assert site_files(one / "site") == site_files(two / "site")


def test_a_county_list_takes_its_unchanged_members_rows_from_the_last_build(tmp_path, monkeypatch):
    """One unit changed: its county's list and workbook are made again with that unit's
    checklist alone (a 4,000-unit county took seconds to compute every member again)."""
    from generator.render.units import UnitWriter

    root = copy_project(tmp_path, "p")
    pipeline.build(root, workers=1)
    edit(root, "data/units.yaml", "name: 示例村", "name: 示例新村")  # on the county's list
    computed: list[str] = []
    checklist = UnitWriter.checklist
    monkeypatch.setattr(UnitWriter, "checklist", lambda self, unit_id: computed.append(unit_id) or checklist(self, unit_id))
    report = pipeline.build(root, workers=1)
    assert "区县清单和工作簿 1/" in report.made
    # its rows in the county's workbook and on its list (two jobs, on two cores), then its page
    assert computed == ["sample-village"] * 3
    workbook = openpyxl.load_workbook(root / "site" / "downloads" / "units" / "units-county-a.xlsx", read_only=True)
    names = {row[0] for row in workbook["清单"].iter_rows(min_row=2, values_only=True)}
    assert "示例新村" in names and "示例村" not in names and len(names) > 2
    # a build from scratch (--full) computes them all; so does a build whose kept rows are unreadable
    computed.clear()
    pipeline.build(root, workers=1, full=True)
    assert len(set(computed)) > 2
    (root / "site" / ".build" / "rows" / "county-a.marshal").write_bytes(b"\x00not marshal")
    edit(root, "data/units.yaml", "name: 示例新村", "name: 示例村")
    computed.clear()
    pipeline.build(root, workers=1)
    assert len(set(computed)) > 2
    scratch = copy_project(tmp_path, "s")
    pipeline.build(scratch)
    assert site_files(root / "site") == site_files(scratch / "site")


def test_a_commit_killed_halfway_is_undone_by_the_next_build(tmp_path, monkeypatch):
    import generator.incremental as incremental

    root, scratch = copy_project(tmp_path, "p"), copy_project(tmp_path, "s")
    pipeline.build(root)
    before = site_files(root / "site")
    for project in (root, scratch):
        CHANGES["a unit's name"](project)
        CHANGES["a glossary explanation"](project)
    moved = []
    real_move = incremental._move

    def dying_move(source, destination):
        moved.append(source)
        if len(moved) > 6:
            raise KeyboardInterrupt  # as if killed in the middle of putting files in place
        real_move(source, destination)

    monkeypatch.setattr(incremental, "_move", dying_move)
    with pytest.raises(KeyboardInterrupt):
        pipeline.build(root)
    monkeypatch.setattr(incremental, "_move", real_move)
    assert list(root.glob(".site.building-*.journal.json"))  # the commit was under way
    assert incremental.recover(root / "site")
    assert site_files(root / "site") == before  # the previous output, whole again
    pipeline.build(root)
    pipeline.build(scratch)
    assert site_files(root / "site") == site_files(scratch / "site")


@pytest.mark.parametrize("delay", [0.5, 1.5, 3.0])
def test_a_build_killed_at_any_moment_is_followed_by_a_correct_one(tmp_path, delay):
    root, scratch = copy_project(tmp_path, "p"), copy_project(tmp_path, "s")
    pipeline.build(root)
    for project in (root, scratch):
        CHANGES["a unit added"](project)
        CHANGES["a glossary explanation"](project)
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", "--root", str(root)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert (root / "site" / "index.html").exists()
    pipeline.build(root)
    pipeline.build(scratch)
    assert site_files(root / "site") == site_files(scratch / "site")
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == [".site.lock"]


def test_forms_are_made_on_request_and_stored_only_when_asked(tmp_path):
    from generator.serve import make_server

    root = copy_project(tmp_path, "p")
    pipeline.build(root)
    site = root / "site"
    assert not (site / "forms" / "units").exists()
    page = parse(site / "units" / "sample-village.html")
    forms = [r for r in page.served_refs if "/forms/units/" in r]
    assert len(forms) == 9 and not [r for r in page.refs if "/forms/units/" in r]  # shown when served only
    server = make_server(site, 0, root=root)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/units/" + forms[0]
        answer = urllib.request.urlopen(url, timeout=30)
        assert answer.status == 200 and answer.read()[:2] == b"PK"
        assert "filename*=UTF-8''" in answer.headers["Content-Disposition"]
        ping = urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/api/ping", timeout=10)
        assert json.load(ping) == {"ok": True}
    finally:
        server.shutdown()
        server.server_close()
    pipeline.build(root, forms=True)
    assert len(list((site / "forms" / "units" / "sample-village").glob("*.docx"))) == 9
    assert not [r for r in parse(site / "units" / "sample-village.html").served_refs if "/forms/units/" in r]


def test_a_county_stick_holds_its_county_and_the_whole_handbook(tmp_path):
    root = copy_project(tmp_path, "p")
    edit(root, "data/units.yaml", "  - {id: county-a, name: 甲县, type: 区县}",
         "  - {id: county-a, name: 甲县, type: 区县}\n  - {id: county-b, name: 乙县, type: 区县}\n"
         "  - {id: sample-b-town, name: 示例乙镇, type: 乡镇, parent: county-b, county: county-b, sample: true}\n"
         "  - {id: sample-b-village, name: 示例乙村, type: 村, parent: sample-b-town, county: county-b, sample: true}")
    report = pipeline.build(root, county="county-a")
    stick = root / "site-county-a"
    assert report.out_dir == stick.resolve()
    assert (stick / "units" / "sample-village.html").exists() and not (stick / "units" / "sample-b-village.html").exists()
    assert len(list((stick / "forms" / "units" / "sample-village").glob("*.docx"))) == 9  # used from file://
    assert (stick / "counties" / "county-a.html").exists() and not (stick / "counties" / "county-b.html").exists()
    assert (stick / "articles" / "art-1.html").exists() and not (stick / ".search-index").exists()
    names = " ".join(p.read_text(encoding="utf-8") for p in (stick / "search" / "units").glob("*.js"))
    assert "示例村" in names and "示例乙村" not in names
    broken = [f"{page.name} → {ref}" for page in stick.rglob("*.html") for ref in parse(page).refs
              if not ref.startswith(("#", "http", "mailto", "data:", "javascript")) and "counties/" in ref
              and not ((stick if ref.startswith("/") else page.parent) / ref.split("#")[0].lstrip("/")).resolve().exists()]
    assert broken == []


def test_watching_rebuilds_what_is_served(tmp_path):
    from generator.serve import make_server
    from generator.watch import watch

    root = copy_project(tmp_path, "p")
    pipeline.build(root)
    site = root / "site"
    server = make_server(site, 0, root=root)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stopped, said = threading.Event(), []
    watcher = threading.Thread(target=watch, args=(root, site), kwargs={"say": said.append, "interval": 0.2, "settle": 0.2,
                                                                        "stop": stopped.is_set}, daemon=True)
    watcher.start()
    try:
        time.sleep(0.5)
        edit(root, "data/units.yaml", "name: 示例村", "name: 示例改名村")
        page = f"http://127.0.0.1:{server.server_port}/units/sample-village.html"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "示例改名村" not in urllib.request.urlopen(page, timeout=10).read().decode():
            time.sleep(0.3)
        assert "示例改名村" in urllib.request.urlopen(page, timeout=10).read().decode()
        edit(root, "data/units.yaml", "members: 40", "members: [")  # a mistake: reported, the site stays
        time.sleep(3)
        assert any("data/units.yaml" in m for m in said) and (site / MANIFEST).exists()
    finally:
        stopped.set()
        watcher.join(timeout=30)
        server.shutdown()
        server.server_close()


def test_a_template_change_remakes_only_what_uses_that_template(tmp_path, monkeypatch):
    """The county list's template changed: the county lists are made again, not the unit pages."""
    import generator.fingerprint as fingerprint
    import generator.render.units as unit_render

    templates = tmp_path / "site_templates"
    shutil.copytree(fingerprint.TEMPLATES, templates)
    monkeypatch.setattr(fingerprint, "TEMPLATES", templates)
    monkeypatch.setattr(unit_render, "TEMPLATES", templates / "units")
    root = copy_project(tmp_path, "p")
    pipeline.build(root)
    site = root / "site"
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    county = templates / "units" / "county.html.j2"
    county.write_text(county.read_text(encoding="utf-8").replace("<table", "<p>本表按单位编号排列。</p>\n<table", 1), encoding="utf-8")
    report = pipeline.build(root)
    changed = {p.relative_to(site).as_posix() for p, t in before.items() if p.stat().st_mtime_ns != t}
    assert changed == {"counties/county-a.html"}
    assert "本表按单位编号排列" in (site / "counties" / "county-a.html").read_text(encoding="utf-8")
    assert "单位页面 0/" in report.made


def test_an_index_without_its_fingerprint_file_is_still_updated(tmp_path):
    from generator.search.engine import FINGERPRINTS

    root = copy_project(tmp_path, "p")
    pipeline.build(root)
    (root / "site" / ".search-index" / FINGERPRINTS).unlink()  # an index written before the file existed
    CHANGES["a unit's name"](root)
    report = pipeline.build(root)
    assert "更新 1" in report.search or "新增 1" in report.search
    assert any("示例新村" in h[1] or "示例新村" in h[2] for hits in answers(root / "site") for h in hits)


def test_fingerprints_are_the_hash_of_their_parts_each_followed_by_a_separator():
    """Fingerprints stored in outputs must not change with the way they are computed."""
    from generator.fingerprint import digest

    assert digest() == "e3b0c44298fc1c149afbf4c8996fb924"  # sha256 of nothing
    assert digest("a", "b") == digest(b"a", "b") == "023b8059a924f728a2155e4cc8b90738"  # of "a\x1fb\x1f"
    assert digest(b"x", "中文") == "8e6307af3bb548e011013f4faca38cb5"
    assert digest("a", "b") != digest("ab") and digest("a", "b") != digest("a\x1fb", "")
