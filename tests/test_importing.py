"""`handbook import` on the two real texts and on variants made from them: every
structure recognized, the text given back exactly, and whatever is odd reported
with its place in the source."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import MINIMAL, REPO, TESTS
from generator import pipeline
from generator.importing import ImportFailed, import_file, import_text
from generator.importing.report import format_report, report_json
from generator.model.document import Document
from generator.source import document_text

NOTICE = (TESTS / "data" / "seed-changde-2012-5.txt").read_text(encoding="utf-8")
DANGZHANG = (TESTS / "data" / "library-zhongguo-gongchandang-zhangcheng-2017.txt").read_text(encoding="utf-8")
DANGZHANG_YAML = REPO / "content" / "documents" / "dangzhang-2017" / "document.yaml"
HAND_ADDED = ("order", "status", "short_title")  # metadata added after the import; the text is the importer's


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def warnings_of(result) -> list[tuple[str | None, str]]:
    return [(w.where, w.code) for w in result.report.warnings]


def checked(tmp_path, result) -> list[str]:
    """`handbook check` findings for the imported document, placed in a copy of the minimal project."""
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    folder = root / "content" / "documents" / result.document["id"]
    folder.mkdir(parents=True)
    (folder / "document.yaml").write_text(result.yaml, encoding="utf-8")
    return [f.format() for f in pipeline.check(root).findings if result.document["id"] in f.location.path]


# --- the two real texts -------------------------------------------------------------------


def test_notice_imports_as_committed():
    result = import_text(NOTICE, "changde-2012-5")
    committed = yaml.safe_load((REPO / "content/documents/changde-2012-5/document.yaml").read_text(encoding="utf-8"))
    for key in set(committed) | set(result.document):
        if key not in ("addressees", "order"):  # the addressees were split further by hand
            assert result.document.get(key) == committed.get(key), key
    counts = result.report.counts
    assert (counts["文头行"], counts["节"], counts["条"], counts["句"], counts["文末行"]) == (7, 7, 28, 94, 1)
    assert result.report.warnings == [] and result.report.dropped == []
    assert document_text(Document.model_validate(result.document)) == NOTICE


def test_dangzhang_report_lists_general_program_chapters_articles_and_items():
    result = import_file(TESTS / "data" / "library-zhongguo-gongchandang-zhangcheng-2017.txt", "dangzhang-2017")
    report = result.report
    assert report.warnings == [] and report.unplaced == [] and report.dropped == []
    items = sum(1 for line in lines_of(DANGZHANG) if re.match(r"^（[一二三四五六七八九十]+）", line))
    ordinal = sum(1 for line in lines_of(DANGZHANG) if re.match(r"^第[一二三四五]，", line))
    assert (items, ordinal) == (46, 5)
    counts = report.counts
    assert (counts["总纲段"], counts["章"], counts["条"], counts["项"]) == (25, 11, 55, items + ordinal)
    ids = [e.id for e in report.elements]
    assert [i for i in ids if i.startswith("chap-")] == [f"chap-{n}" for n in range(1, 12)]
    assert [i for i in ids if re.fullmatch(r"art-\d+", i)] == [f"art-{n}" for n in range(1, 56)]
    element = {e.id: e for e in report.elements}
    assert element["preamble"].kind == "总纲" and element["preamble"].where == "第 3 行"
    assert (element["chap-5"].label, element["chap-5"].where) == ("第五章　党的基层组织", "第 137 行")
    six = element["art-32.p1.i6"]
    assert (six.kind, six.label, six.where) == ("项", "（六）", "第 147 行")
    assert six.words.startswith("对要求入党的积极分子进行教育和培养")
    assert element["preamble.p24.i5"].label == "第五，"
    text = format_report(report)
    assert "未能归位的行：无" in text and "art-32.p1.i6" in text and "第五章　党的基层组织" in text
    assert "中国共产党第十九次全国代表大会（由题注" in text and "2017-10-24（题注，第 2 行）" in text


def test_dangzhang_in_content_is_the_importers_output():
    result = import_text(DANGZHANG, "dangzhang-2017")
    committed = yaml.safe_load(DANGZHANG_YAML.read_text(encoding="utf-8"))
    assert {k: v for k, v in committed.items() if k not in HAND_ADDED} == result.document
    assert committed["status"]["state"] == "已修订" and "2022" in committed["status"]["replaced_by"]


# --- synthetic variants of the same texts ---------------------------------------------------


def test_gbk_with_crlf_reads_as_the_utf8_text(tmp_path):
    source = tmp_path / "notice-gbk.txt"
    source.write_bytes(NOTICE.replace("\n", "\r\n").encode("gbk") + b"\r\n")
    result = import_file(source, "changde-2012-5")
    assert result.document == import_text(NOTICE, "changde-2012-5").document
    assert "GBK" in result.report.description and "CRLF" in result.report.description
    assert any("已转为 UTF-8" in n for n in result.report.notes) and any("统一为 LF" in n for n in result.report.notes)


def test_utf8_with_bom_and_a_damaged_utf8_file(tmp_path):
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + DANGZHANG.encode("utf-8"))
    assert import_file(bom, "dangzhang-2017").document == import_text(DANGZHANG, "dangzhang-2017").document
    damaged = tmp_path / "damaged.txt"
    raw = DANGZHANG.encode("utf-8")
    cut = raw.index("总纲".encode("utf-8")) + 1  # inside the first character of line 3
    damaged.write_bytes(raw[:cut] + raw[cut + 1:])
    with pytest.raises(ImportFailed, match=r"damaged.txt:3:1: 文件既不是有效的 UTF-8 也不是 GBK"):
        import_file(damaged, "x")


def test_stray_blank_lines_and_indentation_are_dropped_and_reported():
    lines = lines_of(NOTICE)
    noisy = []
    for k, line in enumerate(lines):
        noisy.append(("\u3000\u3000" + line) if k in (9, 11) else line)
        if k in (1, 8, 20):
            noisy += ["", "  \u3000"]
    result = import_text("\n".join(noisy) + "\n\n", "changde-2012-5")
    assert result.document == import_text(NOTICE, "changde-2012-5").document
    dropped = [(d.where, d.reason) for d in result.report.dropped]
    assert dropped == [("第 3 行", "空行"), ("第 4 行", "空行"), ("第 12 行", "空行"), ("第 13 行", "空行"),
                       ("第 26 行", "空行"), ("第 27 行", "空行"), ("第 53 行", "空行")]
    assert any("去掉了 2 行行首或行尾的空格" in n and "第 14 行" in n for n in result.report.notes)


@pytest.mark.parametrize("written", [
    "常委[2012]5号", "常委(2012)5号", "常委（2012）5号", "常委［2012］5号", "常委【2012】5号",
    "常委2012 5号", "常委20125号", "常委〔２０１２〕５号", "常委〔2012〕第5号", "常委 〔2012〕 5 号",
])
def test_odd_document_numbers_are_normalized(tmp_path, written):
    result = import_text(NOTICE.replace("常委〔2012〕5号", written, 1), "changde-2012-5")
    assert result.document["number"] == "常委〔2012〕5号"
    assert result.document["cover"]["number"] == written  # the line itself stays as printed
    assert checked(tmp_path, result) == []


def test_a_missing_date_is_reported_and_left_out(tmp_path):
    lines = lines_of(NOTICE)
    del lines[5]  # 2012年6月20日
    result = import_text("\n".join(lines), "changde-2012-5")
    doc = result.document
    assert "date" not in doc and "cover" not in doc
    assert [f["role"] for f in doc["front"]] == ["标题", "发文字号", "主送机关", "正文", "落款", "印发范围"]
    assert (doc["issuer"], doc["number"], doc["kind"]) == ("中共常德市委", "常委〔2012〕5号", "通知")
    assert doc["opinion_title"] == ["推进基层组织建设年", "进一步加强基层党建工作的意见"]
    assert warnings_of(result) == [("第 5 行", "metadata")]
    assert "找不到成文日期" in result.report.warnings[0].message
    assert checked(tmp_path, result) == []


def test_red_head_document_with_closing_signature_and_date(tmp_path):
    lines = lines_of(NOTICE)
    text = "\n".join(["中共常德市委文件", "常委〔2012〕5号", *lines[7:9], "各区县(市)委:", *lines[9:-1], "中共常德市委", "2012年6月20日",
                      "中共常德市委办公室 2012年6月21日印发"])
    result = import_text(text, "red-head")
    doc = result.document
    assert [f["role"] for f in doc["front"]] == ["版头", "发文字号"]
    assert (doc["kind"], doc["issuer"], doc["date"], doc["number"]) == ("意见", "中共常德市委", "2012-06-20", "常委〔2012〕5号")
    assert doc["preface"]["kind"] == "引言" and len(doc["preface"]["paragraphs"]) == 2
    assert doc["closing"] == ["中共常德市委", "2012年6月20日", "中共常德市委办公室 2012年6月21日印发"]
    assert len([a for s in doc["sections"] for a in s["articles"]]) == 28
    assert result.report.warnings == []
    assert checked(tmp_path, result) == []


def test_attachment_with_items_after_the_closing(tmp_path):
    text = NOTICE + "\n" + "\n".join([
        "附件：1.基层组织建设年工作安排表", "中共常德市委", "2012年6月20日",
        "附件1", "基层组织建设年工作安排表", "（一）动员部署阶段。6月底前完成。", "（二）组织实施阶段。7月至11月。",
        "请各地于12月10日前报送总结。",
    ])
    result = import_text(text, "with-attachment")
    doc = result.document
    assert doc["closing"] == ["供稿:市委办秘书科", "附件：1.基层组织建设年工作安排表", "中共常德市委", "2012年6月20日"]
    [attachment] = doc["attachments"]
    assert (attachment["label"], attachment["title"]) == ("附件1", ["基层组织建设年工作安排表"])
    first, second = attachment["paragraphs"]
    assert [i["id"] for i in first["items"]] == ["att-1.p1.i1", "att-1.p1.i2"] and "sentences" not in first
    assert [s["text"] for s in first["items"][0]["sentences"]] == ["动员部署阶段。", "6月底前完成。"]
    assert second["sentences"][0]["id"] == "att-1.p2.s1"
    element = {e.id: e for e in result.report.elements}
    assert element["att-1"].where == "第 50 行" and element["att-1.p1.i2"].where == "第 53 行"
    assert result.report.counts["附件"] == 1
    from generator.model.provisions import citation

    assert citation(Document.model_validate(doc), "att-1.p1.i1.s2") == "常委〔2012〕5号附件第1段第（一）项第2句"
    assert checked(tmp_path, result) == []


def _statute_like() -> str:
    """The 党章's first two chapters as a 条例 would set them: 序言, sections in chapter one."""
    lines = lines_of(DANGZHANG)
    chapter_one, chapter_two = lines[33:72], lines[72:97]
    sectioned = [chapter_one[0], "第一节　党员的条件", *chapter_one[1:5], "第二节　党员的义务和权利", *chapter_one[5:]]
    return "\n".join([*lines[0:2], "序　言", *lines[3:6], *sectioned, *chapter_two])


