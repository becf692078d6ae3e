"""Database layer: targets, engines and sessions, migrations, seed loading and queries.

Nothing here connects at import time, and the modules on the path to the first paint
(``target``, ``dialect``, ``database``, the query modules) import neither SQLAlchemy nor SQLModel.
"""
