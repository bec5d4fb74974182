"""Whether doctor-fix's rewrite made the suite slower, from its A/B rounds.

The A/B runs the copy from before the rewrite (A) and the rewritten tree (B) in
alternating rounds. Wall time on a shared machine moves with the machine's load: with
the two rounds ``make doctor-fix`` runs by default, a busy neighbour during both B runs
looked like a 1.23 ± 0.18 times slowdown of a rewrite that saved CPU (seen on our own
CI). CPU time (user + sys of the process tree) hardly moves with load, so it decides;
wall time decides alone only when the CPU did not get cheaper (a rewrite that waits
instead of working). Each figure is judged as bench-check's gate judges it: the
paired ratios B / A and their distribution-free lower bound (``bench.gate.bounds``),
so one noisy round cannot fail it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..bench.gate import Bounds, bounds

# A figure counts as slower only beyond this: below it, the timer and the scheduler.
THRESHOLD = 0.05


@dataclass(frozen=True)
class Judgement:
    wall: Bounds  # B / A: below 1, the rewrite is faster
    cpu: Bounds | None  # None when the A/B has no CPU samples

    @property
    def slower(self) -> bool:
        limit = 1.0 + THRESHOLD
        if self.cpu is not None:
            if self.cpu.low > limit:
                return True
            if self.cpu.ratio < 1.0:
                return False
        return self.wall.low > limit

    def cpu_text(self) -> str:
        """'2.10 times less CPU (1.90-2.30 over the rounds)', or '' without samples."""
        if self.cpu is None:
            return ""
        if self.cpu.ratio <= 1.0:
            times, low, high = 1 / self.cpu.ratio, 1 / self.cpu.high, 1 / self.cpu.low
            word = "less"
        else:
            times, low, high = self.cpu.ratio, self.cpu.low, self.cpu.high
            word = "more"
        return f"{times:.2f} times {word} CPU ({low:.2f}-{high:.2f} over the rounds)"


def judge(
    a: Mapping[str, Sequence[float]], b: Mapping[str, Sequence[float]]
) -> Judgement:
    """A and B: each side's samples per figure, round by round."""
    cpu = bounds(a["cpu"], b["cpu"]) if a.get("cpu") and b.get("cpu") else None
    return Judgement(bounds(a["wall"], b["wall"]), cpu)
