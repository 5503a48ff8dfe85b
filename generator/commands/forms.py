"""`handbook templates`, `docx`, `pdf`: the Word forms."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator import pipeline
from generator.commands.common import ROOT_OPTION, audience, cli, echo_rows, output_file
from generator.errors import UsageError, format_text


@cli.group("templates", options_metavar="[选项]", subcommand_metavar="子命令 [参数]...")
def templates_group() -> None:
    """Word 表格模板：列出、检查、恢复。"""


@templates_group.command("list", options_metavar="[选项]")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def templates_list(as_json: bool) -> None:
    """列出全部表格模板。"""
    from generator.forms.catalog import FORMS

    rows = [{"name": f.name, "title": f.title, "article": f.article} for f in FORMS]
    echo_rows(rows, as_json, ["name", "title", "article"])


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
    from generator.views.checklists import rule_set
    from generator.views.forms import FormWarnings
    from generator.views.sources import RuleSources
    from generator.compute.checklists import checklist, progress_index

    project = pipeline.project_for(root, audience(internal))
    unit = project.units_by_id.get(unit_id)
    if unit is None:
        raise UsageError(f"找不到单位「{unit_id}」：可用 handbook units 查看全部单位编号")
    rules = rule_set(project)
    doc = project.document(rules.document)
    result = checklist(unit, rules, progress_index(project.progress))
    warnings = FormWarnings()
    filled = fill_unit_forms(prepared_forms(), result, project.units_by_id, doc, RuleSources(project, rules), warnings)
    for message in warnings.messages:
        click.echo(f"警告：{message}", err=True)
    return unit, FORMS, filled


@cli.command("docx", options_metavar="[选项]")
@click.argument("name", metavar="模板名")
@ROOT_OPTION
@click.option("--unit", "unit_id", metavar="单位编号", help="按该单位的数据填写")
@click.option("--blank", is_flag=True, help="空白表格")
@output_file("输出的 .docx 文件")
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
@output_file("输出的 .pdf 文件")
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
        pdfs = docx_to_pdf(sources, Path(tmp) / "pdf", say=lambda message: click.echo(message, err=True))
        merge_pdfs([(f.title, p) for f, p in zip(forms, pdfs)], output, f"{unit.name}表格", "常委〔2012〕5号工作表格")
    click.echo(f"已写入 {output}", err=True)
