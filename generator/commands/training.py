"""`handbook quiz`, `booklet`: the training kit."""

from __future__ import annotations

from pathlib import Path

import click

from generator import pipeline
from generator.commands.common import ROOT_OPTION, echo_json, cli, output_file
from generator.errors import UsageError


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
        echo_json([{k: v for k, v in item.items() if k != "roles"} for item in items])
        return
    for n, item in enumerate(items, start=1):
        choices = "　".join(f"{'ABCDEFGH'[i]}. {c}" for i, c in enumerate(item["choices"] or []))
        click.echo(f"{n}. {item['question']}\n   {choices}\n   答案：{item['answer']}（{item['sentence']}）".replace("\n   \n", "\n"))


@cli.command("booklet", options_metavar="[选项]")
@ROOT_OPTION
@click.option("--role", required=True, type=click.Choice(["村", "社区", "非公企业", "机关", "组织部门"]), help="培训对象")
@output_file("输出的 .pdf 文件")
def booklet_command(root: Path, role: str, output: Path) -> None:
    """某类对象的培训手册 PDF：封面、目录、课程、通知全文、术语、典型事项清单（带书签、嵌入字体）。"""
    from generator.render.training_docs import booklet_pdf

    project, _ = pipeline.checked_project(root)
    doc_id = project.documents[0].id
    course = next((c for c in project.courses if c.document == doc_id), None)
    module = next((m for m in course.modules if m.role == role), None) if course else None
    if module is None:
        raise UsageError(f"content/training/course.yaml 中没有「{role}」的课程模块")
    booklet_pdf(project, doc_id, module, output, say=lambda message: click.echo(message, err=True))
    click.echo(f"已写入 {output}", err=True)
