"""Staff data, templates and configuration as an attacker or a careless editor writes them.

Each test takes a class of input, not one example: every free-text field gets a
markup payload, personal numbers come in the ways people type them, every
generated name is tried as an id, several ways of running code from mkdocs.yml
are tried, and so on. What is asserted is what a user (or an attacker) would see.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import docx
import pytest
import yaml

from conftest import REPO
from site_helpers import tree_digest
from generator import pipeline
from generator.errors import InvalidInput
from generator.output import INDEX_DIR, Audience, UnsafeOutput
from generator.serve import make_server

MARK = "data-hostile"
# Breaks out of text, attributes, <title>, <script> and comments if anything is not escaped.
PAYLOAD = (f'<i {MARK}="t">x</i>"\'></title></script></textarea>--><svg {MARK}="a" onload=alert(1)>&amp;'
           f'\r\r<b {MARK}="cr">\r\r<!--<script>\n\n伪造标题\n======\n\n    伪造代码\n')
FREE_TEXT = {"name", "from_org", "evidence", "note", "title", "duty", "summary", "explanation", "introduction",
             "audience", "goals", "question", "description", "opinion_title"}


def handbook(*args, timeout=300, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, **kwargs)


def poison(value, key=None):
    """Append the payload to every free-text value of a YAML document."""
    if isinstance(value, dict):
        return {k: poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key) for v in value]
    if isinstance(value, str) and key in FREE_TEXT:
        return value + PAYLOAD
    return value


def poison_project(root: Path) -> None:
    document = root / "content" / "documents" / "demo-1" / "document.yaml"
    data = yaml.safe_load(document.read_text(encoding="utf-8"))
    data["title"] += PAYLOAD  # the document's own title reaches every article page's citation
    data["opinion_title"][-1] += PAYLOAD
    document.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in [*root.glob("data/**/*.yaml"), *root.glob("content/training/*.yaml"), root / "content" / "glossary.yaml",
                 root / "content" / "documents" / "demo-1" / "rules.yaml", root / "content" / "documents" / "demo-1" / "annotations.yaml"]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(poison(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    # a second document, in the 文件库, and the relations file: every page of the library too
    second = yaml.safe_load(document.read_text(encoding="utf-8"))
    second["id"] = "demo-2"
    second["preamble"][0]["text"] += PAYLOAD
    second["status"] = {"state": "已废止", "replaced_by": "示例" + PAYLOAD, "basis": "说明" + PAYLOAD}
    (root / "content" / "documents" / "demo-2").mkdir()
    (root / "content" / "documents" / "demo-2" / "document.yaml").write_text(
        yaml.safe_dump(second, allow_unicode=True, sort_keys=False), encoding="utf-8")
    library = {"documents": [{"id": "hostile-doc", "title": "示例文件" + PAYLOAD, "number": "示办〔2011〕1号", "note": "说明" + PAYLOAD}],
               "relations": [{"type": "cites", "source": "demo-2", "target": "hostile-doc", "basis": "依据" + PAYLOAD}]}
    (root / "content" / "library.yaml").write_text(yaml.safe_dump(library, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # text that spreadsheets read as formulas, as a CSV export carries it
    (root / "data" / "hostile.csv").write_text(
        "编号,名称,类型,上级,区县,示例,备注\n"
        'sample-formula,"=HYPERLINK(""http://example.invalid"",""示例点我"")",村,sample-town,county-a,是,@SUM(1+2)\n'
        "sample-dde,+示例cmd|'/C calc'!A0,村,sample-town,county-a,是,-2+3\n", encoding="utf-8")


class _Injected(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if any(name == MARK or name.startswith("on") and tag in ("svg", "i") for name, _ in attrs):
            self.found.append(f"<{tag} {attrs}>")


def injected_elements(site: Path) -> dict[str, list[str]]:
    found = {}
    for page in site.rglob("*.html"):
        parser = _Injected()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.found:
            found[page.relative_to(site).as_posix()] = parser.found
    return found


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from conftest import MINIMAL

    root = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(MINIMAL, root)
    poison_project(root)
    pipeline.build(root)
    return root / "site"


# --- 1. one escaping path: no text becomes markup, in any page ---------------------------------

def test_no_free_text_becomes_markup_on_any_page(hostile_site):
    assert injected_elements(hostile_site) == {}
    for page in hostile_site.rglob("*.html"):  # line breaks in a value make no heading and no code block
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<h[1-6][^>]*>\s*伪造标题\s*<|<pre><code>\s*伪造代码", text), page


def test_data_for_page_scripts_holds_no_markup(hostile_site):
    """JSON read by a page's script (the self-test) is inert: no "<" at all, so no
    `</script>` or `<!--<script>` can change how the browser parses the page."""
    quiz = (hostile_site / "training" / "quiz.html").read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="hb-quiz-data">(.*?)</script>', quiz, re.S).group(1)
    assert "<" not in data and "data-hostile" in data


def test_the_library_shows_hostile_text_as_text(hostile_site):
    library = (hostile_site / "library.html").read_text(encoding="utf-8")
    assert library.count("&lt;svg data-hostile") >= 3  # the named document's title and note, the relation's basis
    text = (hostile_site / "library" / "demo-2" / "text.html").read_text(encoding="utf-8")
    assert "&lt;svg data-hostile" in text and 'class="hb-status hb-status--repealed"' in text


def test_hostile_text_is_shown_not_dropped(hostile_site):
    menu = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "&lt;i data-hostile" in menu  # the county's and the course's names in the menu, as text
    unit = (hostile_site / "units" / "sample-village.html").read_text(encoding="utf-8")
    assert unit.count("&lt;svg data-hostile") >= 2  # the name, the rule titles, the evidence


def test_word_forms_and_workbooks_hold_the_text_as_data(hostile_site):
    from lxml import etree

    for path in hostile_site.rglob("*.docx"):
        with zipfile.ZipFile(path) as archive:
            root = etree.fromstring(archive.read("word/document.xml"))  # well-formed
        assert not root.xpath("//*[local-name()='i' or local-name()='svg']"), path
    for path in hostile_site.rglob("*.xlsx"):
        with zipfile.ZipFile(path) as archive:
            sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
            assert all(b"<f>" not in archive.read(n) for n in sheets), path  # no formula anywhere
        book = openpyxl.load_workbook(path)
        cells = [c for row in book["清单"].iter_rows() for c in row if isinstance(c.value, str)]
        assert {c.data_type for c in cells} == {"s"}
        formula_like = [c for c in cells if c.value[:1] in "=+-@"]
        assert formula_like and all(c.quotePrefix for c in formula_like)


# --- 2, 4, 12, 13: outputs, audiences, atomicity, leftovers --------------------------------------

def test_build_touches_nothing_beside_its_output(minimal_project, tmp_path):
    outside = tmp_path / "shared"
    for name in ("index", ".search-index", "handbook-index", "site"):
        (outside / name).mkdir(parents=True)
        (outside / name / "keep.txt").write_text(name, encoding="utf-8")
    pipeline.build(minimal_project, outside / "handbook")
    for name in ("index", ".search-index", "handbook-index", "site"):
        assert (outside / name / "keep.txt").read_text(encoding="utf-8") == name
    with pytest.raises(UnsafeOutput):
        pipeline.build(minimal_project, outside / "index")  # a folder that is not a build output


def test_internal_data_never_reaches_a_public_output_or_index(minimal_project):
    secretary = "示例书记"
    pipeline.build(minimal_project)
    pipeline.build(minimal_project, audience=Audience.INTERNAL)
    public, internal = minimal_project / "site", minimal_project / "site-internal"
    assert secretary in (internal / "units" / "sample-village.html").read_text(encoding="utf-8")
    for path in public.rglob("*"):
        if path.is_file():
            assert secretary.encode() not in path.read_bytes(), path
    with pytest.raises(UnsafeOutput):
        pipeline.build(minimal_project, public, audience=Audience.INTERNAL)  # personal data into the public folder
    with pytest.raises(UnsafeOutput):
        pipeline.build(minimal_project, internal)  # a public build replacing the internal one
    with pytest.raises(UnsafeOutput):
        pipeline.build(minimal_project, public / "inner", audience=Audience.INTERNAL)
    elsewhere = minimal_project.parent / "published"
    pipeline.build(minimal_project, elsewhere)
    with pytest.raises(UnsafeOutput):  # any public output, not only the default folder
        pipeline.build(minimal_project, elsewhere / "archive", audience=Audience.INTERNAL)
    written = handbook("docx", "shuzhi-pingyi", "--unit", "sample-village", "--internal", "--root", minimal_project,
                       "-o", public / "forms" / "units" / "sample-village" / "shuzhi-pingyi.docx")
    assert written.returncode == 1 and "输出目录" in written.stderr
    assert (public / INDEX_DIR).is_dir() and (internal / INDEX_DIR).is_dir()
    assert internal.stat().st_mode & 0o077 == 0  # readable by its owner only: nothing inside can be reached by others


def test_a_copy_of_a_public_output_cannot_confirm_a_guess_of_a_data_file(minimal_project):
    """The output keeps hashes of each input file's raw text (to know what changed) and of the
    pieces of large ones: someone given a copy who guesses a file's personal fields right must
    not be able to check the guess against them. The key they are made with stays in the
    project: a copy of the output does not carry it, nor does the folder it was written to."""
    from generator.fingerprint import code_version, digest, keyed_digest
    from generator.incremental import KEY_BYTES

    pipeline.build(minimal_project)
    site = minimal_project / "site"
    key_file = minimal_project / ".handbook.key"
    assert len(key_file.read_bytes()) == KEY_BYTES and key_file.stat().st_mode & 0o077 == 0
    elsewhere = minimal_project.parent / "stick" / "handbook"
    pipeline.build(minimal_project, elsewhere, county="county-a")
    assert sorted(p.name for p in elsewhere.parent.iterdir()) == [".handbook.lock", "handbook"]  # no key on the stick
    kept = "\n".join([(site / ".build" / "manifest.json").read_text(encoding="utf-8"),
                      *(p.name for p in (site / ".build" / "cache").iterdir())])
    candidate_keys = {b"", *(p.read_bytes() for p in site.rglob("*") if p.is_file() and p.stat().st_size == KEY_BYTES)}
    data_files = sorted(p for p in (minimal_project / "data").rglob("*") if p.is_file())
    assert data_files
    for path in data_files:
        rel, raw = path.relative_to(minimal_project).as_posix(), path.read_bytes()  # the right guess
        guesses = {digest(code_version(), rel, raw), digest(rel, raw), digest(raw)}
        guesses |= {keyed_digest(k, code_version(), rel, raw) for k in candidate_keys}
        assert not any(g in kept for g in guesses), rel
    assert key_file.read_bytes() not in b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())


def test_a_public_output_keeps_nothing_that_varies_with_a_personal_value(minimal_project, tmp_path):
    """Two public outputs whose data differ only in personal values (a longer secretary's name,
    another education, an appraisal of 不称职 instead of 称职, a phone written in) are the same,
    their build folders included: nothing there, kept in clear or hashed without the key, varies
    with them. Written in flow style, a personal value moves the columns of the values after it
    on its line, and the public cache kept every value's column: their differences gave each
    personal value's length (初中及以下 and 不称职 are the only ones of theirs), and the
    fingerprints of the unit's rows (in the manifest and .build/rows/) changed with them."""
    import pickle
    from generator.loading.cache import _CHECK

    units = minimal_project / "data" / "units.yaml"
    line = "    secretary: {name: 示例书记, birth_year: 1970, education: 高中, in_post_since: 2006}"
    assert line in units.read_text(encoding="utf-8")
    flow = "    secretary: {name: %s, birth_year: %s, education: %s,%s appraisals: {2011: %s, 2012: 优秀}, in_post_since: 2006}"
    other = tmp_path / "other"
    shutil.copytree(minimal_project, other)
    for root, values in ((minimal_project, ("王五", 1970, "高中", "", "称职")),
                         (other, ("欧阳四五六", 1958, "初中及以下", " phone: 0736-7123456,", "不称职"))):
        data = root / "data" / "units.yaml"
        data.write_text(data.read_text(encoding="utf-8").replace(line, flow % values), encoding="utf-8")
        pipeline.build(root)

    def kept(root: Path) -> tuple[dict, dict, list]:
        site = root / "site"
        files = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
                 if p.is_file() and p.parent.name != "cache" and p.name != "manifest.json"}
        manifest = json.loads((site / ".build" / "manifest.json").read_text(encoding="utf-8"))
        public = {part: {k: v for k, v in manifest[part].items() if not k.startswith("cache:")}
                  for part in ("groups", "sizes", "files")}
        entries = sorted(pickle.dumps(pickle.loads(p.read_bytes()[_CHECK:]))
                         for p in (site / ".build" / "cache").iterdir())
        return files, public, entries

    (files, manifest, entries), (files2, manifest2, entries2) = kept(minimal_project), kept(other)
    assert sorted(files) == sorted(files2)
    assert [name for name in files if files[name] != files2[name]] == []
    assert manifest == manifest2
    assert entries == entries2


