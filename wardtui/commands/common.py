"""What every command shares: the global options and JSON output."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import typer


@dataclass
class Settings:
    """Global options, resolved once per run."""

    db: str | None
    today: dt.date

    def target(self) -> Any:
        from wardtui.db.target import resolve

        return resolve(self.db)

    def database(self) -> Any:
        """The ready database (created, upgraded or refused with a WardError)."""
        from wardtui.db.migrate import open_database

        return open_database(self.target())


def settings_of(ctx: typer.Context) -> Settings:
    return ctx.find_root().obj


def _default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "to_json"):
        return value.to_json()
    raise TypeError(f"not JSON: {type(value).__name__}")


def echo_json(value: Any) -> None:
    """Print JSON with Korean text as is (not \\u escapes) and dates as ISO strings."""
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2, default=_default))
