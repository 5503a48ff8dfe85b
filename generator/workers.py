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

_PR_SET_PDEATHSIG = 1
_held_locks: set[int] = set()  # file descriptors of the output locks this process holds


def hold_lock(fd: int) -> None:
    _held_locks.add(fd)


def release_lock(fd: int) -> None:
    _held_locks.discard(fd)


def fork_pool(processes: int) -> Pool:
    return multiprocessing.get_context("fork").Pool(processes, initializer=bind_to_parent, initargs=(os.getpid(),))


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
