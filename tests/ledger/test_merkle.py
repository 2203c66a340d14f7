"""RFC 9162 tree: published reference vectors and Hypothesis properties."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger import merkle, tree

# The RFC 6962 / Certificate Transparency reference vectors, copied from
# github.com/transparency-dev/merkle proof/verify_test.go (the same set as
# certificate-transparency-go merkletree and Google trillian): leaves, roots[size-1],
# inclusionProofs {leaf (1-based), size, proof}, consistencyProofs {size1, size2, proof}.
LEAVES = [bytes.fromhex(h) for h in (
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f",
)]
ROOTS = [bytes.fromhex(h) for h in (
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
)]
INCLUSION = [  # (leaf index 0-based, tree size, proof)
    (0, 1, []),
    (0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]
CONSISTENCY = [
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]


def test_empty_tree_is_sha256_of_nothing():
    assert merkle.root_hash([]) == hashlib.sha256(b"").digest() == merkle.EMPTY_ROOT


@pytest.mark.parametrize("size", range(1, 9))
def test_reference_roots(size):
    assert merkle.root_hash(LEAVES[:size]) == ROOTS[size - 1]


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION)
def test_reference_inclusion_proofs(index, size, proof):
    expected = [bytes.fromhex(h) for h in proof]
    assert merkle.inclusion_proof(LEAVES, index, size) == expected
    assert merkle.verify_inclusion(merkle.leaf_hash(LEAVES[index]), index, size, expected, ROOTS[size - 1])


@pytest.mark.parametrize(("size1", "size2", "proof"), CONSISTENCY)
def test_reference_consistency_proofs(size1, size2, proof):
    expected = [bytes.fromhex(h) for h in proof]
    assert merkle.consistency_proof(LEAVES, size1, size2) == expected
    assert merkle.verify_consistency(size1, size2, expected, ROOTS[size1 - 1], ROOTS[size2 - 1])


GOOD = merkle.inclusion_proof(LEAVES, 5, 8)
LEAF5 = merkle.leaf_hash(LEAVES[5])


@pytest.mark.parametrize("args", [
    (LEAF5, 5, 8, GOOD, ROOTS[6]),                    # wrong root
    (LEAF5, 8, 8, GOOD, ROOTS[7]),                    # index == size
    (LEAF5, -1, 8, GOOD, ROOTS[7]),
    (LEAF5, 5, 8, GOOD[:-1], ROOTS[7]),               # too short
    (LEAF5, 5, 8, [*GOOD, ROOTS[7]], ROOTS[7]),       # too long
    (LEAF5, 5, 8, [GOOD[0][:31], *GOOD[1:]], ROOTS[7]),  # a 31-byte hash
    (LEAF5[:16], 5, 8, GOOD, ROOTS[7]),
    (LEAF5, 5, 8, "not a list", ROOTS[7]),
    (LEAF5, 5, 8, [bytearray(GOOD[0]), *GOOD[1:]], ROOTS[7]),  # not bytes
    (LEAF5, "5", 8, GOOD, ROOTS[7]),
    (None, 5, 8, GOOD, ROOTS[7]),
    (LEAF5, 5, 8, [b"\0" * 32] * 65, ROOTS[7]),
])
def test_inclusion_refuses_malformed_input(args):
    assert merkle.verify_inclusion(*args) is False


def test_consistency_edge_cases():
    r = ROOTS[3]
    assert merkle.verify_consistency(4, 4, [], r, r)
    assert not merkle.verify_consistency(4, 4, [], r, ROOTS[4])
    assert not merkle.verify_consistency(4, 4, [r], r, r)
    assert merkle.verify_consistency(0, 4, [], merkle.EMPTY_ROOT, r)
    assert not merkle.verify_consistency(0, 4, [], r, r)
    assert not merkle.verify_consistency(5, 4, [], r, r)
    assert not merkle.verify_consistency(2, 5, [], ROOTS[1], ROOTS[4])
    assert not merkle.verify_consistency(2, 5, None, ROOTS[1], ROOTS[4])
    assert not merkle.verify_consistency(2, 5, [b"x"], ROOTS[1], ROOTS[4])


def test_generating_impossible_proofs_raises():
    with pytest.raises(ValueError):
        merkle.inclusion_proof(LEAVES, 8, 8)
    with pytest.raises(ValueError):
        merkle.consistency_proof(LEAVES, 5, 4)


# distinct leaves: with repeated leaves two different positions can honestly share a proof
leaves_st = st.lists(st.binary(max_size=8), min_size=1, max_size=70, unique=True)


def _flip(h: bytes, bit: int) -> bytes:
    return bytes([h[0] ^ (1 << (bit % 8))]) + h[1:]


@settings(max_examples=150, deadline=None)
@given(leaves_st, st.data())
def test_every_inclusion_proof_verifies_and_any_change_is_refused(leaves, data):
    size = data.draw(st.integers(1, len(leaves)))
    index = data.draw(st.integers(0, size - 1))
    root, leaf = merkle.root_hash(leaves[:size]), merkle.leaf_hash(leaves[index])
    proof = merkle.inclusion_proof(leaves, index, size)
    assert merkle.verify_inclusion(leaf, index, size, proof, root)
    bit = data.draw(st.integers(0, 255))
    assert not merkle.verify_inclusion(leaf, index, size, proof, _flip(root, bit))
    if proof:
        i = data.draw(st.integers(0, len(proof) - 1))
        assert not merkle.verify_inclusion(leaf, index, size, proof[:i] + [_flip(proof[i], bit)] + proof[i + 1:], root)
    other = data.draw(st.integers(0, size + 2).filter(lambda v: v != index))
    assert not merkle.verify_inclusion(leaf, other, size, proof, root)
    # Another size is refused whenever it changes the leaf's path shape (sizes giving the same
    # path for this leaf, e.g. 9 and 10 for leaf 0, describe the same hashes and may verify).
    resized = data.draw(st.integers(0, 4 * size + 4).filter(lambda s: s != size))
    if resized <= index or len(tree.inclusion_plan(index, resized)) != len(proof):
        assert not merkle.verify_inclusion(leaf, index, resized, proof, root)


@settings(max_examples=150, deadline=None)
@given(leaves_st, st.data())
def test_every_consistency_proof_verifies_and_any_change_is_refused(leaves, data):
    size2 = data.draw(st.integers(1, len(leaves)))
    size1 = data.draw(st.integers(1, size2))
    root1, root2 = merkle.root_hash(leaves[:size1]), merkle.root_hash(leaves[:size2])
    proof = merkle.consistency_proof(leaves, size1, size2)
    assert merkle.verify_consistency(size1, size2, proof, root1, root2)
    bit = data.draw(st.integers(0, 255))
    assert not merkle.verify_consistency(size1, size2, proof, _flip(root1, bit), root2)
    assert not merkle.verify_consistency(size1, size2, proof, root1, _flip(root2, bit))
    if proof:
        i = data.draw(st.integers(0, len(proof) - 1))
        bad = proof[:i] + [_flip(proof[i], bit)] + proof[i + 1:]
        assert not merkle.verify_consistency(size1, size2, bad, root1, root2)
        resized = data.draw(st.integers(size1, 4 * size2 + 4).filter(lambda s: s != size2))
        if len(tree.consistency_plan(size1, resized)) != len(proof):
            assert not merkle.verify_consistency(size1, resized, proof, root1, root2)
        assert not merkle.verify_consistency(size1, size2, proof[:-1], root1, root2)