def test_a_lost_key_costs_a_reading_and_nothing_else(minimal_project):
    """A key that is gone (the output moved elsewhere, the key deleted) means every input is
    read again; the outputs, which do not depend on it, are all kept."""
    pipeline.build(minimal_project)
    site = minimal_project / "site"
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    (minimal_project / ".handbook.key").unlink()
    report = pipeline.build(minimal_project)
    assert not report.unchanged and (minimal_project / ".handbook.key").is_file()
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*.html")} == before
    assert pipeline.build(minimal_project).unchanged


def test_a_key_that_cannot_be_kept_costs_a_reading_and_leaves_no_copy(minimal_project):
    """Where the project's key cannot be written (a folder of that name, a read-only project),
    the build goes on with a key of its own, which the next build does not have: it reads every
    input again and keeps the outputs. No scratch copy of the secret stays behind."""
    pipeline.build(minimal_project)
    site = minimal_project / "site"
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    (minimal_project / ".handbook.key").unlink()
    (minimal_project / ".handbook.key").mkdir()
    for _ in range(2):
        result = handbook("build", "--root", minimal_project)
        assert result.returncode == 0 and result.stderr.startswith("网站已生成"), result.stderr  # not 没有变化: inputs read again
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*.html")} == before
    assert not [p.name for p in minimal_project.iterdir() if p.name.startswith(".handbook.key.")]


