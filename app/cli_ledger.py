"""Operator commands for the ledger: `flask --app wsgi ledger add-witness|audit|checkpoint`."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app import clock
from app.errors import DomainError
from app.services import ledger

group = AppGroup("ledger", help="The transparency log: witnesses, audit, checkpoints.")


@group.command("add-witness")
@click.argument("vkey")
def add_witness(vkey):
    """Accept cosignatures from a witness (labor center, 자치구, 근로복지공단) verifier key."""
    try:
        click.echo(ledger.register_witness(vkey, clock.now()))
    except (DomainError, ValueError) as exc:
        raise click.ClickException(f"not a witness key: {exc}") from exc


@group.command("audit")
def audit():
    """Recompute every leaf, node and checkpoint; exit 1 at the first divergence."""
    report = ledger.log().audit(ledger.connection())
    click.echo(str(report))
    if not report.ok:
        raise SystemExit(1)


@group.command("checkpoint")
def checkpoint():
    """Sign a checkpoint now if the tree grew, and print the latest."""
    click.echo(ledger.publish_checkpoint(clock.now()), nl=False)
