"""Facility queries: the list, the search, one facility and the vehicles it holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from wardtui.core.search import SearchTerms, matches, search_key, search_terms
from wardtui.db.database import Database
from wardtui.db.dialect import PlainConnection
from wardtui.errors import StorageError

#: The kinds listed in the report's 동주민센터 및 자치회관 현황, whose areas its 계 row sums.
STATUS_TABLE_KINDS = ("동주민센터", "자치회관", "舊청사")

_COLUMNS = (
    "id, seq, name, kind, dong, address, land_m2_x100, building_m2_x100, floors_below, "
    "floors_above, completed_on, completed_on_text, operator, head, note"
)
#: At most this many rows go to the screen per keystroke (a DataTable row costs ~0.1 ms).
SHOWN_ROWS = 100


@dataclass(frozen=True)
class FacilityRow:
    id: int
    seq: int
    name: str
    kind: str
    dong: str | None
    address: str
    land_m2_x100: int | None
    building_m2_x100: int | None
    floors_below: int | None
    floors_above: int | None
    completed_on: dt.date | None
    completed_on_text: str | None
    operator: str | None
    head: str | None
    note: str | None

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> FacilityRow:
        return cls(*row)

    @property
    def in_status_table(self) -> bool:
        return self.kind in STATUS_TABLE_KINDS

    @property
    def floors_label(self) -> str:
        """'지하1·지상6' (the report prints 1/6)."""
        if self.floors_above is None and self.floors_below is None:
            return ""
        parts = []
        if self.floors_below:
            parts.append(f"지하{self.floors_below}")
        if self.floors_above is not None:
            parts.append(f"지상{self.floors_above}")
        return "·".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "dong": self.dong,
            "address": self.address,
            "land_m2": _m2(self.land_m2_x100),
            "building_m2": _m2(self.building_m2_x100),
            "floors_below": self.floors_below,
            "floors_above": self.floors_above,
            "completed_on": self.completed_on.isoformat() if self.completed_on else None,
            "operator": self.operator,
            "head": self.head,
        }


@dataclass(frozen=True)
class VehicleRow:
    id: int
    category: str | None
    model: str
    count: int
    use: str | None
    holder: str | None
    model_year: int | None
    note: str | None


@dataclass(frozen=True)
class FacilityTotals:
    """The 계 row: sums over the listed facilities of the report's status table."""

    count: int
    land_m2_x100: int
    building_m2_x100: int


def _m2(hundredths: int | None) -> float | None:
    return None if hundredths is None else float(Decimal(hundredths) / 100)


def all_facilities(db: Database) -> list[FacilityRow]:
    return [FacilityRow.from_row(r) for r in db.rows(f"SELECT {_COLUMNS} FROM facility ORDER BY seq, id")]


@dataclass(frozen=True)
class FacilitySearch:
    """One answer of the facility search: the first rows, and how many match in all."""

    rows: list[FacilityRow]
    count: int
    totals: FacilityTotals

    @property
    def truncated(self) -> bool:
        return self.count > len(self.rows)


def search_facilities(db: Database, query: str = "") -> list[FacilityRow]:
    """Every facility whose name, address, dong or kind matches the query (see core.search)."""
    return find_facilities(db, query, limit=None).rows


def find_facilities(db: Database, query: str = "", *, limit: int | None = SHOWN_ROWS) -> FacilitySearch:
    """The first ``limit`` matches in list order, the number of matches and their sums.

    Matching is core.search's, done in SQL on the stored search key: a trigram index where
    the dialect has one (FTS5 on SQLite, for terms of 3+ characters), LIKE otherwise, then
    the dialect's pattern match (GLOB/regex) for the exact Hangul rules. The count and sums
    cost a second query only when the page is full.
    """
    rows = page_facilities(db, query, limit=limit)
    if limit is None or len(rows) < limit:
        return FacilitySearch(rows, len(rows), totals(rows))
    count, sums = count_facilities(db, query)
    return FacilitySearch(rows, count, sums)


def page_facilities(db: Database, query: str = "", *, limit: int | None = SHOWN_ROWS) -> list[FacilityRow]:
    """The first ``limit`` facilities matching the query, in list order (seq, id)."""
    if not _keys_ready(db):
        found = [f for f in all_facilities(db) if matches(query, f.name, f.address, f.dong, f.kind)]
        return found[:limit] if limit is not None else found
    where, params = _where(db, search_terms(query))
    sql = f"SELECT {_COLUMNS} FROM facility {where} ORDER BY seq, id"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return [FacilityRow.from_row(r) for r in db.rows(sql, params)]


