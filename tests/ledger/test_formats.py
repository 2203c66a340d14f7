"""Signed notes, checkpoints, cosignatures and tlog-proofs against published vectors."""

from __future__ import annotations

import base64
import hashlib

import pytest

from ledger import checkpoint as cp
from ledger import merkle, note
from ledger import proof as tp

# Go's golang.org/x/mod/sumdb/note note_test.go (TestNewSigner, TestSign, TestOpen).
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
PETER_SIG = ("— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6R"
             "yyBwJnAM=\n")
ENOCH_SIG = ("— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1Rv"
             "Mc+QQ=\n")

# A real tlog-proof of Go's checksum database (sum.golang.org), from
# github.com/transparency-dev/incubator cmd/tlog-verify/testdata/go.sum-database-tree-43930254.tlog-proof
# with its leaf (…-43930254.raw) and the sum.golang.org key built into the go command.
SUMDB_VKEY = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8"
SUMDB_LEAF = (b"github.com/transparency-dev/tessera v1.0.0 h1:4OT1V9xJLa5NnYlFWWlCdZkCm18/o12rdd+bCTje7XE=\n"
              b"github.com/transparency-dev/tessera v1.0.0/go.mod h1:TLvfjlkbmsmKVEJUtzO2eb9Q2IBnK3EJ0dI4G0oxEOU=\n")
SUMDB_PROOF = """c2sp.org/tlog-proof@v1
index 43930254
Q2cuq1e21q4UC1RQ6wtmXmCxk2q3Wqz/yFvD12P2KSM=
VdgHwjNYSv9fZVxvYzn8kySGvrjqeCnzdJqJILieWf4=
ARfBpZjsj3LSP42V4xBVdCKbHVa4WXSbuFAa0rUSCVQ=
0VYgz0Vmgz6jOM8H6edZBWHtO6+R7tPvN4EOwwRRSws=
vq+ifloynXE+ORFC1wymQT0cpNIJA1tqg2mQpA55+kc=
SCRewH6vHE1/Vwkt5yEW8xT7il0WbWltXjFIVqlGtQQ=
p//fIG8jgZie4MMwjHF7quCIJ4hErr7U4at0HV34MZQ=
D3K5YdBlxQcklrgF8vSbDyT05J5/mA9lzuhhp72uSOk=
jeYlYyH9FhYGwu+ZJmfPr8GvSNdgrydwqmJgHsygoR0=
p6RFgfGhu8Uuy0LyyZdI4MrSPOZkMe+ycwWJFfr8zTI=
AMZsxrVKBPSe8nSNVVCTyTxWns0CiNbChG/FoiSJWuM=
e+rtSmK5Pd1K5LgFwj7VSo5XJXOcq7OOcqPVZn1hqeM=
expmv1e6XiGr5NMUjMRkSZijlcBx+fZcpqQmUnawhOY=
+Wuic0YARH84k80/Q+KJIbhRCldxG8npjLFiHMLtEpo=
NOMeJqlyUxFXUKYRI/1YqAF4WJBfXJr8UM/SlWGqxgY=
Lm6+TAlLb2lvUs/3unZ2t6RSmJw8RO+WuEuUbAw3QEc=
Jhh2EDG15gDBoLmLiF88lVTgd+uvx3L0xczb8Y3kSq8=
taenaiKqtYMXS3gDzIF3q8VZzqAXqftHqL9BC39njaw=
kZNKypGwEANnt1+msLINnqrIrwX+0MGZUTTKXTfbloI=
A4NJSymjVJ5dvGPaGC3Gj04x8qVRKYfh0pP24mwd6Yk=
KQq808D9W4NUgr4ip+rF/RCyAUERYKKCwKiiAJfaFOc=
I3EVN3zM2rDjs5Q06Zr5gxhg+ksnX2h77E75uL+h3aI=
7iNSYSDhMeRkeV7r9krKbKelNPiqDCJU1i6xAn/Fbuw=
MYqdo6zSjxaAn+29EEjNRbPYm0myB3bheu+HTZIAbVY=
S7olT9TPLXk+bbawbV3sAzWMmhcpWrtjbw++9ZTiyn8=
xJ20xXM4QItt5vxFOtolZ5l18p7ej1+RimNkgWmoRFM=

go.sum database tree
58253265
lIyLAEe4zJUQAda6pFFg3yPOf7j1SgfMEDrpgoX39JU=

— sum.golang.org Az3grkvBHbFcpEFQ3BhGlktgB7pcswIW+ez91eWY6rNPtWfAey8bJO2rVoG2yO5zXvgiaikWVHqon+e14JhA+WXvpAY=
"""


