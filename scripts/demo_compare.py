"""Before and after side by side, from the demo's benchmark results (JSON from python -m pytest_tuneup.bench).

Usage: python scripts/demo_compare.py before.json after.json ab.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

MIB = 1024 * 1024


def median(result: dict[str, Any], figure: str) -> float:
    return float(result["summary"][figure]["median"])


def compare(before: dict[str, Any], after: dict[str, Any], ab: dict[str, Any]) -> list[str]:
    cpu_before = median(before, "user") + median(before, "sys")
    cpu_after = median(after, "user") + median(after, "sys")
    rows = [
        ("", "before", "after", "change"),
        (
            "wall time, median",
            f"{median(before, 'wall'):.2f} s",
            f"{median(after, 'wall'):.2f} s",
            f"{median(before, 'wall') / median(after, 'wall'):.2f}x faster",
        ),
        ("CPU user+sys, median", f"{cpu_before:.2f} s", f"{cpu_after:.2f} s", f"{cpu_before / cpu_after:.2f}x less"),
        (
            "peak memory, process tree",
            f"{median(before, 'rss_tree') / MIB:.0f} MiB",
            f"{median(after, 'rss_tree') / MIB:.0f} MiB",
            f"{(median(after, 'rss_tree') / median(before, 'rss_tree') - 1) * 100:+.0f}%",
        ),
        (
            "collection, median",
            f"{median(before, 'collection'):.2f} s",
            f"{median(after, 'collection'):.2f} s",
            "",
        ),
        ("tests passed", str(before["outcomes"].get("passed")), str(after["outcomes"].get("passed")), ""),
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    lines = ["== before and after"]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  " + "   ".join(cells).rstrip())
    ratio = ab["ratio"]
    faster = "after" if ratio["faster"] == "b" else "before"
    lines.append("")
    lines.append(
        f"  interleaved ({ab['runs']} rounds, A = before, B = after): {faster} is"
        f" {ratio['value']:.2f} ± {ratio['stdev']:.2f} times faster"
    )
    lines += [f"  warning: {warning}" for warning in ab.get("warnings", [])]
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    before, after, ab = (json.loads(Path(name).read_text()) for name in argv)
    print("\n".join(compare(before, after, ab)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
