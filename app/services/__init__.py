"""Services own the transaction: they load rows, call the rules and the ledger, persist, commit once."""
