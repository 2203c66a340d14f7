"""Operator commands for contracts: `flask --app wsgi contracts shred CONTRACT_ID --reason ...`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.clock import now
from app.errors import DomainError
from app.services import contract_signing

contracts = AppGroup("contracts", help="Labor contracts (operator actions).")


@contracts.command("shred")
@click.argument("contract_id")
@click.option("--reason", required=True, help="why (e.g. the worker's erasure request and its date)")
def shred(contract_id, reason):
    """Crypto-shredding: delete every version's terms and salt; the ledger stays verifiable."""
    try:
        contract = contract_signing.shred(contract_id, reason, now())
    except DomainError as exc:
        raise click.ClickException(f"{exc.type}: {exc.detail or ''}".strip()) from exc
    click.echo(f"shredded {contract.id} ({len(contract.versions)} versions)")
