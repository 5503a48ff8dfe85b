"""Staff and secretaries never meet developer words: no page of the built site (its menu
included), no workbook cell they can see, no Word or PDF document and no calendar entry
holds a command name, a repository path or an internal id (a rule, sentence, target,
module, question, reading or unit id). Where an action needs the administrator, the
text names that person.

What is forbidden is derived from the project and the CLI, not listed by hand: a new
command, folder or rule is covered as soon as it exists.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar

from conftest import REPO
from generator import pipeline
from generator.views.wording import ADMIN_SHORT

# The content files are the editors' business; a data file's own name (sample-units.yaml)
# is how staff recognise their table and may be shown.
CONTENT_FILES = ("mkdocs.yml", "document.yaml", "annotations.yaml", "rules.yaml", "coverage.yaml", "rule-cases.yaml",
                 "course.yaml", "questions.yaml", "glossary.yaml", "vocabularies.yaml", "synonyms.yaml", "pyproject.toml")
SHOWN_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")


def forbidden_words() -> re.Pattern:
    from generator.cli import cli
    from generator.projection import public_projection

    project = public_projection(pipeline.checked_project(REPO)[0])
    commands = "|".join(sorted(cli.commands, key=len, reverse=True))
    folders = "|".join(sorted(p.name for p in REPO.iterdir() if p.is_dir() and not p.name.startswith(".")))
    ids = {r.id for rs in project.rule_sets for r in rs.rules} | {r.id for rs in project.rule_sets for r in rs.readings}
    ids |= {t.id for a in project.annotations for art in a.articles for t in art.targets}
    ids |= {m.id for c in project.courses for m in c.modules} | {q.id for b in project.question_banks for q in b.questions}
    ids |= {u.id for u in project.units}
    parts = [
        rf"\bhandbook\b(?:\s+(?:{commands})\b)?",  # the command, with or without a subcommand
        r"\.venv\b|\bpython\s+-m\b|\bpip install\b",
        rf"(?<![\w.-])(?:{folders})/",  # a path into the repository
        "|".join(re.escape(name) for name in CONTENT_FILES),
        r"\b(?:art|preamble)-\d+(?:\.[psi]\d+)*\b",  # sentence and article ids
        rf"(?<![\w-])(?:{'|'.join(re.escape(i) for i in sorted(ids, key=len, reverse=True))})(?![\w-])",
    ]
    return re.compile("|".join(f"(?:{p})" for p in parts), re.I)


@pytest.fixture(scope="module")
def forbidden() -> re.Pattern:
    return forbidden_words()


def shown_text(page: str) -> str:
    """What a reader sees of a page: its text and the attributes a browser shows (tooltips, prompts)."""
    page = re.sub(r"<(script|style|template)\b[^>]*>.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    shown = [m.group(1) for m in re.finditer(rf'\s(?:{"|".join(SHOWN_ATTRIBUTES)})="([^"]*)"', page)]
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + " ".join(shown))


def menu_text(site: Path) -> str:
    """The menu the pages written without mkdocs load from units/_nav.js."""
    script = (site / "units" / "_nav.js").read_text(encoding="utf-8")
    return shown_text(json.loads(re.search(r"innerHTML = (\".*\");", script).group(1)))


def workbook_text(data: bytes) -> str:
    """Every cell a reader sees: hidden columns (the ids tying rows back) left out."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=False)
    seen = []
    for sheet in book.worksheets:
        hidden = {letter for letter, dim in sheet.column_dimensions.items() if dim.hidden}
        for row in sheet.iter_rows():
            seen += [str(c.value) for c in row if c.value is not None and c.column_letter not in hidden]
    return "\n".join(seen)


def document_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [n for n in archive.namelist() if re.match(r"word/(document|header\d*|footer\d*|footnotes)\.xml$", n)]
        parts += ["docProps/core.xml"] if "docProps/core.xml" in archive.namelist() else []
        return "\n".join(re.sub(r"<[^>]+>", "", archive.read(n).decode("utf-8")) for n in parts)


