"""The register of recipients (통장 · 반장 · 통장자녀): finding, registering, editing, ending a term.

Names are personal data: a row masks its name (김*숙) unless asked, and the change log
names the record, never the person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from wardtui.core.payments import child_problems, end_day_problem, is_active, mask_name, recipient_problems
from wardtui.core.search import match_patterns, search_terms
from wardtui.db.database import Database
from wardtui.errors import WardError


@dataclass(frozen=True)
class RecipientRow:
    id: int
    name: str
    role: str
    dong: str
    tong: int | None
    ban: int | None
    parent_id: int | None
    school_level: str | None
    appointed_on: dt.date | None
    ended_on: dt.date | None
    version: int = 1

    @property
    def masked(self) -> str:
        return mask_name(self.name)

    @property
    def place(self) -> str:
        """'신길4동 3통 2반'."""
        parts = [self.dong]
        if self.tong is not None:
            parts.append(f"{self.tong}통")
        if self.ban is not None:
            parts.append(f"{self.ban}반")
        return " ".join(parts)

    def active_on(self, day: dt.date) -> bool:
        return is_active(self.appointed_on, self.ended_on, day)

    def to_json(self, *, reveal: bool = False) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name if reveal else self.masked, "name_masked": not reveal,
            "role": self.role, "dong": self.dong, "tong": self.tong, "ban": self.ban,
            "parent_id": self.parent_id, "school_level": self.school_level,
            "appointed_on": self.appointed_on.isoformat() if self.appointed_on else None,
            "ended_on": self.ended_on.isoformat() if self.ended_on else None, "version": self.version,
        }


#: The columns a RecipientRow is read from, in its field order.
RECIPIENT_COLUMNS = "id, name, role, dong, tong, ban, parent_id, school_level, appointed_on, ended_on, version"


def recipient_row(row: tuple[Any, ...]) -> RecipientRow:
    """A row of ``RECIPIENT_COLUMNS`` as a RecipientRow (dates as dates on both back ends)."""
    return RecipientRow(*row)


# -- finding -------------------------------------------------------------------------------
#: At most this many people go to the screen per keystroke; the count says how many match.
SHOWN_RECIPIENTS = 100

#: The searched fields as ``normalize`` would give them, in SQL: the name, the role and the
#: place ('신길4동 3통 2반', which holds the 동). Names and 동 are NFC Hangul; LOWER folds ASCII.
_SEARCHED_SQL = (
    "REPLACE(LOWER(name), ' ', '')",
    "role",
    "REPLACE(LOWER(dong), ' ', '') || COALESCE(CAST(tong AS TEXT) || '통', '') || COALESCE(CAST(ban AS TEXT) || '반', '')",
)


@dataclass(frozen=True)
class RecipientSearch:
    """One answer of the recipient search: the first rows, and how many match in all."""

    rows: list[RecipientRow]
    count: int

    @property
    def truncated(self) -> bool:
        return self.count > len(self.rows)


def _recipient_where(db: Database, query: str) -> tuple[str, dict[str, Any]]:
    """The WHERE clause selecting the people ``core.search.matches`` finds, field by field.

    A plain query is a substring (no wildcard to escape); any other is the matcher's own
    per-character pattern (the facility search does the same on its stored key).
    """
    terms = search_terms(query)
    if terms is None:
        return "", {}
    if terms.substring is not None:
        tests = [db.dialect.contains_condition(f, "q") for f in _SEARCHED_SQL]
        return "WHERE (" + " OR ".join(tests) + ")", {"q": terms.substring}
    # Matched on the fields themselves (no stored initials here), so initials alone need the pattern too.
    patterns = match_patterns(query)
    assert patterns is not None  # the query is not empty: search_terms gave terms
    conditions = [db.dialect.pattern_condition(f, "q", glob=patterns[0], regex=patterns[1]) for f in _SEARCHED_SQL]
    return "WHERE (" + " OR ".join(c for c, _ in conditions) + ")", conditions[0][1]


def find_recipients(db: Database, query: str = "", *, limit: int | None = SHOWN_RECIPIENTS) -> RecipientSearch:
    """The first ``limit`` people matching the query in register order (동, 통, 반, 번호), and
    how many match; the count costs a second query only when the page is full."""
    where, params = _recipient_where(db, query)
    sql = f"SELECT {RECIPIENT_COLUMNS} FROM recipient {where} ORDER BY dong, tong, ban, id"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    rows = [recipient_row(r) for r in db.rows(sql, params)]
    if limit is None or len(rows) < limit:
        return RecipientSearch(rows, len(rows))
    params.pop("limit")
    return RecipientSearch(rows, int(db.scalar(f"SELECT COUNT(*) FROM recipient {where}", params) or 0))


def search_recipients(db: Database, query: str = "") -> list[RecipientRow]:
    """Every recipient whose name, role or place (동 · 통 · 반) matches the query (see core.search)."""
    return find_recipients(db, query, limit=None).rows


def get_recipient(db: Database, recipient_id: int) -> RecipientRow | None:
    found = db.rows(f"SELECT {RECIPIENT_COLUMNS} FROM recipient WHERE id = :id", {"id": recipient_id})
    return recipient_row(found[0]) if found else None


# -- registering and editing ---------------------------------------------------------------
class RecipientRefused(WardError):
    """A register rule refused the record: the message in the form's words, and the form field
    it is about (``name``, ``dong``, ``role``, ``tong``, ``ban``, ``parent``, ``school``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _refuse_first(problems: dict[str, str]) -> None:
    for key, message in problems.items():
        raise RecipientRefused(key, message)


def add_recipient(
    db: Database, *, name: str, dong: str, role: str, tong: int | None, ban: int | None = None,
    since: dt.date | None = None, parent_id: int | None = None, school_level: str | None = None,
) -> RecipientRow:
    """Register a person; the register's rules and the 통장자녀 rule refuse a bad record
    (RecipientRefused, a WardError naming the field)."""
    name, dong = name.strip(), dong.strip()
    _refuse_first(recipient_problems(name=name, dong=dong, role=role, tong=tong, ban=ban))

    def parent_role(pid: int) -> str | None:
        parent = get_recipient(db, pid)
        return parent.role if parent else None

    _refuse_first(child_problems(role=role, parent_id=parent_id, school_level=school_level, parent_role=parent_role))
    from wardtui.db.changelog import record_change
    from wardtui.db.models import Recipient

    with db.session() as session:
        person = Recipient(name=name, dong=dong, role=role, tong=tong, ban=ban, appointed_on=since,
                           parent_id=parent_id, school_level=school_level)
        session.add(person)
        session.flush()
        # The change log names the record, not the person: it is read more widely than the register.
        record_change(session, entity="recipient", entity_id=person.id or 0, action="add",
                      new={"role": role, "dong": dong, "tong": tong, "ban": ban, "appointed_on": since})
        new_id = person.id
    found = get_recipient(db, int(new_id or 0))
    assert found is not None
    return found


class _Keep:
    """An edit argument left out: the stored value stays."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


def _live_recipient(session: Any, recipient_id: int, expected_version: int | None) -> Any:
    from wardtui.db.models import Recipient

    person = session.get(Recipient, recipient_id, with_for_update=True)  # a second writer waits, then sees the new version
    if person is None:
        raise WardError(f"없는 대상자입니다: {recipient_id}")
    if expected_version is not None and person.version != expected_version:
        raise WardError("다른 곳에서 이 대상자를 먼저 고쳤습니다. 화면을 다시 불러왔으니 확인 후 다시 시도하십시오")
    return person


def edit_recipient(
    db: Database, recipient_id: int, expected_version: int | None, *, name: Any = KEEP, dong: Any = KEEP,
    tong: Any = KEEP, ban: Any = KEEP, since: Any = KEEP,
) -> RecipientRow:
    """Change a recipient's name, 동, 통/반 or appointment day (the role stays).

    ``expected_version`` is the version the user saw; another edit in between is refused.
    The change log keeps the fields but not the name (only that it changed).
    """
    from wardtui.db.changelog import record_change

    with db.session() as session:
        person = _live_recipient(session, recipient_id, expected_version)
        old = {"name": person.name, "dong": person.dong, "tong": person.tong, "ban": person.ban,
               "appointed_on": person.appointed_on}
        new = dict(old)
        for key, value in (("name", name), ("dong", dong), ("tong", tong), ("ban", ban), ("appointed_on", since)):
            if value is not KEEP:
                new[key] = value.strip() if isinstance(value, str) else value
        _refuse_first(recipient_problems(name=new["name"], dong=new["dong"], role=person.role,
                                         tong=new["tong"], ban=new["ban"]))
        if new["appointed_on"] is not None and person.ended_on is not None and new["appointed_on"] > person.ended_on:
            raise WardError(f"위촉일은 종료일({person.ended_on.isoformat()}) 이전이어야 합니다")
        if new != old:
            changed = [k for k in new if new[k] != old[k]]
            logged_old = {k: old[k] for k in changed if k != "name"}
            logged_new = {k: new[k] for k in changed if k != "name"}
            if "name" in changed:
                logged_new["name_changed"] = True  # the log names the record, not the person
            for key, value in new.items():
                setattr(person, key, value)
            person.version += 1
            session.add(person)
            record_change(session, entity="recipient", entity_id=recipient_id, action="edit",
                          old=logged_old, new=logged_new)
    found = get_recipient(db, recipient_id)
    assert found is not None
    return found


def end_recipient(db: Database, recipient_id: int, expected_version: int | None, *, on: dt.date) -> RecipientRow:
    """End an appointment: ``on`` is the last day in post; later runs leave the person out."""
    from wardtui.db.changelog import record_change

    with db.session() as session:
        person = _live_recipient(session, recipient_id, expected_version)
        if person.ended_on is not None:
            raise WardError(f"이미 {person.ended_on.isoformat()}에 임기가 끝난 대상자입니다: {recipient_id}")
        problem = end_day_problem(on, person.appointed_on)
        if problem:
            raise WardError(problem)
        person.ended_on = on
        person.version += 1
        session.add(person)
        record_change(session, entity="recipient", entity_id=recipient_id, action="edit",
                      old={"ended_on": None}, new={"ended_on": on})
    found = get_recipient(db, recipient_id)
    assert found is not None
    return found
