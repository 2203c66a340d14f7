"""Operator commands: `flask --app wsgi users create --role center ...`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from app.errors import DomainError
from app.models.accounts import Role
from app.services import accounts

users = AppGroup("users", help="Operator-managed accounts (center, insurer, admin).")


@users.command("create")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--name", required=True)
@click.option("--email")
@click.option("--phone")
@click.option("--birth-date", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_user(role, name, email, phone, birth_date, password):
    """Create an account of any role; the only way to create center, insurer and admin users."""
    try:
        user = accounts.create_user(
            accounts.NewAccount(
                role=role,
                password=password,
                name=name,
                email=email,
                phone=phone,
                birth_date=birth_date.date() if birth_date else None,
            ),
            operator=True,
        )
    except DomainError as exc:
        raise click.ClickException(f"{exc.type}: {exc.detail or ''} {exc.errors or ''}".strip()) from exc
    click.echo(user.id)


def init_app(app: Flask) -> None:
    from app import cli_contracts
    from app.cli_ledger import group as ledger_group

    app.cli.add_command(users)
    app.cli.add_command(ledger_group)
    app.cli.add_command(cli_contracts.contracts)
