"""Worker processes for a build: forked (they start with the loaded project), and bound to it.

A worker must not outlive its build nor hold the build's lock: a build killed
with its workers still busy would otherwise leave them writing into a staging
folder the next build removes, and that next build would find its output
locked. So each worker asks Linux to kill it when its parent dies, and lets go
of the output locks it inherited at fork.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from multiprocessing.pool import Pool
from typing import Iterator

from generator.errors import HandbookError

_PR_SET_PDEATHSIG = 1
_held_locks: set[int] = set()  # file descriptors of the output locks this process holds


def hold_lock(fd: int) -> None:
    _held_locks.add(fd)


def release_lock(fd: int) -> None:
    _held_locks.discard(fd)


class WorkerLost(HandbookError):
    """A worker process ended in the middle of a build (the system's out-of-memory killer, say)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what}的工作进程意外退出（可能是内存不足，被系统结束），生成已停止，原网站保持不变。"
                         "请关闭其他程序后重新生成，或用 --workers 1 只用一个进程生成。")


def answers(pool: Pool, pending, what: str) -> Iterator:
    """What `pending` (an imap iterator of `pool`) gives. A process of the pool that dies takes
    its job with it, and Pool would wait for that job's answer for ever (it starts another
    process, not the job): a process gone before its pool is closed stops the build."""
    started = pool.started
    while True:
        try:
            yield pending.next(timeout=1.0)
        except StopIteration:
            return
        except multiprocessing.TimeoutError:
            if any(process.exitcode is not None for process in started):
                raise WorkerLost(what) from None


def stop(pool: Pool) -> None:
    """End a pool now, its jobs done or not. Its processes are killed first, and the lock of its
    task queue is replaced in this process: Pool.terminate takes that lock before anything else,
    and a worker may hold it for ever (one killed while holding it, or a replacement Pool started
    for a dead one, waiting behind it), which made a build whose worker died hang."""
    for process in list(pool._pool):
        if process.exitcode is None:
            process.kill()
    pool._inqueue._rlock = multiprocessing.get_context("fork").Lock()
    pool.terminate()
    pool.join()


class _Pool(Pool):
    @classmethod
    def _help_stuff_finish(cls, inqueue, task_handler, size):
        """What `terminate` does first: empty the task queue, so that the thread feeding it is
        not stuck on a full pipe. Pool reads it message by message, and unpickles them; a worker
        killed halfway through reading one leaves the pipe out of step (an UnpicklingError, or a
        wait for bytes that never come). So the bytes are dropped as they are."""
        inqueue._rlock.acquire()
        reader = inqueue._reader.fileno()
        os.set_blocking(reader, False)
        while task_handler.is_alive():
            try:
                if not os.read(reader, 1 << 16):
                    return
            except OSError:  # BlockingIOError: nothing more for now, as Pool's own `poll()` stops
                return


def fork_pool(processes: int) -> Pool:
    pool = _Pool(processes, initializer=bind_to_parent, initargs=(os.getpid(),), context=multiprocessing.get_context("fork"))
    pool.started = list(pool._pool)  # the processes it began with (multiprocessing keeps them there), for `answers`
    return pool


def bind_to_parent(parent: int) -> None:
    """In a forked worker: die with the build (`parent`), and let go of its output locks."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pool's own checks end the worker later
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    for fd in list(_held_locks):  # the lock belongs to the build, not to its workers
        os.dup2(devnull, fd)
    os.close(devnull)
    _held_locks.clear()
