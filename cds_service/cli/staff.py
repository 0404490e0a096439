"""`oncomatch staff add|password|disable|enable|list`: the staff accounts that sign in at
/staff/login.

Mounted by the main CLI as the `staff` group. The password of `add` and `password` is read from
stdin when it is not a terminal (one line: `printf '%s\\n' "$PASSWORD" | oncomatch staff add
...`), else asked twice without echo; it is never taken as an argument, which would leave it in
the shell history and the process list. Each change is written to the staff audit trail as done
by `cli:<OS user>`. Like the other commands, they bring the database's schema to this version
first.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Annotated

import typer
from sqlalchemy import Engine

from cds_service.cli.database import DatabaseUrl, open_engine
from cds_service.cli.errors import database_errors
from cds_service.cli.table import print_table
from cds_service.clock import system_clock
from cds_service.staff.accounts import AccountStore, check_name
from cds_service.staff.audit import record_action
from cds_service.staff.errors import AccountError
from cds_service.staff.passwords import PasswordBook, check_password_rule
from cds_service.staff.roles import Role
from cds_service.staff.sessions import end_sessions_of
from cds_service.storage.schema import upgrade_schema

staff_app = typer.Typer(
    help="Staff accounts for the sign-in at /staff/login: add, password, disable, enable, list.",
    no_args_is_help=True,
)

ACCOUNT_ERROR = 1
ACCOUNT_ADDED = "staff.account_added"
ACCOUNT_DISABLED = "staff.account_disabled"
ACCOUNT_ENABLED = "staff.account_enabled"
PASSWORD_CHANGED = "staff.password_changed"  # noqa: S105 - an audit action name


@contextmanager
def _database(database_url: str | None) -> Iterator[Engine]:
    with database_errors(), open_engine(database_url) as engine:
        upgrade_schema(engine)
        yield engine


@contextmanager
def _account_errors() -> Iterator[None]:
    try:
        yield
    except AccountError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(ACCOUNT_ERROR) from None


def _operator() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no login name (a container's anonymous uid)
        return "cli"


def _read_password() -> str:
    if sys.stdin.isatty():
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
    line = sys.stdin.readline()
    if not line:
        raise AccountError("no password on stdin (send it as one line, or run on a terminal)")
    return line.rstrip("\r\n")


@staff_app.command("add")
def add_command(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="The account name people sign in with.")
    ],
    role: Annotated[Role, typer.Option("--role", help="What the account may do.")],
    database_url: DatabaseUrl = None,
) -> None:
    """Add a staff account; the password comes from stdin, or is asked twice on a terminal."""
    with _account_errors():
        check_name(name)
        password = _read_password()
        check_password_rule(password, name=name)
        password_hash = PasswordBook().hash(password)
        with _database(database_url) as engine:
            now = system_clock()
            AccountStore(engine).add(name, role, password_hash, now)
            record_action(
                engine,
                actor=_operator(),
                action=ACCOUNT_ADDED,
                target=name,
                detail=f"role {role.value}",
                when=now,
            )
    typer.echo(f"staff account {name} added with the {role.value} role")


@staff_app.command("disable")
def disable_command(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The account to disable.")],
    database_url: DatabaseUrl = None,
) -> None:
    """Disable an account: its sessions end at once and it can no longer sign in."""
    with _account_errors(), _database(database_url) as engine:
        changed = AccountStore(engine).disable(name)
        ended = end_sessions_of(engine, name)
        if changed:
            record_action(
                engine,
                actor=_operator(),
                action=ACCOUNT_DISABLED,
                target=name,
                detail=f"{ended} session(s) ended",
                when=system_clock(),
            )
    if not changed:
        typer.echo(f"staff account {name} was already disabled")
        return
    typer.echo(f"staff account {name} disabled ({ended} session(s) ended)")


@staff_app.command("password")
def password_command(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The account.")],
    database_url: DatabaseUrl = None,
) -> None:
    """Set a new password (stdin, or asked twice); the account's open sessions end."""
    with _account_errors():
        password = _read_password()
        check_password_rule(password, name=name)
        password_hash = PasswordBook().hash(password)
        with _database(database_url) as engine:
            AccountStore(engine).set_password(name, password_hash)
            ended = end_sessions_of(engine, name)
            record_action(
                engine,
                actor=_operator(),
                action=PASSWORD_CHANGED,
                target=name,
                detail=f"{ended} session(s) ended",
                when=system_clock(),
            )
    typer.echo(f"password of {name} changed ({ended} session(s) ended)")


@staff_app.command("enable")
def enable_command(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The account to enable again.")],
    database_url: DatabaseUrl = None,
) -> None:
    """Let a disabled account sign in again."""
    with _account_errors(), _database(database_url) as engine:
        changed = AccountStore(engine).enable(name)
        if changed:
            record_action(
                engine,
                actor=_operator(),
                action=ACCOUNT_ENABLED,
                target=name,
                when=system_clock(),
            )
    typer.echo(f"staff account {name} {'enabled' if changed else 'was already enabled'}")


@staff_app.command("list")
def list_command(database_url: DatabaseUrl = None) -> None:
    """The accounts: name, role, enabled, created, last sign-in (never a password hash)."""
    with _database(database_url) as engine:
        accounts = AccountStore(engine).accounts()
    if not accounts:
        typer.echo("no staff accounts yet: add one with `oncomatch staff add NAME --role admin`")
        return
    print_table(
        ("name", "role", "enabled", "created", "last sign-in"),
        [
            (
                account.name,
                account.role.value,
                "yes" if account.enabled else "no",
                _when(account.created_at),
                _when(account.last_sign_in_at) if account.last_sign_in_at else "never",
            )
            for account in accounts
        ],
    )


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")
