"""Measuring one process: wall time, CPU time, peak memory of it and of its tree.

- Wall time: time.perf_counter around the process, from start to exit.
- CPU user/sys and the peak RSS of the largest single process: os.wait4, which the
  kernel fills in for the child and every descendant it waited for (xdist workers too).
- Peak RSS of the whole process tree (pytest plus its xdist workers, added up): sampled
  with psutil every 50 ms, since no process reports the sum of its descendants. Shared
  pages count once per process, as in ps; a peak shorter than 50 ms can be missed.

Linux starts a child's peak RSS at the peak of the process that started it (the image
it had before exec counts), so a child smaller than this process would report this
process's size. That is why the benchmark imports little (importlib.metadata only after
the runs); and when the reported peak is not above our own, the largest sampled RSS of
a single process is used instead.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

SAMPLE_SECONDS = 0.05
# Finding new processes reads all of /proc; the RSS of known ones is one read each.
RESCAN_EVERY = 10


@dataclass(frozen=True)
class Measurement:
    wall: float  # seconds
    user: float  # CPU seconds in user mode, the process and its waited-for descendants
    sys: float  # CPU seconds in the kernel
    rss_peak: int  # bytes, the largest single process (os.wait4)
    rss_tree: int  # bytes, the largest sum over the process tree seen while sampling
    processes: int  # the most processes seen in the tree at once
    exit_code: int  # negative: killed by that signal


class TreeSampler(threading.Thread):
    """Adds up the RSS of a process and its descendants until stopped: the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = pid
        self.peak = 0
        self.largest = 0
        self.processes = 0
        self.done = threading.Event()

    def run(self) -> None:
        try:
            root = psutil.Process(self.root)
        except psutil.Error:
            return
        tree = [root]
        tick = 0
        while not self.done.is_set():
            if tick % RESCAN_EVERY == 0:
                try:
                    tree = [root, *root.children(recursive=True)]
                except psutil.Error:
                    return
            self.sample(tree)
            tick += 1
            self.done.wait(SAMPLE_SECONDS)

    def sample(self, tree: Sequence[psutil.Process]) -> None:
        total = 0
        alive = 0
        for process in tree:
            try:
                rss = int(process.memory_info().rss)
            except psutil.Error:
                continue
            total += rss
            alive += 1
            self.largest = max(self.largest, rss)
        self.peak = max(self.peak, total)
        self.processes = max(self.processes, alive)

    def stop(self) -> None:
        self.done.set()
        if self.is_alive():
            self.join()


def maxrss_bytes(value: int) -> int:
    """``ru_maxrss`` is in kilobytes on Linux and the BSDs, in bytes on macOS."""
    return value if sys.platform == "darwin" else value * 1024


def total_memory() -> int:
    """The machine's RAM in bytes."""
    return int(psutil.virtual_memory().total)


def measure(
    argv: Sequence[str],
    cwd: Path,
    env: Mapping[str, str],
    log: Path,
    sample: bool = True,
) -> Measurement:
    """Run ``argv`` with its output in ``log`` and measure it."""
    own = maxrss_bytes(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    sampler = TreeSampler(0)
    with log.open("wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
        )
        sampler.root = process.pid
        if sample:
            sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            process.wait()
            raise
        finally:
            sampler.stop()
        wall = time.perf_counter() - start
    exit_code = os.waitstatus_to_exitcode(status)
    process.returncode = exit_code  # reaped by wait4: Popen must not wait again
    peak = maxrss_bytes(usage.ru_maxrss)
    if peak <= own and sampler.largest:
        peak = sampler.largest  # the kernel's figure is our own size, not the child's
    return Measurement(
        wall=wall,
        user=usage.ru_utime,
        sys=usage.ru_stime,
        rss_peak=peak,
        rss_tree=max(sampler.peak, peak),
        processes=max(sampler.processes, 1),
        exit_code=exit_code,
    )