def test_a_removed_unit_leaves_nothing_in_the_index_files(minimal_project):
    from whoosh import index

    firms = minimal_project / "data" / "firms.csv"
    secret = "示例张秘密家庭农场"
    firms.write_text(firms.read_text(encoding="utf-8") + f"sample-secret,{secret},非公企业,sample-town,county-a,是,3,10,好\n", encoding="utf-8")
    pipeline.build(minimal_project)
    firms.write_text("\n".join(l for l in firms.read_text(encoding="utf-8").splitlines() if secret not in l) + "\n", encoding="utf-8")
    pipeline.build(minimal_project)
    with index.open_dir(str(minimal_project / "site" / INDEX_DIR)).reader() as reader:
        stored = [reader.stored_fields(n) for n in range(reader.doc_count_all())]  # deleted documents included
    assert stored and not any(secret in json.dumps(fields, ensure_ascii=False) for fields in stored)


def test_a_failing_index_step_leaves_the_previous_output_whole(minimal_project, monkeypatch):
    from site_helpers import tree_digest

    pipeline.build(minimal_project)
    before = tree_digest(minimal_project / "site")

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("generator.search.engine.update_index", broken)
    units = minimal_project / "data" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("name: 示例村", "name: 示例新村"), encoding="utf-8")
    for full in (False, True):  # an incremental build, and one from scratch
        with pytest.raises(OSError):
            pipeline.build(minimal_project, full=full)
        assert tree_digest(minimal_project / "site") == before


