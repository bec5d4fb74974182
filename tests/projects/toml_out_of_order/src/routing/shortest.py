"""Dijkstra's shortest path, returning the places passed and the total minutes."""

import heapq

from routing.graph import Roads


def route(roads: Roads, start: str, goal: str) -> tuple[list[str], float]:
    queue: list[tuple[float, str, list[str]]] = [(0.0, start, [start])]
    done: set[str] = set()
    while queue:
        minutes, place, path = heapq.heappop(queue)
        if place == goal:
            return path, minutes
        if place in done:
            continue
        done.add(place)
        for nxt, cost in roads.neighbours(place).items():
            if nxt not in done:
                heapq.heappush(queue, (minutes + cost, nxt, [*path, nxt]))
    raise LookupError(f"no road from {start} to {goal}")
