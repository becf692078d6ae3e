"""Facility queries: the list, the search, one facility and the vehicles it holds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from wardtui.core.search import matches
from wardtui.db.database import Database

#: The kinds listed in the report's 동주민센터 및 자치회관 현황, whose areas its 계 row sums.
STATUS_TABLE_KINDS = ("동주민센터", "자치회관", "舊청사")

_COLUMNS = (
    "id, seq, name, kind, dong, address, land_m2_x100, building_m2_x100, floors_below, "
    "floors_above, completed_on, completed_on_text, operator, head, note"
)


def as_date(value: Any) -> dt.date | None:
    """SQLite returns ISO text, PostgreSQL a date: give both back as a date."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


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
        values = list(row)
        values[10] = as_date(values[10])
        return cls(*values)

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


def search_facilities(db: Database, query: str = "") -> list[FacilityRow]:
    """Facilities whose name, address, dong or kind match the query (see core.search)."""
    return [f for f in all_facilities(db) if matches(query, f.name, f.address, f.dong, f.kind)]


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
