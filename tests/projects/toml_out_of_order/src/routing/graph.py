"""A road graph: places and the minutes it takes to drive between them."""

from collections import defaultdict


class Roads:
    def __init__(self) -> None:
        self.edges: dict[str, dict[str, float]] = defaultdict(dict)

    def connect(self, a: str, b: str, minutes: float, one_way: bool = False) -> None:
        if minutes <= 0:
            raise ValueError(f"{a}-{b}: a drive takes some time")
        self.edges[a][b] = minutes
        if not one_way:
            self.edges[b][a] = minutes

    def neighbours(self, place: str) -> dict[str, float]:
        return dict(self.edges.get(place, {}))