def test_a_build_removes_what_killed_builds_left(minimal_project, tmp_path):
    dead = 2 ** 22 + 12345  # above pid_max on this machine: no such process
    leftovers = [minimal_project / f".site.{role}-{dead}" for role in ("building", "work", "old")]
    scratch = Path(os.environ.get("TMPDIR", "/tmp")) / f"handbook-{dead}-build-x"
    for folder in [*leftovers, scratch]:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "big.bin").write_bytes(b"0" * 1000)
    pipeline.build(minimal_project)
    assert not any(p.exists() for p in [*leftovers, scratch])


def test_a_build_killed_midway_is_followed_by_a_good_one(minimal_project):
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", "--root", str(minimal_project)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(minimal_project.glob(".site.building-*/units")):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not (minimal_project / "site").exists()
    done = handbook("build", "--root", minimal_project)
    assert done.returncode == 0, done.stderr
    assert (minimal_project / "site" / "index.html").exists()
    assert sorted(p.name for p in minimal_project.iterdir() if p.name.startswith(".site.")) == [".site.lock"]


# --- 5. personal numbers as people type them -------------------------------------------------------

NUMBERS = ["139–0013–9000", "(+86)137 0013 7000", "tel:15900159000", "86-188-0018-8000", "１３９　００１３　９０００",
           "0086 135 0013 5000", "4307 0219 8001 0112 3X", "430702-19800101-1234", "４３０７０２１９８００１０１１２３４",
           "139 – 0013 – 9000", "137，0013，7000", "一五九零零一五九零零零", "壹叁捌零零壹叁捌零零零", "136\u00ad0013\u200b6000",
           "110101700307123", "43070219800101123 X", "13800138000x"]


@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize("field", ["name", "from_org", "evidence", "note"])
def test_personal_numbers_are_refused_in_public_builds(minimal_project, number, field):
    units = minimal_project / "data" / "units.yaml"
    progress = minimal_project / "data" / "progress" / "2012.yaml"
    if field == "evidence":
        progress.write_text(progress.read_text(encoding="utf-8").replace("已制定议事规则", f"联系 {number}"), encoding="utf-8")
    elif field == "from_org":
        units.write_text(units.read_text(encoding="utf-8").replace("funds: {2012: 6.5}", f"funds: {{2012: 6.5}}\n    first_secretary: {{from_org: '县委办 {number}'}}"), encoding="utf-8")
    else:
        units.write_text(units.read_text(encoding="utf-8").replace("name: 示例村", f"name: 示例村\n    {field}: '电话 {number}'" if field == "note" else f"name: '示例村{number}'"), encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        pipeline.build(minimal_project)
    assert {f.code for f in refused.value.findings} == {"personal-number"}
    assert all(f.location.line for f in refused.value.findings)
    assert not (minimal_project / "site").exists()
    pipeline.build(minimal_project, audience=Audience.INTERNAL)


def test_personal_numbers_in_content_are_refused_too(minimal_project):
    glossary = minimal_project / "content" / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("向上级报告工作。", "向上级报告工作。咨询 138 - 0013 - 8000。"), encoding="utf-8")
    assert ("content/glossary.yaml", "personal-number") in {(f.location.path, f.code) for f in pipeline.check(minimal_project).findings}
    with pytest.raises(InvalidInput):
        pipeline.build(minimal_project)


@pytest.mark.parametrize("workers", [1, 2])
def test_the_last_guard_reads_what_the_workers_wrote(minimal_project, monkeypatch, workers):
    """Unit pages and county workbooks are scanned by the worker process that wrote them (on
    every core); a number that reached one some other way (here: a template and the workbook's
    guide) still stops the build, and the previous output stays as it was."""
    from generator.render import excel, privacy, units

    pipeline.build(minimal_project, workers=workers)
    before = tree_digest(minimal_project / "site")
    edit = minimal_project / "data" / "units.yaml"
    edit.write_text(edit.read_text(encoding="utf-8").replace("members: 40", "members: 41"), encoding="utf-8")
    render = units.render
    monkeypatch.setattr(units, "render", lambda template, view: render(template, view) + "联系电话 138 0013 8000")
    monkeypatch.setattr(excel, "GUIDE", [*excel.GUIDE, "咨询：13900139000"])
    scanned_here: list[str] = []
    scan_output = privacy.scan_output
    monkeypatch.setattr(privacy, "scan_output", lambda root, progress=None, skip=frozenset(): scanned_here.append(skip) or scan_output(root, progress, skip))
    with pytest.raises(privacy.PersonalDataLeak) as leak:
        pipeline.build(minimal_project, workers=workers)
    assert "units/sample-village.html" in str(leak.value) and "units-county-a.xlsx!xl/sharedStrings.xml" in str(leak.value)
    assert {"units/sample-village.html", "downloads/units/units-county-a.xlsx"} <= scanned_here[0]  # not read twice
    assert tree_digest(minimal_project / "site") == before


def test_ordinary_figures_are_not_personal_numbers():
    from generator.personal import find_personal_numbers

    ordinary = ["2012-06-20 2012-12-31", "常委〔2012〕5号第9条第2句", "1.5 2.5 3.5 4.5 5.5 6.5", "第 13 条 800 元",
                "20120620 2012", "100 200 300 400", "0736-7221234", "12345678901", "1 3 8 0 0 1 3 8 0 0 0",
                "2012年、2013年、2014年", "第一书记、第二书记", "20,000个单位、13,800元", "一二三四五六七八"]
    assert [t for t in ordinary if find_personal_numbers(t)] == []