def everything_shown(site: Path):
    """(name, text) for each thing a user opens from the site."""
    for page in sorted(site.rglob("*.html")):
        yield page.relative_to(site).as_posix(), shown_text(page.read_text(encoding="utf-8"))
    yield "units/_nav.js（菜单）", menu_text(site)
    for book in sorted(site.rglob("*.xlsx")):
        yield book.relative_to(site).as_posix(), workbook_text(book.read_bytes())
    for doc in sorted(site.rglob("*.docx")):
        yield doc.relative_to(site).as_posix(), document_text(doc.read_bytes())
    for bundle in sorted(site.rglob("*.zip")):
        with zipfile.ZipFile(bundle) as archive:
            for name in archive.namelist():
                if name.endswith(".docx"):
                    yield f"{bundle.name}:{name}", document_text(archive.read(name))
    calendar = Calendar.from_ical((site / "downloads" / "calendar.ics").read_bytes())
    yield "downloads/calendar.ics", "\n".join(str(event.get(field, "")) for event in calendar.walk("VEVENT")
                                              for field in ("SUMMARY", "DESCRIPTION", "LOCATION"))
    if shutil.which("pdftotext"):
        for pdf in sorted(site.rglob("*.pdf")):
            text = subprocess.run(["pdftotext", "-q", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
            yield pdf.relative_to(site).as_posix(), text


def test_no_developer_words_reach_users(repo_site, forbidden):
    found = {}
    for name, text in everything_shown(repo_site):
        hits = sorted({m.group(0) for m in forbidden.finditer(text)})
        if hits:
            found[name] = hits[:5]
    assert found == {}, list(found.items())[:10]


def test_the_scan_would_see_each_kind_of_developer_word(forbidden):
    """The pattern is not vacuous: it catches what the site once showed."""
    for text in ("通过手册服务（handbook serve）访问", "放回项目的 data/progress/ 目录", "每句都有固定编号（如 art-9.s2）",
                 "运行 handbook build 更新", "见 content/documents/x/rules.yaml", "事项 village-develop-member",
                 "改 mkdocs.yml", "单位 sample-jinshi-v-lianhe"):
        assert forbidden.search(text), text
    for text in ("第9条第2句", "sample-units.yaml 第12行", "手册管理员", "常委〔2012〕5号", "1:0.9:0.8:0.7", "2012-12-31 前"):
        assert not forbidden.search(text), text


def test_workbooks_cite_sentences_in_words_and_name_who_updates(repo_site):
    cited = set()
    for path in sorted((repo_site / "downloads" / "units").glob("*.xlsx")):
        sheet = openpyxl.load_workbook(path)["清单"]
        header = [c.value for c in sheet[1]]
        cited |= {row[header.index("出处")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    # the checklist merges the notice's duties and the 党章's: each citation names its document in words
    words = r"常委〔2012〕5号(第\d+条|引言)第\d+句|《中国共产党章程》（2017年版）第[一二三四五六七八九十]+条(第[一二三四五六七八九十]+款)?(第（[一二三四五六七八九十]+）项)?(第[一二三四五六七八九十]+句)?"
    assert cited and all(re.fullmatch(words, c) for c in cited), sorted(cited)[:5]
    assert any(c.startswith("《中国共产党章程》") for c in cited) and any(c.startswith("常委") for c in cited)
    assert ADMIN_SHORT in workbook_text((next((repo_site / "downloads" / "units").glob("*.xlsx"))).read_bytes())


def test_pages_send_readers_to_the_administrator_not_to_a_folder(repo_site):
    for page in ("units.html", "counties/jinshi.html"):
        text = shown_text((repo_site / page).read_text(encoding="utf-8"))
        assert ADMIN_SHORT in text and "progress" not in text, page
