"""RFC 9162 §2.1 Merkle tree hashing, proofs and proof verification (머클 트리).

Everything here works on in-memory lists and is the reference the stored tree
(:mod:`ledger.tree`, :mod:`ledger.store`) is tested against. Verification
functions never raise: any malformed input is simply a failed verification.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
_MAX_PROOF = 64


def leaf_hash(data: bytes) -> bytes:
    """MTH of a one-leaf tree: SHA-256(0x00 ‖ data)."""
    return hashlib.sha256(b"\x00" + bytes(data)).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """An interior node: SHA-256(0x01 ‖ left ‖ right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """The largest power of two strictly smaller than ``n`` (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def _mth(hashes: Sequence[bytes]) -> bytes:
    if not hashes:
        return EMPTY_ROOT
    if len(hashes) == 1:
        return hashes[0]
    k = split_point(len(hashes))
    return node_hash(_mth(hashes[:k]), _mth(hashes[k:]))


def root_hash(leaves: Sequence[bytes]) -> bytes:
    """The Merkle tree hash of a list of leaf DATA (empty tree: SHA-256 of the empty string)."""
    return _mth([leaf_hash(d) for d in leaves])


def _path(index: int, hashes: Sequence[bytes]) -> list[bytes]:
    if len(hashes) <= 1:
        return []
    k = split_point(len(hashes))
    if index < k:
        return _path(index, hashes[:k]) + [_mth(hashes[k:])]
    return _path(index - k, hashes[k:]) + [_mth(hashes[:k])]


def inclusion_proof(leaves: Sequence[bytes], index: int, size: int) -> list[bytes]:
    """PATH(index, D[0:size]) of RFC 9162 §2.1.3.1, leaf's sibling first."""
    if not 0 <= index < size <= len(leaves):
        raise ValueError(f"no inclusion proof for index {index} in a tree of size {size}")
    return _path(index, [leaf_hash(d) for d in leaves[:size]])


def _subproof(m: int, hashes: Sequence[bytes], complete: bool) -> list[bytes]:
    n = len(hashes)
    if m == n:
        return [] if complete else [_mth(hashes)]
    k = split_point(n)
    if m <= k:
        return _subproof(m, hashes[:k], complete) + [_mth(hashes[k:])]
    return _subproof(m - k, hashes[k:], False) + [_mth(hashes[:k])]


def consistency_proof(leaves: Sequence[bytes], size1: int, size2: int) -> list[bytes]:
    """PROOF(size1, D[0:size2]) of RFC 9162 §2.1.4.1 (empty when size1 is 0 or equals size2)."""
    if not 0 <= size1 <= size2 <= len(leaves):
        raise ValueError(f"no consistency proof from size {size1} to size {size2}")
    if size1 in (0, size2):
        return []
    return _subproof(size1, [leaf_hash(d) for d in leaves[:size2]], True)


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes) and len(value) == HASH_SIZE


def _is_size(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << 63


def _well_formed(proof: object, *hashes: object) -> bool:
    if not isinstance(proof, (list, tuple)) or len(proof) > _MAX_PROOF:
        return False
    return all(_is_hash(h) for h in (*proof, *hashes))


def verify_inclusion(leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2: does ``proof`` show leaf ``index`` of a ``size``-leaf tree has ``leaf_hash``?"""
    if not (_well_formed(proof, leaf_hash, root) and _is_size(index) and _is_size(size) and index < size):
        return False
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes) -> bool:
    """RFC 9162 §2.1.4.2: is the ``size1`` tree with ``root1`` a prefix of the ``size2`` tree with ``root2``?

    Edge cases: equal sizes need an empty proof and equal roots; ``size1 == 0`` needs an empty
    proof and ``root1`` equal to the empty-tree hash.
    """
    if not (_well_formed(proof, root1, root2) and _is_size(size1) and _is_size(size2) and size1 <= size2):
        return False
    if size1 == size2:
        return not proof and root1 == root2
    if size1 == 0:
        return not proof and root1 == EMPTY_ROOT
    if not proof:
        return False
    path = list(proof)
    if size1 & (size1 - 1) == 0:
        path.insert(0, root1)
    return _fold_consistency(size1, size2, path, root1, root2)


def _fold_consistency(size1: int, size2: int, path: list[bytes], root1: bytes, root2: bytes) -> bool:
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == root1 and sr == root2 and sn == 0