def test_go_signature_is_reproduced_byte_for_byte():
    assert note.sign(TEXT, PETER_SKEY) == TEXT + "\n" + PETER_SIG


def test_go_key_ids_and_notes_verify():
    assert note.parse_vkey(PETER_VKEY).key_id.hex() == "c74f20a3"
    assert note.verify(TEXT + "\n" + PETER_SIG + ENOCH_SIG, PETER_VKEY)
    assert note.verify(TEXT + "\n" + PETER_SIG + ENOCH_SIG, ENOCH_VKEY)
    assert not note.verify(TEXT + "\n" + ENOCH_SIG, PETER_VKEY)


@pytest.mark.parametrize("bad", [
    TEXT, TEXT + "\n", TEXT + "\n" + PETER_SIG[:-1], "\x01" + TEXT + "\n" + PETER_SIG,
    TEXT + "\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
    TEXT + "\n" + PETER_SIG + "Unexpected line.\n", TEXT + "\n" + PETER_SIG * 101,
    TEXT + "\n" + PETER_SIG[:60] + "ABCD" + PETER_SIG[60:],       # Go: invalid signature
    TEXT.replace("problem", "Problem", 1) + "\n" + PETER_SIG, None, b"bytes",
])
def test_malformed_or_wrong_notes_are_refused(bad):
    assert note.verify(bad, PETER_VKEY) is False


def test_a_failing_signature_by_the_key_rejects_the_note_even_beside_a_good_one():
    forged = PETER_SIG[:60] + "ABCD" + PETER_SIG[60:]
    assert not note.verify(TEXT + "\n" + PETER_SIG + forged, PETER_VKEY)


def test_mangled_keys_are_refused():
    for i in range(len(PETER_VKEY)):
        mangled = PETER_VKEY[:i] + chr(ord(PETER_VKEY[i]) + 1) + PETER_VKEY[i + 1:]
        assert not note.verify(TEXT + "\n" + PETER_SIG, mangled)
    with pytest.raises(note.NoteError):
        note.parse_skey(PETER_SKEY[:-2])


def test_generated_keys_sign_and_verify():
    skey, vkey = note.generate("nomusa.example/log")
    signed = note.sign("hello\n", skey)
    assert note.verify(signed, vkey)
    assert not note.verify(signed, note.generate("nomusa.example/log")[1])


def test_real_sum_golang_org_checkpoint_and_inclusion_proof():
    proof = tp.parse_proof(SUMDB_PROOF)
    head = cp.open_checkpoint(proof.checkpoint, SUMDB_VKEY, "go.sum database tree")
    assert (head.size, proof.index, len(proof.hashes)) == (58253265, 43930254, 26)
    leaf = merkle.leaf_hash(SUMDB_LEAF)
    assert leaf.hex() == "0fa57c511c3b2ffcc0a05ad63172568d265aaf9844e9b636a0978795396f2ab1"
    assert merkle.verify_inclusion(leaf, proof.index, head.size, list(proof.hashes), head.root)
    assert not merkle.verify_inclusion(leaf, proof.index + 1, head.size, list(proof.hashes), head.root)
    assert proof.text() == SUMDB_PROOF
    with pytest.raises(cp.CheckpointError):
        cp.open_checkpoint(proof.checkpoint, PETER_VKEY)


