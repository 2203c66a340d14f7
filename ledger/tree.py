"""The stored tree's arithmetic: complete subtrees, compact ranges and proof plans (부분 트리).

A *complete subtree* ``(level, index)`` covers leaves ``[index·2^level, (index+1)·2^level)``.
The store keeps the hash of every complete subtree, so any RFC 9162 proof is a handful of
lookups: :func:`inclusion_plan` / :func:`consistency_plan` say which ranges a proof needs,
:func:`range_nodes` which stored subtrees make up a range, and :func:`fold_range` hashes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ledger.merkle import EMPTY_ROOT, node_hash, split_point

Node = tuple[int, int]
"""(level, index) of a complete subtree."""


def _path_ranges(index: int, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= 1:
        return []
    mid = start + split_point(end - start)
    if index < mid:
        return _path_ranges(index, start, mid) + [(mid, end)]
    return _path_ranges(index, mid, end) + [(start, mid)]


def inclusion_plan(index: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose tree hashes form PATH(index, D[0:size]), in proof order."""
    if not 0 <= index < size:
        raise ValueError(f"no inclusion proof for index {index} in a tree of size {size}")
    return _path_ranges(index, 0, size)


def _subproof_ranges(m: int, start: int, end: int, complete: bool) -> list[tuple[int, int]]:
    if m == end - start:
        return [] if complete else [(start, end)]
    mid = start + split_point(end - start)
    if m <= mid - start:
        return _subproof_ranges(m, start, mid, complete) + [(mid, end)]
    return _subproof_ranges(m - (mid - start), mid, end, False) + [(start, mid)]


def consistency_plan(size1: int, size2: int) -> list[tuple[int, int]]:
    """The leaf ranges whose tree hashes form PROOF(size1, D[0:size2]), in proof order."""
    if not 0 <= size1 <= size2:
        raise ValueError(f"no consistency proof from size {size1} to size {size2}")
    if size1 in (0, size2):
        return []
    return _subproof_ranges(size1, 0, size2, True)


def range_nodes(start: int, end: int) -> list[Node]:
    """The complete subtrees, left to right, whose fold is MTH(D[start:end]).

    ``start`` must be aligned as RFC 9162's recursion leaves it (a multiple of the largest
    power of two not above ``end - start``); the subtrees follow the binary digits of the width.
    """
    nodes, width = [], end - start
    for level in range(width.bit_length() - 1, -1, -1):
        if width >> level & 1:
            nodes.append((level, start >> level))
            start += 1 << level
    return nodes


def fold_range(hashes: list[bytes]) -> bytes:
    """MTH of a range from its complete subtrees' hashes (left to right)."""
    if not hashes:
        return EMPTY_ROOT
    acc = hashes[-1]
    for left in reversed(hashes[:-1]):
        acc = node_hash(left, acc)
    return acc


def prefix_nodes(size: int) -> list[Node]:
    """The compact range of a ``size``-leaf tree: one complete subtree per set bit of ``size``."""
    return range_nodes(0, size)


def build_proof(plan: list[tuple[int, int]], fetch: Callable[[Iterable[Node]], dict[Node, bytes]]) -> list[bytes]:
    """Turn a proof plan into hashes, asking ``fetch`` once for every subtree it needs."""
    per_range = [range_nodes(a, b) for a, b in plan]
    known = fetch({n for nodes in per_range for n in nodes})
    return [fold_range([known[n] for n in nodes]) for nodes in per_range]


@dataclass
class CompactRange:
    """The right edge of a growing tree: appending a leaf yields the new complete subtrees."""

    size: int = 0
    nodes: list[tuple[Node, bytes]] = field(default_factory=list)

    def append(self, leaf: bytes) -> list[tuple[Node, bytes]]:
        """Add one leaf hash; return the interior subtrees (level ≥ 1) it completes."""
        self.nodes.append(((0, self.size), leaf))
        self.size += 1
        created = []
        while len(self.nodes) > 1 and self.nodes[-1][0][0] == self.nodes[-2][0][0]:
            (level, index), right = self.nodes.pop()
            _, left = self.nodes.pop()
            merged = ((level + 1, index >> 1), node_hash(left, right))
            self.nodes.append(merged)
            created.append(merged)
        return created

    def root(self) -> bytes:
        """MTH of the leaves so far."""
        return fold_range([h for _, h in self.nodes])