def test_chapters_with_sections_preface_paragraphs_and_items(tmp_path):
    result = import_text(_statute_like(), "statute")
    doc = Document.model_validate(result.document)
    assert (doc.preface.kind, doc.preface.heading, len(doc.preface.paragraphs)) == ("序言", "序　言", 3)
    one, two = doc.chapters
    assert [s.heading for s in one.sections] == ["第一节　党员的条件", "第二节　党员的义务和权利"]
    assert [a.number for a in one.sections[0].articles] == [1, 2] and one.articles == []
    assert [a.number for a in two.articles] == list(range(10, 19)) and two.sections == []
    assert [len(p.items) for p in doc.article(3).paragraphs] == [8]
    assert [len(p.items) for p in doc.article(4).paragraphs] == [8, 0]
    from generator.model.provisions import citation

    assert citation(doc, "chap-1.sec-2") == "《中国共产党章程》第一章第二节"
    assert citation(doc, "art-4.p1.i3") == "《中国共产党章程》第四条第一款第（三）项"
    assert citation(doc, "preamble.p2.s1") == "《中国共产党章程》序言第二段第一句"
    assert document_text(doc) == _statute_like()
    assert result.report.warnings == []
    assert checked(tmp_path, result) == []


# --- located warnings -----------------------------------------------------------------------