def test_tlog_proof_text_matches_go_marshal():
    # transparency-dev/merkle proof/tlog_proof_test.go TestMarshal
    h1, h2 = hashlib.sha256(b"hash1").digest(), hashlib.sha256(b"hash2").digest()
    b1, b2 = base64.b64encode(h1).decode(), base64.b64encode(h2).decode()
    assert tp.TlogProof(5, (h1, h2), "test checkpoint\n").text() == \
        f"c2sp.org/tlog-proof@v1\nindex 5\n{b1}\n{b2}\n\ntest checkpoint\n"
    extra = base64.b64encode(b"extra information").decode()
    with_extra = f"c2sp.org/tlog-proof@v1\nextra {extra}\nindex 10\n{b1}\n\ncheckpoint data\n"
    assert tp.TlogProof(10, (h1,), "checkpoint data\n", b"extra information").text() == with_extra
    assert tp.parse_proof(with_extra) == tp.TlogProof(10, (h1,), "checkpoint data\n", b"extra information")
    assert tp.TlogProof(0, (), "checkpoint\n").text() == "c2sp.org/tlog-proof@v1\nindex 0\n\ncheckpoint\n"


@pytest.mark.parametrize("bad", [
    "wrong-header\nindex 0\n\ncheckpoint\n", "c2sp.org/tlog-proof@v1\nextra !!notbase64!!\nindex 0\n\ncheckpoint\n",
    "c2sp.org/tlog-proof@v1\n\n\ncheckpoint\n", "c2sp.org/tlog-proof@v1\nindex notanumber\n\ncheckpoint\n",
    "c2sp.org/tlog-proof@v1\nindex -5\n\ncheckpoint\n", "c2sp.org/tlog-proof@v1\nindex 01\n\nc\n",
    "c2sp.org/tlog-proof@v1\nindex 0\n!!notbase64!!\n\ncheckpoint\n",
    "c2sp.org/tlog-proof@v1\nindex 0\n" + base64.b64encode(bytes(64)).decode() + "\n\ncheckpoint\n",
])
def test_malformed_tlog_proofs_are_refused(bad):
    with pytest.raises(tp.ProofFormatError):
        tp.parse_proof(bad)


def test_checkpoint_body_round_trip_and_strictness():
    body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    head = cp.parse_body(body)
    assert (head.origin, head.size, head.body()) == ("example.com/behind-the-sofa", 20852163, body)
    assert cp.parse_body(body + "ext\n").extensions == ("ext",)
    for bad in (body[:-1], body.replace("20852163", "020852163"), body + "\n",
                body.replace("CsUY", "!sUY"), "a\n1\n" + base64.b64encode(bytes(31)).decode() + "\n"):
        with pytest.raises(cp.CheckpointError):
            cp.parse_body(bad)


def test_cosignature_v1_message_key_id_and_signature():
    skey, vkey = cp.generate_witness("witness.example/w1")
    public = note.parse_vkey(vkey, (note.COSIGNATURE_V1,))
    assert public.alg == 4
    assert public.key_id == hashlib.sha256(b"witness.example/w1\n\x04" + public.key).digest()[:4]
    body = cp.Checkpoint("log.example", 3, bytes(32)).body()
    line = cp.cosign(body, skey, 1679315147)
    raw = note.b64decode(line.split(" ")[2].strip())
    assert raw[:4] == public.key_id and int.from_bytes(raw[4:12], "big") == 1679315147
    message = b"cosignature/v1\ntime 1679315147\n" + body.encode()
    assert note.verify_ed25519(public.key, message, raw[12:])
    assert cp.verify_cosignature(body, line, vkey) == 1679315147
    assert cp.verify_cosignature(body.replace("3", "4", 1), line, vkey) is None
    assert cp.verify_cosignature(body, line, cp.generate_witness("witness.example/w1")[1]) is None
    assert cp.verify_cosignature(body, "garbage", vkey) is None


def test_cosignature_by_plain_ed25519_witness_key_uses_type_4_key_id():
    skey, vkey = note.generate("w2.example")
    line = cp.cosign("log\n1\n" + base64.b64encode(bytes(32)).decode() + "\n", skey, 5)
    assert cp.verify_cosignature("log\n1\n" + base64.b64encode(bytes(32)).decode() + "\n", line, vkey) == 5
    assert note.b64decode(line.split()[2])[:4] != note.parse_vkey(vkey).key_id
