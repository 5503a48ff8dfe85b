"""`handbook serve --watch`: rebuild the served output as staff edit and save.

Every second the inputs (content/, data/, mkdocs.yml) and the templates
(site_templates/) are looked at, by size and modification time only; when one
changed and nothing changed for a moment (an editor may save in several
writes), the output is built again the way it was built last time (its
manifest records the options), incrementally. The server keeps serving the
previous output until the new one is committed; a build that fails says why
and leaves it as it is.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable

from generator.errors import HandbookError, InvalidInput, format_text

WATCHED = ("content", "data", "site_templates", "mkdocs.yml")


def snapshot(root: Path, templates: Path) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for top in [root / name for name in WATCHED[:2]] + [root / "mkdocs.yml", templates]:
        paths = [top] if top.is_file() else (p for p in top.rglob("*") if p.is_file()) if top.is_dir() else []
        for path in paths:
            if path.name.startswith((".", "~$")):
                continue  # editors' swap and lock files
            try:
                info = path.stat()
            except OSError:
                continue
            found[str(path)] = (info.st_mtime_ns, info.st_size)
    return found


def watch(root: Path, site_dir: Path, say: Callable[[str], None] = lambda m: print(m, file=sys.stderr, flush=True),
          interval: float = 1.0, settle: float = 0.5, stop: Callable[[], bool] = lambda: False) -> None:
    from generator import pipeline
    from generator.fingerprint import TEMPLATES
    from generator.incremental import Manifest
    from generator.output import Audience, output_audience
    from generator.progress import Progress

    seen = snapshot(root, TEMPLATES)
    say(f"正在监视 {root} 中的 content/、data/ 和网页模板：保存后自动更新网站（按 Ctrl+C 停止）")
    while not stop():
        time.sleep(interval)
        now = snapshot(root, TEMPLATES)
        if now == seen:
            continue
        time.sleep(settle)
        seen = snapshot(root, TEMPLATES)
        manifest = Manifest.load(site_dir)
        options = manifest.options if manifest else {}
        say("检测到修改，正在更新网站……")
        try:
            report = pipeline.build(root, site_dir, options.get("doc"), output_audience(site_dir) or Audience.PUBLIC, Progress(),
                                    county=options.get("county"), forms=bool(options.get("forms")))
            say(report.summary())
        except InvalidInput as exc:
            say(format_text(exc.findings) + f"\n{exc} 网站保持上一次的版本；改正后保存即可。")
        except HandbookError as exc:
            say(f"错误：{exc} 网站保持上一次的版本。")