def test_the_last_guard_reads_workbook_texts_not_their_numbers(tmp_path):
    """A workbook's cells refer to their texts by number (sharedStrings.xml): thousands of small
    numbers in a row must not read as a phone number, a phone number in a text must."""
    from generator.render.privacy import scan_output
    from generator.render.xlsx import Sheet, write_xlsx

    stamp = dt.datetime(2012, 3, 1)
    rows = [[f"单位{i}", f"事项{i % 7}", i] for i in range(3000)]  # references 0…3,000 and figures side by side
    write_xlsx(tmp_path / "clean.xlsx", [Sheet("清单", rows)], "t", "c", stamp)
    assert scan_output(tmp_path) == []
    write_xlsx(tmp_path / "leak.xlsx", [Sheet("清单", rows + [["联系人 138 0013 8000", None, 1]])], "t", "c", stamp)
    assert [h.split("：")[0] for h in scan_output(tmp_path)] == ["leak.xlsx!xl/sharedStrings.xml"]
    (tmp_path / "leak.xlsx").unlink()
    document = docx.Document()
    for figure in ("2012", "138", "0013", "8000"):  # paragraphs of figures: not one number
        document.add_paragraph(figure)
    document.save(tmp_path / "clean.docx")
    assert scan_output(tmp_path) == []
    document.add_paragraph("联系电话：").add_run().add_break()
    document.paragraphs[-1].add_run("138 0013 8000")  # after a line break inside a paragraph: typed
    document.save(tmp_path / "leak.docx")
    assert [h.split("：")[0] for h in scan_output(tmp_path)] == ["leak.docx!word/document.xml"]


def test_a_sheet_of_text_references_is_skipped_but_nothing_else_in_it_is(tmp_path):
    """A county's sheet is a million references to shared strings: the guard leaves them out
    (their texts are scanned in sharedStrings.xml), but a figure, an inline text or a text
    between its tags is still read."""
    from generator.render.privacy import _without_references, scan_output
    from generator.render.xlsx import Sheet, write_xlsx

    stamp = dt.datetime(2012, 3, 1)
    rows = [[f"单位{i}", f"事项{i % 7}", "已完成"] for i in range(3000)]
    write_xlsx(tmp_path / "texts.xlsx", [Sheet("清单", rows + [["联系人 13800138000", "", None]])], "t", "c", stamp)
    with zipfile.ZipFile(tmp_path / "texts.xlsx") as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert b"sheetData" not in _without_references(sheet) and _without_references(sheet).endswith(b"</worksheet>")  # left out
    assert [h.split("：")[0] for h in scan_output(tmp_path)] == ["texts.xlsx!xl/sharedStrings.xml"]
    (tmp_path / "texts.xlsx").unlink()
    cell = b'<c r="A9999" t="s"><v>1</v></c>'
    for hidden in (b'<c r="B9999"><v>13800138000</v></c>',  # a figure
                   b'<c r="B9999" t="inlineStr"><is><t>13800138000</t></is></c>',  # an inline text
                   b"13800138000"):  # a text between tags
        forged = sheet.replace(cell, cell + hidden) if cell in sheet else sheet.replace(b"</sheetData>", b'<row r="9999">' + cell + hidden + b"</row></sheetData>")
        assert _without_references(forged) == forged, hidden
        with zipfile.ZipFile(tmp_path / "forged.xlsx", "w") as archive:
            archive.writestr("xl/worksheets/sheet1.xml", forged)
        assert [h.split("：")[0] for h in scan_output(tmp_path)] == ["forged.xlsx!xl/worksheets/sheet1.xml"], hidden


# --- 6. editors' names in templates -------------------------------------------------------------

def _edited_template(source: Path, target: Path) -> Path:
    with zipfile.ZipFile(source) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    core = parts["docProps/core.xml"].decode()
    core = core.replace("<dc:creator>党建工作手册</dc:creator>", "<dc:creator>张三丰</dc:creator>")
    core = core.replace("<cp:lastModifiedBy>党建工作手册</cp:lastModifiedBy>", "<cp:lastModifiedBy>李四光</cp:lastModifiedBy>")
    parts["docProps/core.xml"] = core.encode()
    parts["docProps/app.xml"] = parts["docProps/app.xml"].replace(b"<Company/>", "<Company>某某县委组织部王五办公室</Company>".encode())
    document = parts["word/document.xml"].decode()
    first_run = document.index("<w:r>") if "<w:r>" in document else document.index("<w:r ")
    document = (document[:first_run] + '<w:ins w:id="90" w:author="赵六一" w:date="2012-07-01T00:00:00Z">'
                + '<w:r><w:t>修订</w:t></w:r></w:ins>' + document[first_run:])
    parts["word/document.xml"] = document.encode()
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def test_editors_names_never_reach_the_forms(tmp_path):
    from generator.forms.catalog import FORMS
    from generator.forms.check import check_template
    from generator.render.docx import prepare
    from generator.views.forms import sample_context

    edited = _edited_template(FORMS[0].path, tmp_path / FORMS[0].path.name)
    findings = check_template(edited)
    messages = " ".join(f.message for f in findings if f.code == "template-metadata")
    assert all(name in messages for name in ("张三丰", "李四光", "王五", "赵六一")) and "修订" in messages
    filled = prepare(edited).fill(sample_context())
    with zipfile.ZipFile(io.BytesIO(filled)) as archive:
        everything = b"".join(archive.read(n) for n in archive.namelist()).decode("utf-8")
    assert not any(name in everything for name in ("张三丰", "李四光", "王五", "赵六一"))


# --- 7. mkdocs.yml runs nothing ---------------------------------------------------------------