def count_facilities(db: Database, query: str = "") -> tuple[int, FacilityTotals]:
    """How many facilities match, and the 계 sums over those of the report's status table."""
    if not _keys_ready(db):
        found = [f for f in all_facilities(db) if matches(query, f.name, f.address, f.dong, f.kind)]
        return len(found), totals(found)
    where, params = _where(db, search_terms(query))
    count, sums = 0, FacilityTotals(0, 0, 0)
    for kind, n, land, building in db.rows(
        f"SELECT kind, COUNT(*), SUM(land_m2_x100), SUM(building_m2_x100) FROM facility {where} GROUP BY kind", params
    ):
        count += int(n)
        if kind in STATUS_TABLE_KINDS:
            sums = FacilityTotals(
                sums.count + int(n), sums.land_m2_x100 + int(land or 0), sums.building_m2_x100 + int(building or 0)
            )
    return count, sums


def _keys_ready(db: Database) -> bool:
    """Compute stale search keys; False when they cannot be written (search in Python then)."""
    try:
        refresh_search_keys(db)
    except StorageError:  # a read-only or busy file: reading still works
        return False
    return True


def _like(text: str) -> str:
    """A LIKE pattern finding ``text`` anywhere, its % _ and \\ taken literally (ESCAPE '\\')."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _where(db: Database, terms: SearchTerms | None) -> tuple[str, dict[str, Any]]:
    """The WHERE clause (with its parameters) selecting the facilities that match."""
    if terms is None:
        return "", {}
    column, text = ("search_text", terms.substring) if terms.substring is not None else ("search_initials", terms.initials)
    assert text is not None
    indexed = db.dialect.trigram_condition("id", "facility_fts", column, text)
    if indexed is not None:
        condition, params = indexed
    else:
        condition, params = f"{column} LIKE :like ESCAPE '\\'", {"like": _like(text)}
    conditions = [condition]
    if terms.glob is not None:
        assert terms.regex is not None  # core.search gives both or neither
        exact, pattern = db.dialect.pattern_condition("search_text", "pattern", glob=terms.glob, regex=terms.regex)
        conditions.append(exact)
        params.update(pattern)
    return "WHERE " + " AND ".join(conditions), params


# -- keeping the search key ----------------------------------------------------------------
_STALE_SQL = "SELECT id, name, address, dong, kind FROM facility WHERE search_text IS NULL"
_UPDATE_SQL = "UPDATE facility SET search_text = :t, search_initials = :i WHERE id = :id"


def _keys(stale: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return [dict(zip(("t", "i"), search_key(*row[1:])), id=row[0]) for row in stale]


def refresh_search_keys(db: Database) -> int:
    """Compute the search key of every facility whose key is missing; returns how many.

    Rows written by anything that does not know the key (seed.sql, an import, psql) have
    NULL there, and a trigger sets it back to NULL when a searched field changes, so this
    one indexed look-up is all a reader needs before it searches.
    """
    stale = db.rows(_STALE_SQL)
    if not stale:
        return 0
    with db.plain_transaction() as conn:
        refresh_search_keys_in(conn)
    return len(stale)


def refresh_search_keys_in(conn: PlainConnection) -> int:
    """The same inside a caller's transaction (after seeding or importing)."""
    keys = _keys(conn.rows(_STALE_SQL))
    if keys:
        conn.executemany(_UPDATE_SQL, keys)
    return len(keys)


def get_facility(db: Database, facility_id: int) -> FacilityRow | None:
    found = db.rows(f"SELECT {_COLUMNS} FROM facility WHERE id = :id", {"id": facility_id})
    return FacilityRow.from_row(found[0]) if found else None


def totals(rows: list[FacilityRow]) -> FacilityTotals:
    listed = [r for r in rows if r.in_status_table]
    return FacilityTotals(
        count=len(listed),
        land_m2_x100=sum(r.land_m2_x100 or 0 for r in listed),
        building_m2_x100=sum(r.building_m2_x100 or 0 for r in listed),
    )


def vehicles_for(db: Database, facility: FacilityRow) -> list[VehicleRow]:
    """Vehicles held at the facility, or held by all 동주민센터 together for a 동주민센터."""
    found = db.rows(
        "SELECT id, category, model, count, use, holder, model_year, note FROM vehicle "
        "WHERE facility_id = :id OR (facility_id IS NULL AND holder = :kind) ORDER BY seq, id",
        {"id": facility.id, "kind": facility.kind},
    )
    return [VehicleRow(*r) for r in found]
