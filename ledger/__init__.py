"""nomusa's transparency log (투명성 로그): a pure library, no Flask, no clock, no environment.

Modules: :mod:`merkle` (RFC 9162 hashing and proofs), :mod:`tree` (stored-tree arithmetic),
:mod:`note` (C2SP signed notes), :mod:`checkpoint` (checkpoints, witness cosignatures),
:mod:`proof` (tlog-proof text), :mod:`bundle` (JSON evidence bundles), :mod:`store` (SQL
storage), :mod:`log` (the :class:`~ledger.log.Log`), :mod:`audit`, :mod:`witness`.
Time, keys and connections are always arguments. See docs/LEDGER.md.
"""
