"""Did the shards run the suite exactly once: no test lost, none run twice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .junit import JunitKey, ShardReport, junit_key


@dataclass(frozen=True)
class Union:
    suite: int  # tests the suite has
    ran: int  # test cases in the shards' files, all of them
    per_shard: list[tuple[str, int]]  # (shard label, test cases)
    lost: list[str]  # node ids no shard ran
    twice: list[str]  # node ids more than one shard (or one twice) ran
    unknown: list[JunitKey]  # test cases the suite does not have
    absent_groups: list[int]  # groups of 1..N with no file
    mixed: bool  # files of different splits (a 3-shard run's file beside 2 shards')

    @property
    def exact(self) -> bool:
        problems = self.lost or self.twice or self.unknown or self.absent_groups
        return not (problems or self.mixed)


def label(shard: ShardReport) -> str:
    if shard.group is not None and shard.splits is not None:
        return f"{shard.group}/{shard.splits}"
    return shard.path.name


def union(
    suite: Sequence[str], shards: Sequence[ShardReport], prefix: str = ""
) -> Union:
    """Each suite test must appear in exactly one shard's file, once."""
    keys = {junit_key(test, prefix): test for test in suite}
    counts = Counter(key for shard in shards for key in shard.tests)
    splits = {shard.splits for shard in shards if shard.splits is not None}
    groups = {shard.group for shard in shards if shard.group is not None}
    expected = set(range(1, max(splits) + 1)) if len(splits) == 1 else set()
    return Union(
        suite=len(suite),
        ran=sum(counts.values()),
        per_shard=[(label(shard), len(shard.tests)) for shard in shards],
        lost=[test for key, test in keys.items() if counts[key] == 0],
        twice=[test for key, test in keys.items() if counts[key] > 1],
        unknown=sorted(key for key in counts if key not in keys),
        absent_groups=sorted(expected - groups),
        mixed=len(splits) > 1,
    )
