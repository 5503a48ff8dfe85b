"""The `handbook` command group and what its commands share.

Command modules (generator/commands/*.py) register themselves on `cli` by
importing it from here; generator/cli.py imports them and runs the group, so
nothing imports back the module that imports it.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator.output import Audience

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


def audience(internal: bool) -> Audience:
    """The one place a command's --internal flag becomes the audience of what it makes."""
    return Audience.INTERNAL if internal else Audience.PUBLIC


def echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def echo_rows(rows: list[dict], as_json: bool, columns: list[str]) -> None:
    """JSON for other tools, tab-separated lines for people."""
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo("\t".join("" if row[c] is None else str(row[c]) for c in columns))


def _outside_outputs(ctx, param, value: Path | None) -> Path | None:
    from generator.output import refuse_inside_output

    if value is not None:
        refuse_inside_output(value)
    return value


def output_file(help_text: str, required: bool = True):
    """`-o FILE` for commands that write one file: never into a build output."""
    return click.option("-o", "--output", metavar="文件", required=required, callback=_outside_outputs,
                        type=click.Path(dir_okay=False, path_type=Path), help=help_text)
