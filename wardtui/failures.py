"""What a user is told when database work fails, and where the details go.

A refusal (``WardError``: a rule, a full disk, a lost server) is its own Korean message.
Anything else is a fault nobody planned for: the user gets one Korean line with the
error's first line (never SQL, never a traceback) and the name of the log file, and the
full traceback goes to that file in the user's log directory (owner-only).

No Textual here: the app's one failure handler and the command line both use it.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from dataclasses import dataclass
from pathlib import Path

from wardtui.errors import StorageError, WardError, one_line

LOG_NAME = "wardtui.log"
#: A log past this size is moved aside to ``wardtui.log.1`` (the one before is dropped).
LOG_MAX_BYTES = 1_000_000


def log_path() -> Path:
    """The log file: ``$XDG_STATE_HOME/wardtui/log/wardtui.log`` on Linux."""
    from platformdirs import user_log_path

    return user_log_path("wardtui", appauthor=False) / LOG_NAME


def log_failure(error: BaseException, doing: str) -> Path | None:
    """Append the error's traceback to the log; its path, or None when it cannot be written."""
    path = log_path()
    text = "".join(traceback.format_exception(error))
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    entry = f"--- {stamp} {doing}\n{text}\n".encode("utf-8", "backslashreplace")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if path.exists() and path.stat().st_size > LOG_MAX_BYTES:
            os.replace(path, path.with_name(LOG_NAME + ".1"))
        # O_NOFOLLOW: a link planted at the log's name is not written through.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            os.write(fd, entry)
        finally:
            os.close(fd)
    except OSError:
        return None  # a log that cannot be written must not hide the failure it reports
    return path


@dataclass(frozen=True)
class Failure:
    """What to tell the user about a failed piece of work."""

    message: str
    #: The database refused or failed this work (busy, full, read-only, not there): not the user's fault.
    storage: bool
    #: The database is not there to use (a moved or damaged file, a server that does not answer):
    #: the app watches for its return and reads every screen again then.
    lost: bool = False


def describe_failure(error: BaseException, undone: str) -> Failure:
    """One Korean line for a failed piece of work; ``undone`` says what did not happen
    ("불러오지 못했습니다", "저장하지 않았습니다")."""
    from wardtui.db.dialect import database_unreachable, storage_problem

    if isinstance(error, WardError):
        storage = isinstance(error, StorageError)
        lost = storage and error.__cause__ is not None and database_unreachable(error.__cause__)
        return Failure(one_line(error.message), storage, lost)
    problem = storage_problem(error)
    if problem is not None:
        return Failure(one_line(problem), True, database_unreachable(error))
    cause = getattr(error, "orig", None) or error  # SQLAlchemy wraps the driver's error with its SQL
    detail = (str(cause).strip().splitlines() or [""])[0]
    logged = log_failure(error, undone)
    where = f" · 자세한 내용: {logged}" if logged else ""
    return Failure(one_line(f"예상하지 못한 오류로 {undone} ({type(cause).__name__}: {detail[:200]}){where}"), False)