def test_numbering_gaps_references_and_sub_numbers_are_reported_where_they_stand():
    lines = lines_of(DANGZHANG)
    lines[57] = lines[57].replace("第五条　", "第六条　")  # line 58: the number skips 第五条
    lines.insert(59, "第三条规定的义务，党员都要履行。")  # line 60: a reference, not an article
    lines.insert(61, "1.要填写入党志愿书。")  # line 62: a number that is neither article nor item
    lines[42] = lines[42].replace("（四）", "（九）")  # line 43: an item out of order
    result = import_text("\n".join(lines), "dangzhang-2017")
    assert warnings_of(result) == [("第 43 行", "numbering"), ("第 58 行", "numbering"), ("第 60 行", "unplaced"), ("第 62 行", "unplaced")]
    messages = [w.message for w in result.report.warnings]
    assert "项号应为第 4 项，实际为「（九）」" in messages[0] and "条号应为「第五条」，实际为「第六条」" in messages[1]
    doc = Document.model_validate(result.document)
    assert doc.article(5).label == "第六条　" and len(doc.article(5).paragraphs) == 8  # kept in 第六条, as printed
    text = format_report(result.report)
    assert "未能归位的行：2" in text and "第 60 行：以「第三条」开头，但不是接续的条号" in text


def test_unknown_front_lines_are_kept_and_reported():
    lines = lines_of(NOTICE)
    text = "\n".join(["中共常德市委文件", "常委〔2012〕5号", "★ 内部资料 ★", *lines[7:-1]])
    result = import_text(text, "x")
    assert [f["role"] for f in result.document["front"]] == ["版头", "发文字号"]
    assert result.document["opinion_title"] == ["★ 内部资料 ★", *lines[7:9]]  # a short line above the title is read as title
    lines = lines_of(NOTICE)
    text = "\n".join([*lines[:3], "附:工作安排", *lines[3:]])
    result = import_text(text, "x")
    roles = [(f["role"], f["text"]) for f in result.document["front"]]
    assert ("其他", "附:工作安排") in roles
    assert warnings_of(result) == [("第 4 行", "unplaced")]


