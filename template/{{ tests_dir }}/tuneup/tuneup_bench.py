"""Benchmark the test suite: how long it takes, how much memory, and where the time goes.

Rendered by copier from pytest-tuneup: edit freely, ``copier update`` keeps your edits.
``make bench``, ``make bench-save``, ``make bench-check`` and ``make bench-ab`` run it;
``make tuneup-bench-help`` (this file with ``--help``) explains every option. One file,
the standard library and psutil, so that it stays small: see "Measuring one process".
The pytest side, what each test and fixture cost, is the plugin tuneup_bench_probe.py.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil

# ---- statistics: summaries, hyperfine's outlier rule, comparisons -----------------------

# hyperfine's rule (src/outlier_detection.rs): a sample is an outlier when its distance
# from the median, in units of the median absolute deviation (MAD), exceeds 1.4826 * 10.
# 1.4826 * MAD estimates the standard deviation of normal data, so that is "further
# than ten standard deviations", judged by statistics that outliers do not move.
OUTLIER_THRESHOLD = 1.4826 * 10.0


@dataclass(frozen=True)
class Summary:
    """Median, mean, sample standard deviation, extremes and outlier count of samples."""

    count: int
    median: float
    mean: float
    stdev: float
    min: float
    max: float
    outliers: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "count": self.count,
            "median": self.median,
            "mean": self.mean,
            "stdev": self.stdev,
            "min": self.min,
            "max": self.max,
            "outliers": self.outliers,
        }


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("median of no values")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def mean(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("mean of no values")
    return math.fsum(values) / len(values)


def stdev(values: Sequence[float]) -> float:
    """Sample standard deviation (n - 1 in the denominator); 0 for fewer than two values."""
    if len(values) < 2:
        return 0.0
    centre = mean(values)
    return math.sqrt(math.fsum((value - centre) ** 2 for value in values) / (len(values) - 1))


def mad(values: Sequence[float]) -> float:
    """Median absolute deviation from the median (unscaled)."""
    centre = median(values)
    return median([abs(value - centre) for value in values])


def modified_zscores(values: Sequence[float]) -> list[float]:
    """(x - median) / MAD for each value; a MAD of 0 counts as the smallest float step."""
    centre = median(values)
    spread = mad(values) or 2.220446049250313e-16
    return [(value - centre) / spread for value in values]


def outliers(values: Sequence[float]) -> list[int]:
    """Indexes of the values hyperfine would call outliers."""
    if len(values) < 3:
        return []
    scores = modified_zscores(values)
    return [index for index, score in enumerate(scores) if abs(score) > OUTLIER_THRESHOLD]


def summarize(values: Sequence[float]) -> Summary:
    return Summary(
        count=len(values),
        median=median(values),
        mean=mean(values),
        stdev=stdev(values),
        min=min(values),
        max=max(values),
        outliers=len(outliers(values)),
    )


@dataclass(frozen=True)
class Verdict:
    """How one figure of a new run compares with the baseline's.

    ``status`` is "worse", "better" or "same". A change counts only when it is larger
    than the threshold (percent of the baseline's median) *and* larger than the runs'
    spread, the two standard deviations combined: noise alone moves the median by less.
    """

    figure: str
    base: float
    new: float
    change: float  # new - base
    percent: float  # change in percent of base
    spread: float
    threshold: float
    status: str


def compare(figure: str, base: Summary, new: Summary, threshold: float) -> Verdict:
    change = new.median - base.median
    percent = 100.0 * change / base.median if base.median else 0.0
    spread = math.hypot(base.stdev, new.stdev)
    significant = abs(change) > spread and abs(percent) > threshold
    status = "same"
    if significant:
        status = "worse" if change > 0 else "better"
    return Verdict(figure, base.median, new.median, change, percent, spread, threshold, status)


def ratio(slow: Summary, fast: Summary) -> tuple[float, float]:
    """How many times faster ``fast`` is than ``slow``, with its standard deviation.

    hyperfine's formula: the ratio of the means, its relative uncertainty the relative
    standard deviations of both added in quadrature.
    """
    if fast.mean <= 0 or slow.mean <= 0:
        raise ValueError("ratio of non-positive means")
    value = slow.mean / fast.mean
    relative = math.hypot(slow.stdev / slow.mean, fast.stdev / fast.mean)
    return value, value * relative


# ---- measuring one process -------------------------------------------------------------
#
# - Wall time: time.perf_counter around the process, from start to exit.
# - CPU user/sys and the peak RSS of the largest single process: os.wait4, which the
#   kernel fills in for the child and every descendant it waited for (xdist workers too).
# - Peak RSS of the whole process tree (pytest plus its xdist workers, added up): sampled
#   with psutil every 50 ms, since no process reports the sum of its descendants. Shared
#   pages count once per process, as in ps; a peak shorter than 50 ms can be missed.
#
# Linux starts a child's peak RSS at the peak of the process that started it (the image
# it had before exec counts), so a child smaller than this process would report this
# process's size. That is why this file imports little (importlib.metadata only after the
# runs); and when the reported peak is not above our own, the largest sampled RSS of a
# single process is used instead.

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
    """Adds up the RSS of a process and its descendants until stopped; keeps the peak."""

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
            total = 0
            alive = 0
            for process in tree:
                try:
                    rss = process.memory_info().rss
                except psutil.Error:
                    continue
                total += rss
                alive += 1
                self.largest = max(self.largest, rss)
            self.peak = max(self.peak, total)
            self.processes = max(self.processes, alive)
            tick += 1
            self.done.wait(SAMPLE_SECONDS)

    def stop(self) -> None:
        self.done.set()
        self.join()


def maxrss_bytes(value: int) -> int:
    """``ru_maxrss`` is in kilobytes on Linux and the BSDs, in bytes on macOS."""
    return value if sys.platform == "darwin" else value * 1024


def total_memory() -> int:
    """The machine's RAM in bytes."""
    return int(psutil.virtual_memory().total)


def measure(
    argv: Sequence[str], cwd: Path, env: Mapping[str, str], log: Path, sample: bool = True
) -> Measurement:
    """Run ``argv`` with its output in ``log`` and measure it."""
    own = maxrss_bytes(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
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
        sampler = TreeSampler(process.pid)
        if sample:
            sampler.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()
            process.wait()
            raise
        finally:
            if sample:
                sampler.stop()
        wall = time.perf_counter() - start
    exit_code = os.waitstatus_to_exitcode(status)
    process.returncode = exit_code  # reaped by wait4: tell Popen, so it does not wait again
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


# ---- reports: a terminal table, Markdown for CI job summaries, an SVG chart -------------

# (key in "samples" and "summary", label, unit): "s" seconds, "B" bytes
FIGURES = (
    ("wall", "wall time", "s"),
    ("user", "CPU user", "s"),
    ("sys", "CPU sys", "s"),
    ("rss_peak", "peak RSS, largest process", "B"),
    ("rss_tree", "peak RSS, process tree", "B"),
    ("collection", "collection", "s"),
)
MIB = 1024 * 1024
MEAN_SD = "mean \u00b1 \u03c3"  # mean ± sigma, spelled so that linters see plain ASCII


def seconds(value: float) -> str:
    """Three significant digits: 12.3 s, 1.23 s, 123 ms, 12.3 ms, 1.23 ms."""
    if abs(value) >= 10:
        return f"{value:.1f} s"
    if abs(value) >= 1:
        return f"{value:.2f} s"
    milliseconds = value * 1000
    if abs(milliseconds) >= 100:
        return f"{milliseconds:.0f} ms"
    return f"{milliseconds:.1f} ms" if abs(milliseconds) >= 10 else f"{milliseconds:.2f} ms"


def size(value: float) -> str:
    return f"{value / MIB:.1f} MiB"


def amount(value: float, unit: str) -> str:
    return seconds(value) if unit == "s" else size(value)


def mean_sd(summary: dict[str, Any], unit: str) -> str:
    """Mean and standard deviation in one unit: "2.31 ± 0.04 s"."""
    mean, sigma = float(summary["mean"]), float(summary["stdev"])
    if unit == "B":
        return f"{mean / MIB:.1f} ± {sigma / MIB:.1f} MiB"
    if abs(mean) >= 1:
        return f"{mean:.2f} ± {sigma:.2f} s"
    return f"{mean * 1000:.0f} ± {sigma * 1000:.0f} ms"


def outcome_text(outcomes: dict[str, int]) -> str:
    order = ["passed", "failed", "error", "skipped", "xfailed", "xpassed", "deselected", "warnings"]
    parts = [
        f"{outcomes[name]} {name[:-1] if name == 'warnings' and outcomes[name] == 1 else name}"
        for name in order
        if outcomes.get(name)
    ]
    return ", ".join(parts) or "no tests"


def figures_table(summary: dict[str, dict[str, Any]]) -> list[list[str]]:
    rows = [["", "median", MEAN_SD, "min", "max"]]
    for key, label, unit in FIGURES:
        if key in summary:
            item = summary[key]
            rows.append(
                [
                    label,
                    amount(item["median"], unit),
                    mean_sd(item, unit),
                    amount(item["min"], unit),
                    amount(item["max"], unit),
                ]
            )
    return rows


def columns(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(width) if align else cell.ljust(width)
            for cell, width, align in zip(row, widths, right, strict=True)
        ]
        lines.append("  " + "   ".join(cells).rstrip())
    return lines


def header(result: dict[str, Any]) -> str:
    runs, warmup = result["runs"], result["warmup"]
    plural = "s" if warmup != 1 else ""
    text = f"{runs} runs after {warmup} warm-up{plural}, {outcome_text(result['outcomes'])}"
    if result.get("processes", 1) > 1:
        text += f", {result['processes']} processes"
    return text


def terminal(result: dict[str, Any], top: int) -> str:
    """The whole report for a person at a terminal."""
    lines = [f"pytest-tuneup bench: {header(result)}", "  " + " ".join(result["command"]), ""]
    lines += columns(figures_table(result["summary"]), [False, True, True, True, True])
    for warning in result["warnings"]:
        lines += ["", f"warning: {warning}"]
    runs = result["runs"]
    if result["slowest"]:
        lines += ["", f"slowest setups, calls and teardowns (median of {runs} runs)"]
        rows = [
            [seconds(item["seconds"]), item["phase"], item["test"]]
            for item in result["slowest"][:top]
        ]
        lines += columns(rows, [True, False, False])
    if result["fixtures"]:
        lines += ["", "fixtures that cost most in total (own setup + teardown, all uses, median)"]
        rows = [
            [
                seconds(item["total"]),
                f"{item['count']}x",
                item["fixture"],
                f"{item['scope']}, {item['module'] or '?'}",
                f"setup {seconds(item['setup'])}, teardown {seconds(item['teardown'])}",
            ]
            for item in result["fixtures"][:top]
        ]
        lines += columns(rows, [True, True, False, False, False])
    imports = result.get("imports")
    if imports:
        lines += [
            "",
            f"heaviest imports by your conftests and tests (-X importtime, cumulative, top {top})",
        ]
        rows = [
            [
                seconds(item["cumulative"]),
                item["module"],
                f"imported by {item['imported_by']}" if item["imported_by"] else "",
            ]
            for item in imports["top"][:top]
        ]
        lines += (
            columns(rows, [True, False, False]) if rows else ["  none outside the standard library"]
        )
        lines.append(
            f"  all imports: {seconds(imports['collection'])} by conftests and collection, "
            f"{seconds(imports['startup'])} before them (pytest and its plugins)"
        )
    duplicates = result.get("duplicates", [])
    lines += [
        "",
        f"modules loaded: {result.get('modules', 0)}; files imported twice: {len(duplicates)}",
    ]
    for item in duplicates[:top]:
        lines.append(f"  {item['file']}: as {', '.join(item['names'])}")
    return "\n".join(lines)


def verdict_line(verdict: dict[str, Any], bold: bool = False) -> str:
    """One line per figure: "ok", "better" or "WORSE", then the numbers behind it."""
    unit = "B" if verdict["figure"] == "rss_tree" else "s"
    label = {"wall": "wall time", "rss_tree": "peak memory"}.get(
        verdict["figure"], verdict["figure"]
    )
    status = {"worse": "WORSE", "better": "better", "same": "ok"}[verdict["status"]]
    status = f"**{status}**" if bold else f"{status:6}"
    change = verdict["change"]
    sign = "+" if change >= 0 else "-"
    return (
        f"{status} {label}: {amount(verdict['base'], unit)} -> {amount(verdict['new'], unit)} "
        f"({sign}{abs(verdict['percent']):.1f}%, {sign}{amount(abs(change), unit)}; "
        f"fails above +{verdict['threshold']:g}% and beyond the spread of "
        f"{amount(verdict['spread'], unit)})"
    )


def ratio_line(result: dict[str, Any]) -> str:
    speed = result["ratio"]
    a, b = result["a"]["label"], result["b"]["label"]
    if speed["faster"] == "b":
        return f"B is {speed['value']:.2f} ± {speed['stdev']:.2f} times faster than A ({b} vs {a})"
    return f"A is {speed['value']:.2f} ± {speed['stdev']:.2f} times faster than B ({a} vs {b})"


def ab_cells(result: dict[str, Any], side: str, label: str) -> list[str]:
    """One side's row of the A/B table: wall time and peak memory of the process tree."""
    summary = result[side]["summary"]
    wall, rss = summary["wall"], summary["rss_tree"]
    return [
        label,
        seconds(wall["median"]),
        mean_sd(wall, "s"),
        seconds(wall["min"]),
        seconds(wall["max"]),
        size(rss["median"]),
    ]


def ab_terminal(result: dict[str, Any]) -> str:
    rows = [["", "median", MEAN_SD, "min", "max", "peak RSS"]]
    rows += [ab_cells(result, side, f"{side.upper()}: {result[side]['label']}") for side in "ab"]
    lines = [f"pytest-tuneup bench A/B: {result['runs']} interleaved rounds (A B A B ...)"]
    lines += columns(rows, [False, True, True, True, True, True])
    lines += ["", ratio_line(result)]
    lines += [f"warning: {warning}" for warning in result["warnings"]]
    return "\n".join(lines)


def md(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(result: dict[str, Any], top: int) -> str:
    """A summary for a CI job page ($GITHUB_STEP_SUMMARY) or a pull request comment."""
    if result["kind"] == "ab":
        lines = ["### pytest-tuneup bench: A/B", "", f"**{md(ratio_line(result))}**", ""]
        lines += [
            f"| | median | {MEAN_SD} | min | max | peak RSS |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for side in "ab":
            label = f"{side.upper()}: `{md(result[side]['label'])}`"
            lines.append("| " + " | ".join(ab_cells(result, side, label)) + " |")
        lines += ["", f"{result['runs']} interleaved rounds after a warm-up of each."]
        lines += [f"> **Warning:** {md(warning)}" for warning in result["warnings"]]
        return "\n".join(lines) + "\n"
    environment = result["environment"]
    commit = (environment.get("commit") or "no commit")[:12]
    lines = ["### pytest-tuneup bench", ""]
    if result["kind"] == "check":
        passed = result["result"] == "pass"
        base = result["baseline"]
        lines += [
            f"**{'Passed' if passed else 'Failed'}**: compared with the baseline of "
            f"{base['created'][:10]} (commit {(base['commit'] or '?')[:12]})",
            "",
        ]
        lines += [f"- {md(verdict_line(verdict, bold=True))}" for verdict in result["verdicts"]]
        lines.append("")
    lines += [f"{header(result)} · commit `{commit}` · Python {environment['python']}", ""]
    table = figures_table(result["summary"])
    lines += [f"| | median | {MEAN_SD} | min | max |", "|---|---:|---:|---:|---:|"]
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in table[1:]]
    lines += [f"\n> **Warning:** {md(warning)}" for warning in result["warnings"]]
    if result["slowest"]:
        lines += ["", "<details><summary>Slowest setups, calls and teardowns</summary>", ""]
        lines += ["| time | phase | test |", "|---:|---|---|"]
        lines += [
            f"| {seconds(item['seconds'])} | {item['phase']} | `{md(item['test'])}` |"
            for item in result["slowest"][:top]
        ]
        lines += ["", "</details>"]
    if result["fixtures"]:
        lines += ["", "<details><summary>Fixtures that cost most in total</summary>", ""]
        lines += [
            "| total | uses | fixture | scope | setup | teardown |",
            "|---:|---:|---|---|---:|---:|",
        ]
        lines += [
            f"| {seconds(item['total'])} | {item['count']} | `{md(item['fixture'])}` "
            f"| {item['scope']} | {seconds(item['setup'])} | {seconds(item['teardown'])} |"
            for item in result["fixtures"][:top]
        ]
        lines += ["", "</details>"]
    imports = result.get("imports")
    if imports and imports["top"]:
        summary = "<summary>Heaviest imports by your conftests and tests</summary>"
        lines += ["", f"<details>{summary}", ""]
        lines += ["| cumulative | module | imported by |", "|---:|---|---|"]
        lines += [
            f"| {seconds(item['cumulative'])} | `{md(item['module'])}` "
            f"| {md(item['imported_by'] or '')} |"
            for item in imports["top"][:top]
        ]
        lines += ["", "</details>"]
    if result.get("duplicates"):
        lines += ["", f"**Files imported twice:** {len(result['duplicates'])}", ""]
        lines += [
            f"- `{md(item['file'])}` as {', '.join(item['names'])}"
            for item in result["duplicates"][:top]
        ]
    return "\n".join(lines) + "\n"


def escape(text: str) -> str:
    """Text for SVG (xml.sax.saxutils would import urllib: memory this process should not use)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def nice_step(top: float) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about four ticks up to ``top``."""
    raw = top / 4 if top > 0 else 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def panel(
    history: Sequence[dict[str, Any]],
    key: str,
    unit: str,
    title: str,
    top_y: int,
    width: int,
    height: int,
) -> list[str]:
    """One chart: the median per saved run as a line, min to max as a whisker."""
    left, right, plot_h = 70, 20, height - 60
    scale = 1.0 if unit == "s" else 1 / MIB
    highs = [float(entry[key]["max"]) * scale for entry in history]
    step = nice_step(max(highs) * 1.1)
    ceiling = step * (int(max(highs) * 1.1 / step) + 1)
    plot_w = width - left - right

    def x(index: int) -> float:
        return left + plot_w * ((index + 0.5) / len(history))

    def y(value: float) -> float:
        return top_y + 30 + plot_h * (1 - value / ceiling)

    out = [f'<text x="{left}" y="{top_y + 18}" class="title">{escape(title)}</text>']
    tick = 0.0
    while tick <= ceiling + step / 2:
        label = f"{tick:g} {'s' if unit == 's' else 'MiB'}"
        level = f"{y(tick):.1f}"
        out.append(
            f'<line x1="{left}" y1="{level}" x2="{width - right}" y2="{level}" class="grid"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" class="axis" text-anchor="end">'
            f"{label}</text>"
        )
        tick += step
    points = [
        f"{x(index):.1f},{y(float(entry[key]['median']) * scale):.1f}"
        for index, entry in enumerate(history)
    ]
    out.append(f'<polyline points="{" ".join(points)}" class="line"/>')
    for index, entry in enumerate(history):
        figure = entry[key]
        low, mid, high = (float(figure[name]) * scale for name in ("min", "median", "max"))
        across = f"{x(index):.1f}"
        out.append(
            f'<line x1="{across}" y1="{y(low):.1f}" x2="{across}" y2="{y(high):.1f}" '
            'class="range"/>'
        )
        tip = escape(f"{entry['label']}: median {mid:.3g}, min {low:.3g}, max {high:.3g}")
        out.append(
            f'<circle cx="{across}" cy="{y(mid):.1f}" r="4" class="point">'
            f"<title>{tip}</title></circle>"
        )
    # About eight commit labels fit under the axis; always label the newest run.
    every = -(-len(history) // 8)
    for index, entry in enumerate(history):
        if (len(history) - 1 - index) % every == 0:
            out.append(
                f'<text x="{x(index):.1f}" y="{top_y + 30 + plot_h + 16}" class="axis" '
                f'text-anchor="middle">{escape(entry["label"])}</text>'
            )
    return out


def history_svg(history: Sequence[dict[str, Any]]) -> str:
    """The saved baselines over time: wall time and peak memory, oldest on the left."""
    width, height = 720, 250
    body = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{2 * height}" '
        f'viewBox="0 0 {width} {2 * height}" font-family="sans-serif">',
        "<style>.title{font-size:14px;font-weight:bold}.axis{font-size:11px;fill:#555}"
        ".grid{stroke:#ddd}.range{stroke:#8aa9d6;stroke-width:3}"
        ".line{fill:none;stroke:#2a5caa;stroke-width:2}.point{fill:#2a5caa}</style>",
        f'<rect width="{width}" height="{2 * height}" fill="white"/>',
    ]
    if history:
        body += panel(
            history,
            "wall",
            "s",
            "wall time per saved baseline (median, min to max)",
            0,
            width,
            height,
        )
        body += panel(history, "rss_tree", "B", "peak memory, process tree", height, width, height)
    else:
        body.append('<text x="20" y="40">no baselines saved yet: make bench-save</text>')
    body.append("</svg>")
    return "\n".join(body) + "\n"


# ---- the benchmark: runs, baselines, A/B, the command line ------------------------------

HERE = Path(__file__).resolve().parent
SCHEMA = "pytest-tuneup-bench"
VERSION = 1
EXIT_WORSE, EXIT_USAGE, EXIT_SUITE_FAILED = 1, 2, 3
# Plugins whose effect on timing differs from run to run: random test order (and the
# reseeding it does), and the cache, which --lf/--ff and stepwise read.
QUIET = ["-p", "no:randomly", "-p", "no:random_order", "-p", "no:cacheprovider"]
PROBE = ["-p", "tuneup_bench_probe"]
FIGURE_KEYS = ("wall", "user", "sys", "rss_peak", "rss_tree", "collection")
# What bench-check gates on: the median wall time and the peak memory of the process
# tree (the single pytest process, or pytest with its xdist workers added up).
GATED = ("wall", "rss_tree")
# Left out of the import list: the standard library and pytest's own machinery.
NOT_YOURS = {"_pytest", "pytest", "pluggy", "iniconfig", "tuneup_bench_probe", "tuneup_plugin"}
IMPORT_LINE = re.compile(r"^import time:\s*(\d+) \|\s*(\d+) \| ( *)(\S.*)$")

DESCRIPTION = """\
Benchmark the test suite. Each run is a fresh pytest process; a warm-up run comes first
(it fills the bytecode and file caches) and is not counted. pytest-randomly,
pytest-random-order and the cache plugin are switched off, so every run does the same
work.

Figures: wall time (median, mean ± standard deviation, min, max), CPU user and system
time, peak RSS of the largest process (os.wait4) and of the whole process tree (pytest
plus xdist workers, sampled every 50 ms with psutil), and collection time. Then where
the time goes: the slowest setups, calls and teardowns, the fixtures that cost most over
the whole run, the heaviest imports during collection (a separate --collect-only run
under -X importtime) and files imported twice under two module names.

A run whose outliers make the figures unreliable gets a warning (hyperfine's rule: a run
further than 10 robust standard deviations, 14.8 median absolute deviations, from the
median). A failing suite is reported with pytest's summary; nothing of it is recorded.
"""

EPILOG = """\
commands:
  run      benchmark and print the report (make bench)
  save     benchmark and store the result as the baseline (make bench-save)
  check    benchmark and compare with the baseline (make bench-check): fails when the
           median wall time or the peak memory grew by more than --threshold percent
           AND by more than the runs' spread (both standard deviations combined)
  ab A [B] two git refs (B omitted: the working tree) or two shell commands, run
           interleaved A B A B ... so drift of the machine hits both; prints the ratio
           with its uncertainty, "B is 1.82 ± 0.06 times faster than A"
  chart    draw the history of saved baselines again (history.svg)

files (in --dir, default .tuneup-bench/; commit it to share the baseline):
  baseline.json   the last saved run (versioned JSON: figures, commit, Python, packages, machine)
  history.jsonl   one line per saved baseline
  history.svg     the history as a chart

exit codes: 0 fine, 1 bench-check found a regression, 2 bad usage or no baseline,
3 the suite failed.

examples:
  %(prog)s run --runs 3 -- -k orders
  %(prog)s check --threshold 5 --markdown "$GITHUB_STEP_SUMMARY"
  %(prog)s ab main
  %(prog)s ab "pytest -p no:xdist" "pytest -n 2"
"""


class SuiteFailed(Exception):
    def __init__(self, where: str, exit_code: int, output: str) -> None:
        super().__init__(where)
        self.where, self.exit_code, self.output = where, exit_code, output


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Options before ``--``; everything after it goes to pytest."""
    argv = list(argv)
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(
        prog="tuneup_bench.py",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "command", choices=["run", "save", "check", "ab", "chart"], help="what to do (below)"
    )
    parser.add_argument(
        "sides", nargs="*", metavar="A B", help="ab only: two git refs or two commands"
    )
    parser.add_argument("--runs", type=int, default=5, help="measured runs (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured runs first (default 1)")
    parser.add_argument(
        "--pytest",
        default=shlex.join([sys.executable, "-m", "pytest"]),
        help="how to start pytest (default: this Python's -m pytest; make passes $(PYTEST))",
    )
    parser.add_argument(
        "--threshold", type=float, default=10.0, help="check: allowed growth in percent (10)"
    )
    parser.add_argument(
        "--top", type=int, default=10, help="entries in each where-the-time-goes list (10)"
    )
    parser.add_argument(
        "--no-imports", action="store_true", help="skip the -X importtime collection run"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the result as JSON")
    parser.add_argument(
        "--markdown", type=Path, metavar="FILE", help="also write a Markdown summary"
    )
    parser.add_argument("--dir", type=Path, default=Path(".tuneup-bench"), help="baseline folder")
    parser.add_argument(
        "--mode",
        choices=["auto", "refs", "commands"],
        default="auto",
        help="ab: what A and B are (auto)",
    )
    args = parser.parse_args(argv)
    args.extra = extra
    args.sides = [side for side in args.sides if side]  # make passes '' for an unset A or B
    if args.runs < 1 or args.warmup < 0 or args.top < 0:
        parser.error("--runs must be at least 1, --warmup and --top at least 0")
    if args.command != "ab" and args.sides:
        parser.error(f"unexpected arguments {args.sides}; pytest's own go after --")
    return args


def progress(text: str) -> None:
    print(f"bench: {text}", file=sys.stderr, flush=True)


def child_env(probe: Path | None, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    # The probe plugin lives beside this script: importable whatever pythonpath says.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), env.get("PYTHONPATH")]))
    if probe is not None:
        env["TUNEUP_BENCH_PROBE"] = str(probe)
    return {**env, **extra}


def pytest_summary(output: str, lines: int = 40) -> str:
    """pytest's closing summary: from "short test summary info" on, or the last lines."""
    text = output.rstrip().splitlines()
    start = next((i for i, line in enumerate(text) if "short test summary info" in line), None)
    tail = text[start:] if start is not None else text[-15:]
    return "\n".join(tail[-lines:])


def read_probe(path: Path) -> dict[str, Any] | None:
    """The probe's files of one run, the main process's and the xdist workers', merged."""
    if not path.is_file():
        return None
    main: dict[str, Any] = json.loads(path.read_text())
    workers = [json.loads(p.read_text()) for p in sorted(path.parent.glob(path.name + ".*"))]
    fixtures: dict[tuple[str, str, str], list[float]] = {}
    for part in [main, *workers]:
        for name, scope, module, count, setup, teardown in part["fixtures"]:
            cost = fixtures.setdefault((name, scope, module), [0, 0.0, 0.0])
            cost[0] += count
            cost[1] += setup
            cost[2] += teardown
    main["collection"] = max(part["collection"] for part in [main, *workers])
    main["fixtures"] = fixtures
    main["duplicates"] = main["duplicates"] or next(
        (w["duplicates"] for w in workers if w["duplicates"]), []
    )
    return main


def bench_suite(args: argparse.Namespace, cwd: Path, scratch: Path) -> dict[str, Any]:
    """Warm-up and measured runs of the suite; raises SuiteFailed on the first failing run."""
    command = [*shlex.split(args.pytest), *QUIET, *PROBE, *args.extra]
    load = os.getloadavg()[0]  # before our runs add to it
    progress(f"{args.runs} runs after {args.warmup} warm-up: {shlex.join(command)}")
    samples: dict[str, list[float]] = {key: [] for key in FIGURE_KEYS}
    phases: dict[tuple[str, str], list[float]] = {}
    fixtures: dict[tuple[str, str, str], list[list[float]]] = {}
    last: dict[str, Any] = {}
    processes = 1
    for index in range(args.warmup + args.runs):
        warm = index < args.warmup
        where = (
            f"warm-up run {index + 1}/{args.warmup}"
            if warm
            else f"run {index - args.warmup + 1}/{args.runs}"
        )
        probe, log = scratch / f"probe-{index}.json", scratch / f"run-{index}.log"
        result = measure(command, cwd, child_env(probe), log)
        mib = result.rss_tree / 2**20
        progress(f"{where}: {result.wall:.2f} s, {mib:.0f} MiB, exit {result.exit_code}")
        if result.exit_code != 0:
            raise SuiteFailed(where, result.exit_code, log.read_text(errors="replace"))
        if warm:
            continue
        data = read_probe(probe)
        for key in FIGURE_KEYS[:-1]:
            samples[key].append(float(getattr(result, key)))
        processes = max(processes, result.processes)
        if data is None:
            continue
        last = data
        samples["collection"].append(data["collection"])
        for test, phase, seconds in data["phases"]:
            phases.setdefault((test, phase), []).append(seconds)
        for key, cost in data["fixtures"].items():
            fixtures.setdefault(key, []).append(cost)
    slowest: list[dict[str, Any]] = [
        {"test": test, "phase": phase, "seconds": median(values)}
        for (test, phase), values in phases.items()
    ]
    slowest.sort(key=lambda item: -float(item["seconds"]))
    costs: list[dict[str, Any]] = []
    for (name, scope, module), runs in fixtures.items():
        setup, teardown = median([run[1] for run in runs]), median([run[2] for run in runs])
        costs.append(
            {
                "fixture": name,
                "scope": scope,
                "module": module,
                "count": int(max(run[0] for run in runs)),
                "setup": setup,
                "teardown": teardown,
                "total": median([run[1] + run[2] for run in runs]),
            }
        )
    costs.sort(key=lambda item: -float(item["total"]))
    return {
        "command": command,
        "load": load,
        "samples": {key: values for key, values in samples.items() if values},
        "processes": processes,
        "outcomes": last.get("outcomes", {}),
        "slowest": slowest[: max(args.top, 25)],
        "fixtures": costs[: max(args.top, 25)],
        "modules": last.get("modules", 0),
        "duplicates": [{"file": item[0], "names": item[1:]} for item in last.get("duplicates", [])],
    }


def import_times(args: argparse.Namespace, cwd: Path, scratch: Path) -> dict[str, Any]:
    """A --collect-only run under -X importtime: the heaviest imports collection caused."""
    command = [*shlex.split(args.pytest), *QUIET, *PROBE, "--collect-only", "-q", "-s", *args.extra]
    env = child_env(scratch / "probe-imports.json", PYTHONPROFILEIMPORTTIME="1")
    progress("collection under -X importtime")
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, errors="replace"
    )
    return parse_importtime(done.stderr, args.top)


def parse_importtime(text: str, top: int) -> dict[str, Any]:
    """Totals before and during collection, and the top imports during it (cumulative).

    A line's importer is the next line one level up (Python prints a module after the
    modules it imported). A submodule imported by its own package is left out: the
    package's line already counts it.
    """
    entries: list[tuple[str, int, float, float]] = []  # phase, level, self, cumulative
    names: list[str] = []
    phase = "startup"
    for line in text.splitlines():
        if "tuneup-bench: collection starts" in line:
            phase = "collection"
        elif "tuneup-bench: collection ends" in line:
            phase = "after"
        match = IMPORT_LINE.match(line)
        if match and match.group(4) != "imported package":
            own, total, indent, name = match.groups()
            entries.append((phase, len(indent) // 2, int(own) / 1e6, int(total) / 1e6))
            names.append(name.strip())
    if not any(entry[0] == "collection" for entry in entries):
        # No marks (the probe did not load): count every import as collection's.
        entries = [("collection", level, own, total) for _, level, own, total in entries]
    parents: list[str | None] = [None] * len(entries)
    latest: dict[int, str] = {}
    for index in range(len(entries) - 1, -1, -1):
        level = entries[index][1]
        parents[index] = latest.get(level - 1)
        latest[level] = names[index]
        for deeper in [key for key in latest if key > level]:
            del latest[deeper]
    rows: list[dict[str, Any]] = []
    totals = {"startup": 0.0, "collection": 0.0}
    for (phase, level, own, total), name, parent in zip(entries, names, parents, strict=True):
        if level == 0 and phase in totals:
            totals[phase] += total
        root = name.split(".")[0]
        if phase != "collection" or root in sys.stdlib_module_names or root in NOT_YOURS:
            continue
        if parent is not None and parent.split(".")[0] == root:
            continue
        rows.append({"module": name, "cumulative": total, "self": own, "imported_by": parent})
    rows.sort(key=lambda row: -float(row["cumulative"]))
    return {"startup": totals["startup"], "collection": totals["collection"], "top": rows[:top]}


def git_output(cwd: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def environment(cwd: Path) -> dict[str, Any]:
    """What a baseline depends on: the code, the interpreter, the packages, the machine."""
    import importlib.metadata  # here, after the runs: it costs this process 5 MiB

    status = git_output(cwd, "status", "--porcelain", "--untracked-files=no")
    packages = {}
    for dist in importlib.metadata.distributions():
        name = str(dist.metadata["Name"] or "")
        if name.lower().startswith("pytest") or name.lower() in {
            "pluggy",
            "psutil",
            "coverage",
            "execnet",
        }:
            packages[name] = dist.version
    return {
        "commit": git_output(cwd, "rev-parse", "HEAD"),
        "dirty": bool(status),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "packages": dict(sorted(packages.items())),
        "machine": {
            "os": platform.platform(),
            "arch": platform.machine(),
            "cpu": cpu_model(),
            "cpus": os.cpu_count(),
            "memory": total_memory(),
        },
    }


def summaries(samples: dict[str, list[float]]) -> dict[str, Summary]:
    return {key: summarize(values) for key, values in samples.items()}


def reliability(summary: dict[str, Summary], runs: int, load: float) -> list[str]:
    warnings = []
    cpus = os.cpu_count() or 1
    if load > cpus / 2:
        warnings.append(
            f"the machine was busy before the runs (load average {load:.1f} on {cpus} CPUs): "
            "other programs' work stretches the times and their spread, and it comes and goes; "
            "compare figures measured on a quiet machine"
        )
    if runs < 3:
        warnings.append(
            f"{runs} runs are too few to spot outliers; use 5 or more for figures to rely on"
        )
    for key, label in (("wall", "wall time"), ("rss_tree", "peak memory")):
        count = summary[key].outliers if key in summary else 0
        if count:
            are = "run is an outlier" if count == 1 else "runs are outliers"
            warnings.append(
                f"{count} of {runs} {are} in {label} (further than 10 robust standard deviations "
                "from the median): something else probably used the machine meanwhile. "
                "Run again on a quiet machine, or with more runs"
            )
    return warnings


def new_result(
    kind: str, args: argparse.Namespace, cwd: Path, bench: dict[str, Any]
) -> dict[str, Any]:
    stats = summaries(bench["samples"])
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "kind": kind,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": args.runs,
        "warmup": args.warmup,
        **bench,
        "summary": {key: item.as_dict() for key, item in stats.items()},
        "warnings": reliability(stats, args.runs, bench["load"]),
        "environment": environment(cwd),
    }


def summary_of(data: dict[str, Any]) -> Summary:
    return Summary(**{key: data[key] for key in Summary.__dataclass_fields__})


def load_baseline(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise UsageError(f"no baseline at {path}: save one first with `make bench-save`")
    data: dict[str, Any] = json.loads(path.read_text())
    if data.get("schema") != SCHEMA or data.get("version") != VERSION:
        raise UsageError(
            f"{path} is not a version {VERSION} baseline; save a new one with `make bench-save`"
        )
    return data


class UsageError(Exception):
    pass


def machine_warnings(base: dict[str, Any], new: dict[str, Any]) -> list[str]:
    warnings = []
    for key in ("cpu", "cpus", "memory", "os"):
        if base["machine"].get(key) != new["machine"].get(key):
            warnings.append(
                f"the baseline was measured on another machine ({key}: {base['machine'].get(key)}"
                f" then, {new['machine'].get(key)} now); save one on this machine to compare times"
            )
            break
    if base["python"] != new["python"]:
        warnings.append(f"the baseline ran on Python {base['python']}, this run on {new['python']}")
    return warnings


def check(result: dict[str, Any], baseline: dict[str, Any], threshold: float) -> dict[str, Any]:
    verdicts = [
        asdict(
            compare(
                key,
                summary_of(baseline["summary"][key]),
                summary_of(result["summary"][key]),
                threshold,
            )
        )
        for key in GATED
    ]
    worse = any(verdict["status"] == "worse" for verdict in verdicts)
    return {
        **result,
        "kind": "check",
        "baseline": {"created": baseline["created"], "commit": baseline["environment"]["commit"]},
        "verdicts": verdicts,
        "result": "fail" if worse else "pass",
        "warnings": result["warnings"]
        + machine_warnings(baseline["environment"], result["environment"]),
    }


def save(result: dict[str, Any], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    baseline = {**result, "kind": "baseline"}
    (folder / "baseline.json").write_text(json.dumps(baseline, indent=2) + "\n")
    commit = result["environment"]["commit"]
    entry = {
        "created": result["created"],
        "commit": commit,
        "label": (commit or "")[:7] + ("+" if result["environment"]["dirty"] else "")
        or result["created"][:10],
        "python": result["environment"]["python"],
        "runs": result["runs"],
        **{key: result["summary"][key] for key in GATED},
    }
    with (folder / "history.jsonl").open("a") as history:
        history.write(json.dumps(entry) + "\n")
    chart(folder)


def chart(folder: Path) -> Path:
    path = folder / "history.jsonl"
    entries = (
        [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        if path.is_file()
        else []
    )
    target = folder / "history.svg"
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(history_svg(entries))
    return target


def is_ref(cwd: Path, name: str) -> bool:
    return (
        bool(name)
        and git_output(cwd, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}") is not None
    )


def ab(args: argparse.Namespace, cwd: Path, scratch: Path) -> dict[str, Any]:
    """A and B interleaved: warm-up of each, then A B A B ..., one fresh process each."""
    if not args.sides or len(args.sides) > 2:
        raise UsageError(
            "ab needs A and B: two git refs (B omitted: the working tree) or two commands, "
            "for example make bench-ab A=main"
        )
    a, b = args.sides[0], (args.sides[1] if len(args.sides) > 1 else "")
    mode = args.mode
    if mode == "auto":
        mode = "refs" if is_ref(cwd, a) and (not b or is_ref(cwd, b)) else "commands"
    sides: list[tuple[str, list[str], Path]] = []
    worktrees: list[Path] = []
    try:
        for index, name in enumerate((a, b)):
            if mode == "commands":
                if not name:
                    raise UsageError("ab with commands needs two of them")
                sides.append((name, ["/bin/sh", "-c", name], cwd))
                continue
            command = [*shlex.split(args.pytest), *QUIET, *args.extra]
            if not name:
                sides.append(("working tree", command, cwd))
                continue
            sha = git_output(cwd, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}")
            if sha is None:
                raise UsageError(f"{name!r} is not a git ref here")
            tree = scratch / f"tree-{index}"
            if git_output(cwd, "worktree", "add", "--detach", str(tree), sha) is None:
                raise UsageError(f"could not check out {name} into {tree}")
            worktrees.append(tree)
            sides.append((f"{name} ({sha[:7]})", command, tree))
        progress(f"A/B ({mode}): A = {sides[0][0]}, B = {sides[1][0]}; {args.runs} rounds")
        load = os.getloadavg()[0]
        samples: list[dict[str, list[float]]] = [
            {"wall": [], "rss_tree": []},
            {"wall": [], "rss_tree": []},
        ]
        for round_ in range(-args.warmup, args.runs):
            for side, (label, command, where) in enumerate(sides):
                log = scratch / f"ab-{side}-{round_}.log"
                result: Measurement = measure(command, where, child_env(None), log)
                what = "warm-up" if round_ < 0 else f"round {round_ + 1}/{args.runs}"
                progress(f"{what} {'AB'[side]}: {result.wall:.2f} s")
                if result.exit_code != 0:
                    raise SuiteFailed(
                        f"{what} of {'AB'[side]} ({label})", result.exit_code, log.read_text()
                    )
                if round_ >= 0:
                    samples[side]["wall"].append(result.wall)
                    samples[side]["rss_tree"].append(float(result.rss_tree))
    finally:
        for tree in worktrees:
            git_output(cwd, "worktree", "remove", "--force", str(tree))
    stats = [summaries(side) for side in samples]
    faster = "b" if stats[1]["wall"].mean < stats[0]["wall"].mean else "a"
    slow, fast = (stats[0], stats[1]) if faster == "b" else (stats[1], stats[0])
    value, sigma = ratio(slow["wall"], fast["wall"])
    warnings = [w for side in stats for w in reliability(side, args.runs, load)]
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "kind": "ab",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": mode,
        "runs": args.runs,
        "warmup": args.warmup,
        **{
            key: {
                "label": side[0],
                "command": side[1],
                "samples": samples[index],
                "summary": {name: item.as_dict() for name, item in stats[index].items()},
            }
            for index, (key, side) in enumerate(zip(("a", "b"), sides, strict=True))
        },
        "ratio": {"value": value, "stdev": sigma, "faster": faster},
        "warnings": list(dict.fromkeys(warnings)),
        "environment": environment(cwd),
    }


def write_outputs(result: dict[str, Any], args: argparse.Namespace) -> None:
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    if args.markdown:
        # A CI job summary collects several steps' output: add to it, do not replace it.
        appending = str(args.markdown) == os.environ.get("GITHUB_STEP_SUMMARY")
        with args.markdown.open("a" if appending else "w") as out:
            out.write(markdown(result, args.top))


def main(argv: Sequence[str] | None = None, out: Callable[[str], None] = print) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    cwd = Path.cwd()
    if args.command == "chart":
        out(f"bench: wrote {chart(args.dir)}")
        return 0
    scratch = Path(tempfile.mkdtemp(prefix="tuneup-bench-"))
    try:
        if args.command == "ab":
            result = ab(args, cwd, scratch)
            out(ab_terminal(result))
            write_outputs(result, args)
            return 0
        baseline = load_baseline(args.dir / "baseline.json") if args.command == "check" else None
        bench = bench_suite(args, cwd, scratch)
        if not args.no_imports:
            bench["imports"] = import_times(args, cwd, scratch)
        result = new_result("run", args, cwd, bench)
        if baseline is not None:
            result = check(result, baseline, args.threshold)
        out(terminal(result, args.top))
        write_outputs(result, args)
        if args.command == "save":
            save(result, args.dir)
            where = args.dir / "baseline.json"
            out(f"\nbench: saved the baseline to {where}; commit {args.dir}/ to share it")
        if baseline is not None:
            out("")
            for verdict in result["verdicts"]:
                out(verdict_line(verdict))
            return EXIT_WORSE if result["result"] == "fail" else 0
        return 0
    except UsageError as error:
        print(f"bench: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SuiteFailed as failed:
        out(f"bench: FAILED: the suite failed in {failed.where} (exit code {failed.exit_code}).")
        out("Nothing was measured or saved. pytest said:\n")
        out(pytest_summary(failed.output))
        return EXIT_SUITE_FAILED
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
