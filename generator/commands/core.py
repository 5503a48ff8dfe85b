"""`handbook check`, `build`, `serve`, `source`, `import`, `schema`, `codes`: the project as a whole."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from generator import pipeline
from generator.commands.common import ROOT_OPTION, audience, cli, output_file
from generator.errors import Severity, UsageError, format_json, format_text


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
@click.option("--county", metavar="区县编号", help="只生成一个区县的离线网站（整本手册、该区县的单位页面和已填表格），供拷到 U 盘，缺省输出到 site-区县编号/")
@click.option("--forms", is_flag=True, help="把每个单位已填好的表格也存进网站（放到普通网页服务器上时用；缺省由 handbook serve 在下载时生成）")
@click.option("--workers", type=click.IntRange(1, 64), help="同时使用的进程数，缺省为本机的处理器核数")
@click.option("--full", is_flag=True, help="全部重新生成（缺省只重新生成有变化的部分）")
def build_command(root: Path, out_dir: Path | None, doc_id: str | None, internal: bool, county: str | None, forms: bool,
                  workers: int | None, full: bool) -> None:
    """生成手册网站和单位清单（先检查全部输入；失败时保留上一次的输出）。"""
    from generator.progress import Progress

    report = pipeline.build(root, out_dir, doc_id, audience(internal), Progress(), county=county, forms=forms,
                            workers=workers, full=full)
    click.echo(report.summary(), err=True)


@cli.command("serve", options_metavar="[选项]")
@ROOT_OPTION
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="端口")
@click.option("--site", "site_dir", metavar="目录", type=click.Path(file_okay=False, path_type=Path), help="网站目录，缺省为 site/（其中含检索索引）")
@click.option("--watch", is_flag=True, help="修改并保存 content/、data/ 或网页模板后自动更新网站")
def serve_command(root: Path, port: int, site_dir: Path | None, watch: bool) -> None:
    """在本机 127.0.0.1 上提供手册网站、检索接口 /api/search 和按需生成的已填表格（只读）。"""
    from generator.serve import serve

    site = (site_dir or root / "site").resolve()
    serve(site, port, root=root.resolve(), watch=watch)




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
@click.argument("source_file", metavar="文件", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--id", "doc_id", metavar="编号", required=True, help="新文件的编号，如 changde-2012-5（小写字母、数字、连字符）")
@output_file("写入的 document.yaml；缺省输出到屏幕", required=False)
@click.option("--report", "report_path", metavar="文件", type=click.Path(dir_okay=False, path_type=Path),
              help="把完整的导入报告（逐项编号、位置、开头文字；Word/PDF 另附提取的文本）写入此文件，.json 为 JSON 格式")
def import_command(source_file: Path, doc_id: str, output: Path | None, report_path: Path | None) -> None:
    """把政策文件（.txt、.docx 或带文字层的 .pdf）转换为 document.yaml 草稿，并报告识别出的结构。"""
    import re

    from generator.importing import import_file
    from generator.importing.report import format_report, format_summary, report_json
    from generator.model.base import SLUG

    if not re.match(SLUG, doc_id):
        raise UsageError(f"编号「{doc_id}」无效：只能由小写英文字母、数字和连字符组成（如 dangzhang-2017）")
    if output is not None and output.exists():
        raise UsageError(f"{output} 已存在：为避免覆盖人工修改，请换一个文件名或先删除它")
    result = import_file(source_file, doc_id)
    if report_path is not None:
        full = report_json(result.report) if report_path.suffix.lower() == ".json" else format_report(result.report)
        report_path.write_text(full, encoding="utf-8")
    click.echo(format_summary(result.report, report_path), err=True, nl=False)
    if output is None:
        click.echo(result.yaml, nl=False)
        return
    output.write_text(result.yaml, encoding="utf-8")
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