def test_texts_without_title_or_body_fail_with_a_place():
    with pytest.raises(ImportFailed, match="第 1 行：找不到标题"):
        import_text("第一条　党员必须履行义务。\n第二条　党员享有权利。", "x")
    with pytest.raises(ImportFailed, match="只找到标题「中国共产党章程」，没有正文"):
        import_text("中国共产党章程\n", "x")
    with pytest.raises(ImportFailed, match="没有文字"):
        import_text("\n\n", "x")
    with pytest.raises(ImportFailed, match="第 2 行：条号「第一条」单独成一行"):
        import_text("中国共产党章程\n第一条\n年满十八岁的中国工人。", "x")


# --- the command --------------------------------------------------------------------------


def handbook(*args):
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], capture_output=True, text=True, timeout=120)


def test_cli_writes_draft_and_reports(tmp_path):
    source = tmp_path / "dz.txt"
    source.write_text(DANGZHANG, encoding="utf-8")
    out, report = tmp_path / "document.yaml", tmp_path / "report.txt"
    proc = handbook("import", source, "--id", "dangzhang-2017", "-o", out, "--report", report)
    assert proc.returncode == 0, proc.stderr
    assert "识别结果：标题行 1、题注 1、总纲段 25、章 11、条 55" in proc.stderr and "未能归位的行：无" in proc.stderr
    assert f"完整报告已写入 {report}" in proc.stderr and f"已写入 {out}" in proc.stderr
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == import_text(DANGZHANG, "dangzhang-2017").document
    assert "art-55.p1" in report.read_text(encoding="utf-8")
    as_json = tmp_path / "report.json"
    assert handbook("import", source, "--id", "dangzhang-2017", "--report", as_json).returncode == 0
    data = json.loads(as_json.read_text(encoding="utf-8"))
    assert data["counts"]["条"] == 55 and data["unplaced"] == [] and data["lines"][2] == ["总纲", "第 3 行"]


def test_cli_refuses_bad_ids_and_unsupported_files(tmp_path):
    source = tmp_path / "dz.txt"
    source.write_text(DANGZHANG, encoding="utf-8")
    proc = handbook("import", source, "--id", "党章")
    assert proc.returncode == 2 and "编号「党章」无效" in proc.stderr
    old_word = tmp_path / "dz.doc"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0")
    proc = handbook("import", old_word, "--id", "dz")
    assert proc.returncode == 1 and "另存为 .docx" in proc.stderr and "Traceback" not in proc.stderr
    fake = tmp_path / "dz.docx"
    fake.write_text("not a zip", encoding="utf-8")
    proc = handbook("import", fake, "--id", "dz")
    assert proc.returncode == 1 and "不是有效的 Word 文档" in proc.stderr and "Traceback" not in proc.stderr
    fake_pdf = tmp_path / "dz.pdf"
    fake_pdf.write_text("not a pdf", encoding="utf-8")
    proc = handbook("import", fake_pdf, "--id", "dz")
    assert proc.returncode == 1 and "不是有效的 PDF" in proc.stderr and "Traceback" not in proc.stderr


def test_report_json_round_trips():
    result = import_text(NOTICE, "changde-2012-5")
    data = json.loads(report_json(result.report))
    assert data["counts"]["条"] == 28 and data["elements"][0]["id"] == "preamble"


def test_site_stays_on_the_notice_and_explains_other_documents(tmp_path):
    proc = handbook("build", "--root", REPO, "--doc", "dangzhang-2017", "--out", tmp_path / "site")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "「dangzhang-2017」（中国共产党章程）还不能单独生成网站" in proc.stderr and "handbook source" in proc.stderr
    assert not (tmp_path / "site").exists()


def test_a_short_caption_gives_the_date_but_no_issuer():
    text = DANGZHANG.replace("（中国共产党第十九次全国代表大会部分修改，2017年10月24日通过）", "（2017年10月24日通过）", 1)
    result = import_text(text, "dangzhang-2017")
    doc = result.document
    assert doc["caption"] == ["（2017年10月24日通过）"] and doc["date"] == "2017-10-24" and "issuer" not in doc
    assert "发文机关：原文没有写明（可在 document.yaml 中补写 issuer）" in result.report.metadata
    assert result.report.warnings == []
