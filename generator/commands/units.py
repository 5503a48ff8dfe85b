"""`handbook units`, `checklist`, `demo-data`: per-unit duties."""

from __future__ import annotations

from pathlib import Path

import click

from generator import pipeline
from generator.commands.common import ROOT_OPTION, echo_json, audience, cli, echo_rows
from generator.errors import UsageError


@cli.command("units", options_metavar="[选项]")
@ROOT_OPTION
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def units_command(root: Path, as_json: bool) -> None:
    """列出全部单位（编号、名称、类型、区县、定级）。"""
    from generator.views.checklists import rule_set, unit_json

    project, _ = pipeline.checked_project(root)
    year = rule_set(project).reference_year
    echo_rows([unit_json(u, year) for u in project.units], as_json, ["id", "name", "type", "county", "rating"])


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
    project = pipeline.project_for(root, audience(internal))
    rules = rule_set(project)
    texts = sentence_texts(project, rules.document)
    if everything:
        results = all_checklists(project, rules)
    else:
        unit = project.units_by_id.get(unit_id)
        if unit is None:
            raise UsageError(f"找不到单位「{unit_id}」：可用 handbook units 查看全部单位编号")
        results = [checklist(unit, rules, progress_index(project.progress))]
    payload = [checklist_json(r, texts) for r in results]
    if as_json:
        echo_json(payload if everything else payload[0])
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


@cli.command("demo-data", options_metavar="[选项]")
@click.option("--units", "count", default=20000, show_default=True, type=int, help="单位数")
@click.option("--seed", default=1, show_default=True, type=int, help="随机种子（相同种子生成相同数据）")
@click.option("--out", "out_dir", required=True, metavar="目录", type=click.Path(file_okay=False, path_type=Path), help="输出目录（须为空或不存在）")
def demo_data_command(count: int, seed: int, out_dir: Path) -> None:
    """生成常德规模的合成示例数据（名称均带“示例”），用于性能测试。"""
    from generator.demo_data import write_demo_data

    written = write_demo_data(count, seed, out_dir)
    click.echo(f"已写入 {len(written)} 个文件、{count} 个示例单位到 {out_dir}", err=True)
