"""Synthetic city-scale data, written with bulk inserts into a fresh wardtui database.

The facility rows look like the seed's (동명, 도로명 주소, areas, dates) so that the
search meets realistic text: many rows share a road or a 동 stem, none share a name.
The payment rows are valid ledger rows: 통장 recipients paid the four monthly
programmes month after month, never twice for the same programme and period.
"""

from __future__ import annotations

import csv
import random
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

from wardtui.core.search import search_key

GU = ["종로", "중", "용산", "성동", "광진", "동대문", "중랑", "성북", "강북", "도봉", "노원", "은평", "서대문",
      "마포", "양천", "강서", "구로", "금천", "영등포", "동작", "관악", "서초", "강남", "송파", "강동"]
DONG = ["신길", "문래", "대림", "도림", "당산", "양평", "영등포", "여의", "신림", "봉천", "사당", "상도", "흑석",
        "노량진", "대방", "가산", "독산", "시흥", "구로", "개봉", "오류", "고척", "목", "신정", "신월", "화곡",
        "등촌", "염창", "가양", "방화", "공항", "발산", "우장산", "망원", "합정", "서교", "연남", "성산", "상암",
        "아현", "공덕", "도화", "용강", "대흥", "염리", "신수", "연희", "홍제", "홍은", "남가좌", "북가좌", "응암",
        "역촌", "불광", "갈현", "구산", "대조", "진관", "수색", "증산", "길음", "돈암", "안암", "보문", "정릉",
        "월곡", "장위", "석관", "번동", "수유", "우이", "인수", "미아", "송중", "삼양", "창", "쌍문", "방학", "도봉"]
ROADS = ["신길로", "도림로", "문래로", "당산로", "여의대방로", "대방천로", "시흥대로", "경인로", "디지털로",
         "가마산로", "영등포로", "국회대로", "양평로", "선유로", "노들로", "도신로", "버드나루로", "국제금융로"]
KINDS = [("동주민센터", 6), ("자치회관", 3), ("舊청사", 1)]
MONTHLY_PROGRAMS = [(1, "통장 실비수당"), (2, "통장활동 보상금"), (3, "상여금"), (4, "통장회의 참석수당")]
PAYMENT_MONTHS = [f"{y}-{m:02d}" for y in range(2021, 2031) for m in range(1, 13)]


def facility_rows(count: int, *, first_id: int, first_seq: int, seed: int = 7) -> Iterator[tuple[object, ...]]:
    """``count`` synthetic facilities with ids and list positions after the seed's."""
    rnd = random.Random(seed)
    kinds = [k for k, weight in KINDS for _ in range(weight)]
    for n in range(count):
        gu, stem = GU[n % len(GU)], DONG[(n // len(GU)) % len(DONG)]
        number = n // (len(GU) * len(DONG)) + 1
        dong = f"{stem}{number}동"
        kind = kinds[n % len(kinds)]
        name = f"{gu}구 {dong}" + ("" if kind == "동주민센터" else f" {kind}")
        address = f"{rnd.choice(ROADS)}{rnd.randint(1, 99)}길 {rnd.randint(1, 300)}"
        year = rnd.randint(1970, 2024)
        completed = f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        text, initials = search_key(name, address, dong, kind)
        yield (first_id + n, first_seq + n, name, kind, dong, address, rnd.randint(10_000, 200_000),
               rnd.randint(30_000, 500_000), rnd.randint(0, 3), rnd.randint(1, 8), completed, None, None, None,
               "합성 자료", text, initials)


def add_facilities(conn: sqlite3.Connection, count: int) -> None:
    """Append synthetic facilities (search keys computed here, so the app finds none stale)."""
    if count <= 0:
        return
    first_id, first_seq = conn.execute("SELECT MAX(id) + 1, MAX(seq) + 1 FROM facility").fetchone()
    conn.executemany(
        "INSERT INTO facility (id, seq, name, kind, dong, address, land_m2_x100, building_m2_x100, floors_below, "
        "floors_above, completed_on, completed_on_text, operator, head, note, search_text, search_initials) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        facility_rows(count, first_id=first_id, first_seq=first_seq),
    )


def recipients_for(payments: int) -> int:
    return max(1, -(-payments // (len(MONTHLY_PROGRAMS) * len(PAYMENT_MONTHS))))


def add_recipients(conn: sqlite3.Connection, count: int) -> list[int]:
    """``count`` 통장 (ids after any existing), all appointed in 2020 and still serving."""
    first = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM recipient").fetchone()[0]
    ids = list(range(first, first + count))
    family = "김이박최정강조윤장임"
    conn.executemany(
        "INSERT INTO recipient (id, name, role, dong, tong, ban, appointed_on, version) "
        "VALUES (?, ?, '통장', ?, ?, NULL, '2020-01-01', 1)",
        ((i, f"{family[i % 10]}합성{i}", f"{DONG[i % len(DONG)]}동", i % 40 + 1) for i in ids),
    )
    return ids


def payment_rows(count: int, recipient_ids: list[int]) -> Iterator[tuple[int, str, int, str, int]]:
    """(program_id, program name, recipient_id, period, amount_won), each triple once."""
    made = 0
    for period in PAYMENT_MONTHS:
        for program_id, name in MONTHLY_PROGRAMS:
            for rid in recipient_ids:
                if made == count:
                    return
                made += 1
                yield program_id, name, rid, period, 300_000 + (rid % 7) * 10_000


def add_payments(conn: sqlite3.Connection, count: int, recipient_ids: list[int]) -> None:
    conn.executemany(
        "INSERT INTO payment (id, program_id, recipient_id, period, amount_won, paid_on, state, note, created_at, "
        "created_by) VALUES (?, ?, ?, ?, ?, ?, '지급', '합성 자료', '2026-11-24 09:00:00.000000', 'bench')",
        (
            (str(uuid.UUID(int=(i << 64) | 0x7000_8000_0000_0000)), p, r, q, a, f"{q}-25")
            for i, (p, _, r, q, a) in enumerate(payment_rows(count, recipient_ids))
        ),
    )


def write_payments_csv(path: Path, count: int, recipient_ids: list[int]) -> None:
    """The CSV `wardtui payments import` reads: program,recipient_id,period,amount_won,paid_on."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["program", "recipient_id", "period", "amount_won", "paid_on"])
        out.writerows((name, rid, q, a, f"{q}-25") for _, name, rid, q, a in payment_rows(count, recipient_ids))


def build(path: Path, *, facilities: int, payments: int) -> list[int]:
    """A seeded wardtui database at ``path`` with ``facilities`` rows in all and ``payments``
    ledger rows; returns the synthetic recipients' ids."""
    from wardtui.db.migrate import open_database
    from wardtui.db.target import resolve

    open_database(resolve(str(path))).close()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN")
        seeded = conn.execute("SELECT COUNT(*) FROM facility").fetchone()[0]
        add_facilities(conn, facilities - seeded)
        ids = add_recipients(conn, recipients_for(payments)) if payments else []
        if payments:
            add_payments(conn, payments, ids)
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return ids