def _configs(marker: Path) -> dict[str, str]:
    base = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    return {
        "hooks": base + "hooks:\n  - hook.py\n",
        "inherit": "INHERIT: other.yml\n" + base,
        "python-tag": base + f'extra_css: !!python/object/apply:os.system ["touch {marker}"]\n',
        "tag-directive": f"%TAG !p! tag:yaml.org,2002:python/\n---\n" + base.replace("site_name: 党建工作手册", f'site_name: !p!object/apply:os.system ["touch {marker}"]'),
        "escaped-tag": base.replace("site_name: 党建工作手册", f'site_name: !<tag:yaml.org,2002:python%2Fobject/apply:os.system> ["touch {marker}"]'),
        "env-tag": base + "site_url: !ENV [HOME]\n",
        "plugin": base.replace("plugins: []", "plugins: [macros]"),
        "extension": base.replace("  - pymdownx.details", "  - pymdownx.details\n  - pymdownx.snippets"),
        "custom-dir": base.replace("  font: false", "  font: false\n  custom_dir: overrides"),
        "remote-script": base + "extra_javascript:\n  - https://example.invalid/x.js\n",
        "other-theme": base.replace("  name: material", "  name: readthedocs"),
        "repo-link": base + "repo_url: https://example.invalid/repo\n",
        "generated-file-as-script": base + "extra_javascript:\n  - downloads/demo-1.txt\n",
        "page-as-style": base.replace("  - assets/stylesheets/handbook.css", "  - assets/../downloads/demo-1.txt"),
        "markup-in-option": base.replace("  - pymdownx.details", "  - pymdownx.details\n  - footnotes:\n      BACKLINK_TEXT: '<img src=x onerror=alert(1)>'"),
    }


@pytest.mark.parametrize("case", list(_configs(Path("/x"))))
def test_site_configuration_cannot_run_code(minimal_project, tmp_path, case):
    marker = tmp_path / "ran"
    (minimal_project / "hook.py").write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    (minimal_project / "other.yml").write_text(f"hooks: [hook.py]\n", encoding="utf-8")
    (minimal_project / "mkdocs.yml").write_text(_configs(marker)[case], encoding="utf-8")
    check = handbook("check", "--root", minimal_project)
    build = handbook("build", "--root", minimal_project)
    assert check.returncode == 1 and build.returncode == 1, (check.stdout, build.stderr)
    assert "mkdocs.yml:" in check.stdout and "Traceback" not in check.stderr + build.stderr
    assert not marker.exists() and not (minimal_project / "site").exists()


# --- 8. ids cannot reach generated names -----------------------------------------------------

def test_every_id_gets_its_own_page_whatever_it_is_called(minimal_project):
    units = minimal_project / "data" / "units.yaml"
    text = units.read_text(encoding="utf-8").replace("county-a", "city")
    extra = ["  - {id: county-city, name: 示例一村, type: 村, parent: sample-town, county: city, sample: true}",
             "  - {id: index, name: 示例二村, type: 村, parent: sample-town, county: city, sample: true}",
             "  - {id: units, name: 示例三村, type: 村, parent: sample-town, county: city, sample: true}",
             "  - {id: search, name: 示例四村, type: 村, parent: sample-town, county: city, sample: true}"]
    units.write_text(text.rstrip("\n") + "\n" + "\n".join(extra) + "\n", encoding="utf-8")
    for path in minimal_project.glob("data/**/*"):
        if path.suffix in (".csv", ".yaml") and path != units:
            path.write_text(path.read_text(encoding="utf-8").replace("county-a", "city"), encoding="utf-8")
    shutil.rmtree(minimal_project / "data" / "progress")
    (minimal_project / "data" / "extra.xlsx").unlink()
    pipeline.build(minimal_project)
    site = minimal_project / "site"
    for unit_id, name in (("county-city", "示例一村"), ("index", "示例二村"), ("units", "示例三村"), ("search", "示例四村"), ("city", "甲县")):
        assert f"<h1 id=\"_top\">{name}" in (site / "units" / f"{unit_id}.html").read_text(encoding="utf-8"), unit_id
    assert "全市指标看板" in (site / "dashboards" / "city.html").read_text(encoding="utf-8")
    assert "甲县指标看板" in (site / "dashboards" / "counties" / "city.html").read_text(encoding="utf-8")
    assert "甲县" in (site / "counties" / "city.html").read_text(encoding="utf-8")
    assert "首页" in (site / "index.html").read_text(encoding="utf-8") and (site / "search.html").exists()


@pytest.mark.parametrize("device", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_windows_device_names_are_refused_as_ids(minimal_project, device):
    units = minimal_project / "data" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("id: sample-village", f"id: {device}"), encoding="utf-8")
    result = pipeline.check(minimal_project)
    assert ("data/units.yaml:4:9", "schema-value") in {(str(f.location), f.code) for f in result.findings}


# --- 9. invisible characters handled once, at loading ----------------------------------------------

