"""The `handbook` command. Maps user errors to exit codes; never shows a traceback
for a problem the user can fix (exit 1 for bad input, 2 for wrong usage)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from generator import cli_zh, pipeline
from generator.errors import HandbookError, InvalidInput, Severity, UsageError, format_json, format_text

ROOT_OPTION = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="目录",
    default=Path("."),
    show_default=True,
    help="项目根目录（含 content/ 和 data/）",
)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[选项]",
    subcommand_metavar="子命令 [参数]...",
)
def cli() -> None:
    """党建工作手册生成器：把政策文件和单位数据变成手册、清单、表格和检索。"""


@cli.command("check", options_metavar="[选项]")
@ROOT_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="输出格式")
def check_command(root: Path, fmt: str) -> None:
    """检查 content/ 和 data/ 中的全部文件，列出所有问题。"""
    started = time.perf_counter()
    result = pipeline.check(root)
    if fmt == "json":
        click.echo(format_json(result.findings))
    else:
        if result.findings:
            click.echo(format_text(result.findings))
        click.echo(_summary(result, time.perf_counter() - started), err=True)
    sys.exit(0 if result.ok else 1)


def _summary(result: pipeline.CheckResult, seconds: float) -> str:
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    warnings = len(result.findings) - errors
    p = result.project
    scope = f"{len(p.documents)} 个政策文件、{len(p.terms)} 个术语、{len(p.units)} 个单位"
    verdict = "检查通过" if result.ok else "检查未通过"
    return f"{verdict}：{errors} 个错误，{warnings} 个警告（{scope}，用时 {seconds:.2f} 秒）"


@cli.command("build", options_metavar="[选项]")
@ROOT_OPTION
@click.option("--out", "out_dir", metavar="目录", type=click.Path(file_okay=False, path_type=Path), help="输出目录，缺省为 site/")
@click.option("--doc", "doc_id", metavar="文件编号", help="政策文件编号，缺省为第一个")
@click.option("--internal", is_flag=True, help="内部版本：含书记姓名等个人信息，缺省输出到 site-internal/")
def build_command(root: Path, out_dir: Path | None, doc_id: str | None, internal: bool) -> None:
    """生成手册网站和单位清单（先检查全部输入；失败时保留上一次的输出）。"""
    from generator.render.units import stderr_progress

    report = pipeline.build(root, out_dir, doc_id, internal, stderr_progress())
    click.echo(report.summary(), err=True)


@cli.command("serve", options_metavar="[选项]")
@ROOT_OPTION
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="端口")
@click.option("--site", "site_dir", metavar="目录", type=click.Path(file_okay=False, path_type=Path), help="网站目录，缺省为 site/")
@click.option("--index", "index_dir", metavar="目录", type=click.Path(file_okay=False, path_type=Path), help="检索索引目录，缺省为 index/")
def serve_command(root: Path, port: int, site_dir: Path | None, index_dir: Path | None) -> None:
    """在本机 127.0.0.1 上提供手册网站和检索接口 /api/search（只读）。"""
    from generator.serve import serve

    serve((site_dir or root / "site").resolve(), port, (index_dir or root / "index").resolve())


@cli.command("search", options_metavar="[选项]")
@click.argument("query", metavar="查询", required=False)
@ROOT_OPTION
@click.option("--type", "unit_type", metavar="组织类型", help="只看涉及该类组织的结果，如 村、社区、非公企业")
@click.option("--kind", type=click.Choice(["article", "term", "template", "training", "unit"]), help="只看某一类结果")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 50), help="最多返回几条")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.option("--batch", metavar="文件", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="逐行读取查询，每行输出一个 JSON 列表")
@click.option("--index", "index_dir", metavar="目录", type=click.Path(file_okay=False, path_type=Path), help="检索索引目录，缺省为 index/")
def search_command(query, root, unit_type, kind, limit, as_json, batch, index_dir) -> None:
    """全文检索通知条文、术语和单位（中文分词，支持常用说法）。"""
    from generator.search.engine import MAX_QUERY_CHARS

    searcher = _searcher(root, index_dir)
    options = {"kind": kind, "unit_type": unit_type, "limit": limit}
    if batch:
        for line in batch.read_text(encoding="utf-8-sig").splitlines():
            click.echo(json.dumps([h.to_json() for h in searcher.search(line, **options)], ensure_ascii=False))
        return
    if not query or not query.strip():
        raise UsageError("请输入要查找的内容，例如：handbook search 村支书工资怎么定")
    if len(query) > MAX_QUERY_CHARS:
        click.echo(f"提示：查询过长，只使用前 {MAX_QUERY_CHARS} 个字。", err=True)
    hits = searcher.search(query, **options)
    if as_json:
        _echo_json([h.to_json() for h in hits])
    elif not hits:
        click.echo("没有找到相关内容。可以换个说法，或少用几个词再试。")
    for n, hit in enumerate([] if as_json else hits, start=1):
        click.echo(f"{n}. {hit.title}  〔{hit.citation}〕\n   {hit.snippet}\n   {hit.url}")


def _searcher(root: Path, index_dir: Path | None):
    """Open the index, building it first if this project has none yet."""
    from generator.search.engine import SearchUnavailable, Searcher

    folder = index_dir or root / "index"
    try:
        return Searcher(folder)
    except SearchUnavailable:
        project, _ = pipeline.checked_project(root)
        click.echo(pipeline.update_search_index(project, folder).summary(), err=True)
        return Searcher(folder)


@cli.group("templates", options_metavar="[选项]", subcommand_metavar="子命令 [参数]...")
def templates_group() -> None:
    """Word 表格模板：列出、检查、恢复。"""


@templates_group.command("list", options_metavar="[选项]")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def templates_list(as_json: bool) -> None:
    """列出全部表格模板。"""
    from generator.forms.catalog import FORMS

    rows = [{"name": f.name, "title": f.title, "article": f.article} for f in FORMS]
    if as_json:
        _echo_json(rows)
        return
    for row in rows:
        click.echo(f"{row['name']}\t{row['title']}\t第{row['article']}条")


@templates_group.command("check", options_metavar="[选项]")
@click.option("--dir", "folder", metavar="目录", type=click.Path(file_okay=False, exists=True, path_type=Path), help="模板目录，缺省为 site_templates/docx/")
def templates_check(folder: Path | None) -> None:
    """检查 Word 表格模板：语法错误、未定义的变量、被拆分的标签。"""
    from generator.errors import has_errors
    from generator.forms.catalog import FOLDER
    from generator.forms.check import check_templates

    findings = check_templates(folder or FOLDER)
    if findings:
        click.echo(format_text(findings))
    click.echo("模板检查通过。" if not has_errors(findings) else "模板检查未通过。", err=True)
    sys.exit(1 if has_errors(findings) else 0)


@templates_group.command("reset", options_metavar="[选项]")
@click.argument("name", metavar="模板名")
def templates_reset(name: str) -> None:
    """把某个表格模板恢复为初始版本（会覆盖对它的修改）。"""
    from generator.forms.catalog import form, write_template

    found = form(name)
    if found is None:
        raise UsageError(f"没有表格模板「{name}」：可用 handbook templates list 查看")
    click.echo(f"已恢复 {write_template(found)}", err=True)


def _unit_forms(root: Path, unit_id: str, internal: bool):
    from generator.forms.catalog import FORMS
    from generator.render.forms import fill_unit_forms, prepared_forms
    from generator.views.checklists import rule_set, sentence_texts
    from generator.views.forms import FormWarnings
    from generator.compute.checklists import checklist, progress_index

    project, _ = pipeline.checked_project(root)
    unit = project.units_by_id.get(unit_id)
    if unit is None:
        raise UsageError(f"找不到单位「{unit_id}」：可用 handbook units 查看全部单位编号")
    rules = rule_set(project)
    doc = project.document(rules.document)
    result = checklist(unit, rules, progress_index(project.progress), internal)
    warnings = FormWarnings()
    filled = fill_unit_forms(prepared_forms(), result, project.units_by_id, doc, sentence_texts(project, doc.id), internal, warnings)
    for message in warnings.messages:
        click.echo(f"警告：{message}", err=True)
    return unit, FORMS, filled


@cli.command("docx", options_metavar="[选项]")
@click.argument("name", metavar="模板名")
@ROOT_OPTION
@click.option("--unit", "unit_id", metavar="单位编号", help="按该单位的数据填写")
@click.option("--blank", is_flag=True, help="空白表格")
@click.option("-o", "--output", metavar="文件", required=True, type=click.Path(dir_okay=False, path_type=Path), help="输出的 .docx 文件")
@click.option("--internal", is_flag=True, help="内部使用：填入书记姓名等个人信息")
def docx_command(name: str, root: Path, unit_id: str | None, blank: bool, output: Path, internal: bool) -> None:
    """生成一份 Word 表格（按单位数据填好，或空白）。"""
    from generator.forms.catalog import form
    from generator.render.docx import prepare
    from generator.views.checklists import rule_set, sentence_texts
    from generator.views.forms import blank_context

    chosen = form(name)
    if chosen is None:
        raise UsageError(f"没有表格模板「{name}」：可用 handbook templates list 查看")
    if bool(unit_id) == blank:
        raise UsageError("请指定 --unit 单位编号，或 --blank 生成空白表格")
    if blank:
        project, _ = pipeline.checked_project(root)
        doc = project.document(rule_set(project).document)
        data = prepare(chosen.path).fill(blank_context(doc, sentence_texts(project, doc.id), chosen.sentence))
    else:
        _, _, filled = _unit_forms(root, unit_id, internal)
        data = filled[name]
    output.write_bytes(data)
    click.echo(f"已写入 {output}", err=True)


@cli.command("pdf", options_metavar="[选项]")
@ROOT_OPTION
@click.option("--unit", "unit_id", metavar="单位编号", required=True, help="单位编号")
@click.option("-o", "--output", metavar="文件", required=True, type=click.Path(dir_okay=False, path_type=Path), help="输出的 .pdf 文件")
@click.option("--internal", is_flag=True, help="内部使用：填入书记姓名等个人信息")
def pdf_command(root: Path, unit_id: str, output: Path, internal: bool) -> None:
    """把某个单位的全部表格合成一个 PDF（LibreOffice 转换，带书签，嵌入字体）。"""
    import tempfile

    from generator.render.pdf import docx_to_pdf, merge_pdfs

    unit, forms, filled = _unit_forms(root, unit_id, internal)
    with tempfile.TemporaryDirectory(prefix="handbook-pdf-") as tmp:
        sources = []
        for f in forms:
            path = Path(tmp) / f"{f.name}.docx"
            path.write_bytes(filled[f.name])
            sources.append(path)
        pdfs = docx_to_pdf(sources, Path(tmp) / "pdf")
        merge_pdfs([(f.title, p) for f, p in zip(forms, pdfs)], output, f"{unit.name}表格", "常委〔2012〕5号工作表格")
    click.echo(f"已写入 {output}", err=True)


@cli.command("quiz", options_metavar="[选项]")
@ROOT_OPTION
@click.option("--role", type=click.Choice(["村", "社区", "非公企业", "机关", "组织部门"]), help="只看某类对象的题目")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def quiz_command(root: Path, role: str | None, as_json: bool) -> None:
    """培训题库：由标注生成的题目和情景题，每题附答案、解析和出处句子。"""
    from generator.training.questions import question_bank, question_json

    project, _ = pipeline.checked_project(root)
    items = [question_json(q) for q in question_bank(project, project.documents[0].id, role)]
    if as_json:
        _echo_json([{k: v for k, v in item.items() if k != "roles"} for item in items])
        return
    for n, item in enumerate(items, start=1):
        choices = "　".join(f"{'ABCD'[i]}. {c}" for i, c in enumerate(item["choices"] or []))
        click.echo(f"{n}. {item['question']}\n   {choices}\n   答案：{item['answer']}（{item['sentence']}）".replace("\n   \n", "\n"))


@cli.command("booklet", options_metavar="[选项]")
@ROOT_OPTION
@click.option("--role", required=True, type=click.Choice(["村", "社区", "非公企业", "机关", "组织部门"]), help="培训对象")
@click.option("-o", "--output", metavar="文件", required=True, type=click.Path(dir_okay=False, path_type=Path), help="输出的 .pdf 文件")
def booklet_command(root: Path, role: str, output: Path) -> None:
    """某类对象的培训手册 PDF：课程、通知全文、术语、典型事项清单（带书签、嵌入字体）。"""
    from generator.render.training_docs import booklet_pdf

    project, _ = pipeline.checked_project(root)
    doc_id = project.documents[0].id
    course = next((c for c in project.courses if c.document == doc_id), None)
    module = next((m for m in course.modules if m.role == role), None) if course else None
    if module is None:
        raise UsageError(f"content/training/course.yaml 中没有「{role}」的课程模块")
    booklet_pdf(project, doc_id, module, output)
    click.echo(f"已写入 {output}", err=True)


@cli.command("units", options_metavar="[选项]")
@ROOT_OPTION
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def units_command(root: Path, as_json: bool) -> None:
    """列出全部单位（编号、名称、类型、区县、定级）。"""
    from generator.views.checklists import rule_set, unit_json

    project, _ = pipeline.checked_project(root)
    year = rule_set(project).reference_year
    rows = [unit_json(u, year) for u in project.units]
    if as_json:
        _echo_json(rows)
        return
    for r in rows:
        click.echo(f"{r['id']}\t{r['name']}\t{r['type']}\t{r['county'] or ''}\t{r['rating'] or ''}")


@cli.command("checklist", options_metavar="[选项]")
@click.argument("unit_id", metavar="单位编号", required=False)
@ROOT_OPTION
@click.option("--all", "everything", is_flag=True, help="全部单位")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.option("--internal", is_flag=True, help="内部使用：包含依据个人信息判断的事项")
def checklist_command(unit_id: str | None, root: Path, everything: bool, as_json: bool, internal: bool) -> None:
    """某个单位（或 --all 全部单位）应落实的事项清单。"""
    from generator.views.checklists import all_checklists, checklist_json, rule_set, sentence_texts
    from generator.compute.checklists import checklist, progress_index

    if bool(unit_id) == everything:
        raise UsageError("请给出一个单位编号，或使用 --all")
    project, _ = pipeline.checked_project(root)
    rules = rule_set(project)
    texts = sentence_texts(project, rules.document)
    if everything:
        results = all_checklists(project, rules, internal)
    else:
        unit = project.units_by_id.get(unit_id)
        if unit is None:
            raise UsageError(f"找不到单位「{unit_id}」：可用 handbook units 查看全部单位编号")
        results = [checklist(unit, rules, progress_index(project.progress), internal)]
    payload = [checklist_json(r, texts) for r in results]
    if as_json:
        _echo_json(payload if everything else payload[0])
        return
    for result in payload:
        _print_checklist(result)


def _print_checklist(result: dict) -> None:
    unit = result["unit"]
    click.echo(f"{unit['name']}（{unit['type']}，{unit['id']}）{result['year']}年应落实事项 {len(result['items'])} 项")
    for item in result["items"]:
        when = item["due"] or item["recurrence"] or item["event"] or ""
        flag = "（待核实）" if item["applies"] is None else ""
        click.echo(f"  [{item['status']}] 第{item['article']}条 {item['title']}{flag} {when}".rstrip())


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@cli.command("demo-data", options_metavar="[选项]")
@click.option("--units", "count", default=20000, show_default=True, type=int, help="单位数")
@click.option("--seed", default=1, show_default=True, type=int, help="随机种子（相同种子生成相同数据）")
@click.option("--out", "out_dir", required=True, metavar="目录", type=click.Path(file_okay=False, path_type=Path), help="输出目录（须为空或不存在）")
def demo_data_command(count: int, seed: int, out_dir: Path) -> None:
    """生成常德规模的合成示例数据（名称均带“示例”），用于性能测试。"""
    from generator.demo_data import write_demo_data

    written = write_demo_data(count, seed, out_dir)
    click.echo(f"已写入 {len(written)} 个文件、{count} 个示例单位到 {out_dir}", err=True)


@cli.command("source", options_metavar="[选项]")
@click.argument("doc_id", metavar="文件编号")
@ROOT_OPTION
def source_command(doc_id: str, root: Path) -> None:
    """按原文格式输出政策文件全文（由 content/ 重新拼出，应与原件逐字一致）。"""
    from generator.source import document_text

    project, _ = pipeline.checked_project(root)
    doc = project.document(doc_id)
    if doc is None:
        known = "、".join(d.id for d in project.documents) or "（无）"
        raise UsageError(f"找不到政策文件「{doc_id}」。已有：{known}")
    sys.stdout.buffer.write((document_text(doc) + "\n").encode("utf-8"))


@cli.command("import", options_metavar="[选项]")
@click.argument("text_file", metavar="文本文件", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--id", "doc_id", metavar="编号", required=True, help="新文件的编号，如 changde-2012-5")
@click.option("-o", "--output", metavar="文件", type=click.Path(dir_okay=False, path_type=Path), help="写入的 document.yaml；缺省输出到屏幕")
def import_command(text_file: Path, doc_id: str, output: Path | None) -> None:
    """把一份通知的纯文本转换为 document.yaml 草稿（逐字照录，按句编号）。"""
    from generator.importer import dump_yaml, import_notice

    from generator.loading.text import decode_utf8

    text, problems = decode_utf8(str(text_file), text_file.read_bytes())
    if text is None:
        raise UsageError(problems[0].format())
    result = dump_yaml(import_notice(text, doc_id))
    if output is None:
        click.echo(result, nl=False)
        return
    if output.exists():
        raise UsageError(f"{output} 已存在：为避免覆盖人工修改，请换一个文件名或先删除它")
    output.write_text(result, encoding="utf-8")
    click.echo(f"已写入 {output}", err=True)


@cli.command("schema", options_metavar="[选项]")
def schema_command() -> None:
    """输出数据模型说明（Markdown），即 docs/data-model.md 的内容。"""
    from generator.schema_doc import schema_markdown

    click.echo(schema_markdown(), nl=False)


@cli.command("codes", options_metavar="[选项]")
@ROOT_OPTION
def codes_command(root: Path) -> None:
    """输出问题代码一览（Markdown），即 docs/error-codes.md 的内容。"""
    from generator.schema_doc import case_examples, codes_markdown

    click.echo(codes_markdown(case_examples(root / "tests" / "cases")), nl=False)


def _os_reason(exc: OSError) -> str:
    import errno

    reasons = {errno.ENOENT: "文件或目录不存在", errno.EACCES: "没有权限", errno.EPERM: "不允许的操作",
               errno.ENOSPC: "磁盘空间不足", errno.EROFS: "只读的文件系统", errno.ENOTDIR: "路径中有一段不是目录"}
    return reasons.get(exc.errno, exc.strerror or str(exc))


def main() -> None:
    cli_zh.install()
    try:
        cli.main(standalone_mode=False, prog_name="handbook")
    except InvalidInput as exc:
        click.echo(format_text(exc.findings), err=True)
        click.echo(str(exc) + " 请先运行 handbook check 查看并改正。", err=True)
        sys.exit(exc.exit_code)
    except HandbookError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(exc.exit_code)
    except OSError as exc:  # a folder that cannot be created, a full disk...
        click.echo(f"错误：文件操作失败：{_os_reason(exc)}（{exc.filename or ''}）", err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        click.echo("已取消。", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)


if __name__ == "__main__":
    main()
