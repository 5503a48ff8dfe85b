"""Printable PDFs: filled forms converted by LibreOffice (fonts embedded),
then merged by pypdf with a bookmark per form and Chinese metadata."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from generator.errors import HandbookError

INSTALL_HINT = "需要 LibreOffice 和中文字体：apt-get install libreoffice-writer-nogui fonts-noto-cjk（scripts/test.sh 会自动安装）"


class PdfFailed(HandbookError):
    pass


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise PdfFailed(INSTALL_HINT)
    return found


def docx_to_pdf(sources: list[Path], out_dir: Path, timeout: int = 300) -> list[Path]:
    """Convert in one LibreOffice run (its start-up dominates the cost)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="handbook-lo-") as profile:
        command = [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, sources)]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=timeout, env={**os.environ, "HOME": profile})
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
    writer.add_metadata({"/Title": title, "/Author": "党建工作手册", "/Subject": subject, "/Creator": "党建工作手册生成器"})
    writer.page_mode = "/UseOutlines"
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as handle:
        writer.write(handle)
    return target
