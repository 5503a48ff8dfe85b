"""What a long build says while it works, and what it says at the end.

On a terminal every phase that takes more than a moment shows its count, rate
and an estimate of the time left, on one line that updates itself; when the
output is not a terminal (a log, CI) nothing is printed until the summary. The
summary says, per kind of output, how many were made again and how many were
kept from the previous build.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import TextIO


@dataclass
class Phase:
    label: str
    total: int
    done: int = 0
    started: float = field(default_factory=time.monotonic)


class Progress:
    """`phase(label, total)`, then `advance(n)`; `note(text)` for one-off lines."""

    def __init__(self, stream: TextIO | None = None, live: bool | None = None, every: float = 0.5) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.every = every
        self.current: Phase | None = None
        self.shown = 0.0
        self.counts: dict[str, list[int]] = {}  # kind → [made, kept]

    def phase(self, label: str, total: int) -> "Progress":
        self.finish()
        self.current = Phase(label, total)
        self.shown = 0.0
        self._show(force=True)
        return self

    def advance(self, n: int = 1) -> None:
        if self.current is None:
            return
        self.current.done += n
        self._show(force=self.current.done >= self.current.total)

    def finish(self) -> None:
        if self.current is not None and self.live:
            self._show(force=True)
            self.stream.write("\n")
            self.stream.flush()
        self.current = None

    def note(self, text: str) -> None:
        if self.live:
            self.finish()
            self.stream.write(f"  {text}\n")
            self.stream.flush()

    def count(self, kind: str, made: int, kept: int) -> None:
        made0, kept0 = self.counts.get(kind, [0, 0])
        self.counts[kind] = [made0 + made, kept0 + kept]

    def summary(self) -> str:
        parts = [f"{kind} {made}/{made + kept}" for kind, (made, kept) in self.counts.items() if made + kept]
        return "重新生成：" + "，".join(parts) if parts else ""

    def _show(self, force: bool = False) -> None:
        phase = self.current
        if not self.live or phase is None or phase.total <= 0:
            return
        now = time.monotonic()
        if not force and now - self.shown < self.every:
            return
        self.shown = now
        elapsed = now - phase.started
        rate = phase.done / elapsed if elapsed > 0 else 0.0
        left = (phase.total - phase.done) / rate if rate > 0 else None
        eta = f"，约剩 {left:.0f} 秒" if left is not None and phase.done < phase.total else ""
        self.stream.write(f"\r  {phase.label} {phase.done}/{phase.total}（{rate:.0f}/秒{eta}）\033[K")
        self.stream.flush()


class Quiet(Progress):
    """Nothing shown (tests, library use); counts are still kept for the summary."""

    def __init__(self) -> None:
        super().__init__(live=False)
