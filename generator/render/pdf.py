"""Printable PDFs: Word files converted by LibreOffice (fonts embedded), then
written again by pypdf with bookmarks, Chinese metadata and stable bytes.

The official font names in our Word files (仿宋_GB2312, 方正小标宋简体, 黑体,
楷体_GB2312, 宋体) are rarely installed on a Linux machine. LibreOffice asks
fontconfig for a substitute, and we hand it our own configuration for that one
run (FONTCONFIG_FILE=fonts.conf beside this module, which includes the system's):
Simplified-Chinese serif, heavy serif, sans and kai faces, never the Japanese
default of the Noto CJK collection. Nothing is written to a user's profile:
LibreOffice runs with a throw-away profile.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable

from generator.errors import HandbookError

FONTS_CONF = Path(__file__).with_name("fonts.conf")
SYSTEM_PACKAGES = "libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai"
INSTALL_HINT = f"需要 LibreOffice 和中文字体：运行 scripts/setup.sh，或 apt-get install {SYSTEM_PACKAGES}"
STAMP = "D:20120620000000+08'00'"  # the notice's date: the same input gives the same bytes


class PdfFailed(HandbookError):
    pass


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise PdfFailed(INSTALL_HINT)
    return found


def available() -> bool:
    return bool(shutil.which("soffice") or shutil.which("libreoffice"))


def conversion_env(profile: str) -> dict[str, str]:
    """The environment of one conversion: our font mapping, a throw-away home."""
    return {**os.environ, "HOME": profile, "FONTCONFIG_FILE": str(FONTS_CONF)}


def docx_to_pdf(sources: list[Path], out_dir: Path, timeout: int = 300, say: Callable[[str], None] | None = None) -> list[Path]:
    """Convert in one LibreOffice run (its start-up dominates the cost)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if say:
        say(f"LibreOffice 正在转换 {len(sources)} 个文件……")
    with tempfile.TemporaryDirectory(prefix="handbook-lo-") as profile:
        command = [soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, sources)]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=timeout, env=conversion_env(profile))
        except subprocess.TimeoutExpired:
            raise PdfFailed(f"LibreOffice 转换超时（{timeout} 秒）") from None
        except subprocess.CalledProcessError as exc:
            raise PdfFailed(f"LibreOffice 转换失败：{exc.stderr.decode('utf-8', 'replace')[-300:]}") from None
    results = [out_dir / f"{s.stem}.pdf" for s in sources]
    missing = [p.name for p in results if not p.exists()]
    if missing:
        raise PdfFailed(f"LibreOffice 没有生成：{'、'.join(missing)}")
    return results


def merge_pdfs(parts: list[tuple[str, Path]], target: Path, title: str, subject: str) -> Path:
    """One PDF, a top-level bookmark per part, title and author in Chinese."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for label, path in parts:
        writer.append(PdfReader(str(path)), outline_item=label)  # the form's own headings nest under it
    return write_pdf(writer, target, title, subject)


def write_pdf(writer, target: Path, title: str, subject: str) -> Path:
    """Metadata in Chinese, dates and file identifier fixed, so a rebuild gives the same bytes."""
    import io

    from pypdf.generic import ArrayObject, ByteStringObject

    writer.add_metadata({"/Title": title, "/Author": "党建工作手册", "/Subject": subject, "/Creator": "党建工作手册生成器",
                         "/CreationDate": STAMP, "/ModDate": STAMP})
    writer.page_mode = "/UseOutlines"
    writer._ID = None  # LibreOffice's identifier is random; ours is a digest of the content
    draft = io.BytesIO()
    writer.write(draft)
    digest = ByteStringObject(hashlib.md5(draft.getvalue()).digest())
    writer._ID = ArrayObject([digest, digest])
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as handle:
        writer.write(handle)
    return target