@pytest.mark.parametrize("char", ["\x0b", "\x01", "\x7f", "\u202e", "\x1f", "\ufeff"])
def test_control_characters_are_removed_with_a_location(minimal_project, char):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["编号", "名称", "类型", "上级", "区县", "示例"])
    sheet.append(["sample-cc", f"示例_x{ord(char):04X}_村", "非公企业", "sample-town", "county-a", "是"])  # how Excel stores it
    book.save(minimal_project / "data" / "cc.xlsx")
    (minimal_project / "data" / "cc.csv").write_text(f"编号,名称,类型,上级,区县,示例\nsample-cc2,示例{char}二,非公企业,sample-town,county-a,是\n", encoding="utf-8")
    units = minimal_project / "data" / "units.yaml"
    escaped = json.dumps(char)[1:-1] if char not in "\x7f\ufeff" else {"\x7f": "\\x7f", "\ufeff": "\\ufeff"}[char]
    units.write_text(units.read_text(encoding="utf-8").replace("name: 示例村", f'name: "示例{escaped}村"'), encoding="utf-8")
    result = pipeline.check(minimal_project)
    located = {str(f.location) for f in result.findings if f.code == "control-char"}
    assert {"data/units.yaml:5:11", "data/cc.xlsx:Sheet!B2", "data/cc.csv:2:2"} <= located
    assert result.ok
    report = pipeline.build(minimal_project)
    for path in report.out_dir.rglob("*"):
        if path.suffix in (".html", ".json"):
            assert char not in path.read_text(encoding="utf-8"), path


# --- 10, 14: the service -----------------------------------------------------------------------

def test_service_follows_a_rebuild_and_answers_odd_requests(minimal_project):
    pipeline.build(minimal_project)
    server = make_server(minimal_project / "site", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    query = "/api/search?q=" + urllib.parse.quote("示例公司") + "&kind=unit"
    try:
        def titles():
            return [h["title"] for h in json.load(urllib.request.urlopen(base + query, timeout=10))]

        assert "示例公司" in titles()
        firms = minimal_project / "data" / "firms.csv"
        firms.write_text("\n".join(line for line in firms.read_text(encoding="utf-8").splitlines() if "示例公司," not in line) + "\n", encoding="utf-8")
        pipeline.build(minimal_project)
        assert "示例公司" not in titles()  # removed at once, no restart
        for path in ("/%00", "/a%00b.html", "/.search-index/_MAIN_1.toc", "/.handbook-output"):
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(base + path, timeout=10)
            assert answer.value.code == 404
        head = urllib.request.urlopen(urllib.request.Request(base + query, method="HEAD"), timeout=10)
        assert head.status == 200 and head.read() == b""
        assert head.headers["X-Content-Type-Options"] == "nosniff"
        with pytest.raises(urllib.error.HTTPError) as rebound:  # DNS rebinding: another site's name pointing here
            urllib.request.urlopen(urllib.request.Request(base + "/", headers={"Host": "attacker.example"}), timeout=10)
        assert rebound.value.code == 421
    finally:
        server.shutdown()
        server.server_close()


# --- 11. templates are bounded and located ----------------------------------------------------

BAD_TEMPLATES = {
    '{% set s = "x" * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}': "秒",
    '{% set a = "x" * 900000 %}{% set b = a ~ a %}{% set c = b ~ b %}{{ c }}': "过大",
    '{% set a = "x" * 900000 %}{{ ([a] * 256)|join }}': "过长",
    '{% set a = "x" * 100000 %}{{ ("%(a)s" * 256) % {"a": a} }}': "过长",
    '{% set a = "x" * 100000 %}{{ ("{0}" * 256).format(a) }}': "过长",
    '{{ "{:{}}".format("x", 300000000) }}': "宽度",
    '{{ "%*s" % (300000000, "x") }}': "宽度",
    "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}": "嵌套",
    "{{ 7**999999999 }}": "幂运算",
    "{{ (9**9)**(9**9) }}": "幂运算",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}": "循环",
    "{{ range(10**9)|list|length }}": "range",
    "{% include 'other.docx' %}": "出错",
    "{{ 10**5000 }}": "幂运算",
    "{{ 'x'|center(2**40) }}": "宽度",
    "{{ '%099999999d'|format(1) }}": "格式",
    "{% macro m() %}{{ m() }}{{ m() }}{% endmacro %}{{ m() }}": "递归",
    "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}": "过大",
    "{{ unit.name.__class__.__mro__ }}": "unsafe",
}


@pytest.mark.parametrize("source", list(BAD_TEMPLATES))
def test_bad_word_templates_are_refused_quickly_with_a_paragraph(tmp_path, source):
    import docx as python_docx

    from generator.forms.catalog import FORMS
    from generator.forms.check import check_template

    document = python_docx.Document(FORMS[0].path)
    document.add_paragraph(source)
    path = tmp_path / FORMS[0].path.name
    document.save(path)
    started = time.perf_counter()
    findings = [f for f in check_template(path) if f.code == "template-syntax"]
    assert time.perf_counter() - started < 15
    assert findings and findings[0].location.line, findings
    assert BAD_TEMPLATES[source] in findings[0].message


def test_bad_page_template_names_its_line(tmp_path):
    from generator.render.templating import TemplateFailed, environment, render_template

    (tmp_path / "page.md.j2").write_text("第一行\n第二行\n{{ 'a' * 10**8 }}\n", encoding="utf-8")
    with pytest.raises(TemplateFailed, match=r"page\.md\.j2 第 3 行"):
        render_template(environment(tmp_path), "page.md.j2")


# --- 14. the smaller ones --------------------------------------------------------------------------

def test_batch_file_in_gbk_gets_a_located_message(minimal_project, tmp_path):
    batch = tmp_path / "questions.txt"
    batch.write_bytes("村支书工资\n四议两公开\n".encode("gbk"))
    proc = handbook("search", "--batch", batch, "--json", "--root", minimal_project)
    assert proc.returncode == 2 and "UTF-8" in proc.stderr and "questions.txt:1" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("value", ["1.7e308", "1e12", "-1"])
