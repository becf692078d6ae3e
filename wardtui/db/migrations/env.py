"""Alembic environment: always run by wardtui.db.migrate with a live connection."""

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic revision --autogenerate`
    from sqlalchemy import create_engine

    from wardtui.db import models  # noqa: F401  (registers the tables)
    from sqlmodel import SQLModel

    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None  # migrate.py sets it before running Alembic
    engine = create_engine(url)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=SQLModel.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=None, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
