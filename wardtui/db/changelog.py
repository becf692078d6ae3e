"""The change log: every add, edit and removal of logged data, with who and when."""

from __future__ import annotations

import datetime as dt
import getpass
import json
from typing import Any


def os_user() -> str:
    """The person at the keyboard, as the operating system knows them."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _json(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def record_change(
    session: Any,
    *,
    entity: str,
    entity_id: str | int,
    action: str,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    project_id: int | None = None,
) -> None:
    """Add a change_log row in the caller's session (so it commits with the change itself)."""
    from wardtui.db.models import ChangeLog

    session.add(
        ChangeLog(
            changed_at=now(),
            changed_by=os_user(),
            entity=entity,
            entity_id=str(entity_id),
            project_id=project_id,
            action=action,
            old_values=_json(old),
            new_values=_json(new),
        )
    )