def test_absurd_money_is_refused(minimal_project, value):
    units = minimal_project / "data" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("funds: {2012: 6.5}", f"funds: {{2012: {value}}}"), encoding="utf-8")
    result = pipeline.check(minimal_project)
    assert [f.code for f in result.findings if f.location.line == 14] == ["schema-value"]


def test_unclosed_csv_quote_is_reported_where_it_starts(minimal_project):
    firms = minimal_project / "data" / "firms.csv"
    lines = firms.read_text(encoding="utf-8").splitlines()
    lines.insert(2, 'sample-quote,"示例引号公司,非公企业,sample-town,county-a,是,3,10,好')
    firms.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = pipeline.check(minimal_project)
    assert ("data/firms.csv:3:1", "table-read") in {(str(f.location), f.code) for f in result.findings}


def test_xlsx_that_unpacks_to_a_giant_cell_is_refused_quickly(minimal_project):
    book = openpyxl.Workbook()
    book.active.append(["编号", "名称"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, \
            zipfile.ZipFile(minimal_project / "data" / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/sharedStrings.xml", b"<sst>" + b"A" * (300 * 1024 * 1024) + b"</sst>")
    assert (minimal_project / "data" / "bomb.xlsx").stat().st_size < 2 * 1024 * 1024
    started = time.perf_counter()
    result = pipeline.check(minimal_project)
    assert time.perf_counter() - started < 20
    assert ("data/bomb.xlsx", "file-too-large") in {(str(f.location), f.code) for f in result.findings}


def test_megabyte_names_are_refused_quickly(minimal_project):
    units = minimal_project / "data" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("name: 示例村", "name: 示例" + "村" * 5_000_000), encoding="utf-8")
    started = time.perf_counter()
    result = pipeline.check(minimal_project)
    assert time.perf_counter() - started < 20
    assert {"text-too-long"} <= {f.code for f in result.findings if str(f.location) == "data/units.yaml:5:11"}
    units.write_text(units.read_text(encoding="utf-8").replace("村" * 5_000_000, "村" * 300), encoding="utf-8")
    assert ("data/units.yaml:5:11", "schema-value") in {(str(f.location), f.code) for f in pipeline.check(minimal_project).findings}


def test_links_are_never_followed(minimal_project, tmp_path):
    from generator.render.templating import TemplateFailed, environment, refuse_links, render_template

    secret = tmp_path / "secret.txt"
    secret.write_text("id_rsa", encoding="utf-8")
    (minimal_project / "data" / "linked.yaml").symlink_to(secret)
    found = {(str(f.location), f.code) for f in pipeline.check(minimal_project).findings}
    assert ("data/linked.yaml", "file-unknown") in found
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "leak.txt.j2").symlink_to(secret)
    (pages / "page.md.j2").write_text('{% include "leak.txt.j2" %}', encoding="utf-8")
    (pages / "other.md.j2").write_text('{% include "../secret.txt" %}', encoding="utf-8")
    for name in ("page.md.j2", "other.md.j2"):
        with pytest.raises(TemplateFailed):
            render_template(environment(pages), name)
    with pytest.raises(TemplateFailed, match="leak.txt.j2"):
        refuse_links(pages)


def test_odd_files_are_refused_before_they_cost_memory_or_time(minimal_project):
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"], sheet["B1"], sheet["XFD1"], sheet["A20000"] = "编号", "名称", "备注", "x"
    book.save(minimal_project / "data" / "wide.xlsx")
    long_text = "汉" * 20_001
    aliases = "x: &a \"" + long_text + "\"\ny: [" + ", ".join(["*a"] * 25_000) + "]\n"
    (minimal_project / "data" / "aliases.yaml").write_text(aliases, encoding="utf-8")
    keys = "units: []\n" + "".join(f"k{i}: {i}\n" for i in range(30_000))
    (minimal_project / "data" / "keys.yaml").write_text(keys, encoding="utf-8")
    started = time.perf_counter()
    found = {(str(f.location), f.code) for f in pipeline.check(minimal_project).findings}
    assert time.perf_counter() - started < 30
    assert (f"data/wide.xlsx:Sheet!{get_column_letter(101)}1", "table-header") in found
    assert ("data/aliases.yaml:1:1", "yaml-alias") in found


def test_every_fact_that_reads_personal_data_is_marked_personal():
    """A fact whose value changes when personal fields are emptied reveals them: the
    public projection must withhold the rules that read it."""
    from generator.compute.facts import FACTS, EMPTY_CONTEXT
    from generator.model.base import without_personal
    from generator.model.units import Unit

    unit = Unit.model_validate({
        "id": "t-full", "name": "示例村", "type": "村", "county": "jinshi", "parent": "x", "ratings": {2012: "一般"},
        "secretary": {"name": "某", "birth_year": 1980, "phone": "1", "education": "大专", "in_post_since": 2006,
                      "college_graduate_official": True, "appraisals": {2012: "不称职"}},
        "first_secretary": {"name": "某", "from_org": "县委办"}, "instructor": {"name": "某"},
    })
    public = without_personal(unit)
    revealing = [name for name, fact in FACTS.items() if not fact.aggregate
                 and fact.compute(unit, 2012, EMPTY_CONTEXT) != fact.compute(public, 2012, EMPTY_CONTEXT)]
    assert revealing and all(FACTS[name].personal for name in revealing), revealing
