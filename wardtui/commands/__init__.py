"""Subcommands of ``wardtui``, one module per section; each module has ``register(cli)``."""

from __future__ import annotations

import importlib

import typer

#: Command modules, in the order their commands appear in --help.
MODULES = ("projects", "payments", "elections", "audit")


def register_all(cli: typer.Typer) -> None:
    for name in MODULES:
        module_name = f"{__name__}.{name}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue  # that section's commands are not built yet
        module.register(cli)
