"""The `handbook` command: runs the group with every command registered, and maps
user errors to exit codes; never shows a traceback for a problem the user can
fix (exit 1 for bad input, 2 for wrong usage)."""

from __future__ import annotations

import sys

import click

from generator import cli_zh
from generator.commands import core, forms, search, training, units  # noqa: F401  (each registers its commands)
from generator.commands.common import cli
from generator.errors import HandbookError, InvalidInput, format_text


def _os_reason(exc: OSError) -> str:
    import errno

    reasons = {errno.ENOENT: "文件或目录不存在", errno.EACCES: "没有权限", errno.EPERM: "不允许的操作",
               errno.ENOSPC: "磁盘空间不足", errno.EROFS: "只读的文件系统", errno.ENOTDIR: "路径中有一段不是目录",
               errno.EISDIR: "是一个目录"}
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
