"""PostgreSQL: the same migrations, seed and behaviour as SQLite, and two desks on one server.

These tests need the server named by WARDTUI_TEST_PG (``.ci/run`` starts one); see
tests/conftest.py. Where a test compares, SQLite is the reference.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from wardtui.core.dates import parse_date
from wardtui.db.payments.paying import add_payment
from wardtui.db.payments.programs import resolve_program
from wardtui.db.payments.register import add_recipient, edit_recipient
from wardtui.db import projects as pr
from wardtui.db.database import Database
from wardtui.db.migrate import HEAD_REVISION, open_database, schema_revision
from wardtui.db.target import resolve
from wardtui.errors import WardError

UUID = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|[0-9a-f]{32}")


def psycopg_conn(url: str) -> Any:
    import psycopg
    from sqlalchemy.engine import make_url

    return psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False))


# -- the seed and the schema ---------------------------------------------------------------
def _normal(value: Any) -> Any:
    """One spelling per value: SQLite stores dates as text and booleans as 0/1."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value)
    return value


def test_the_seed_is_the_same_row_for_row_on_both(db_path: Path, pg_url: str) -> None:
    from sqlalchemy import create_engine, inspect, text

    lite = sqlite3.connect(db_path)
    engine = create_engine(pg_url)
    try:
        from sqlmodel import SQLModel

        import wardtui.db.models  # noqa: F401

        # The model's tables (SQLite's full-text search index is SQLite's own), and the
        # ledger totals the database keeps by triggers (migration 0004).
        tables = sorted([t.name for t in SQLModel.metadata.sorted_tables] + ["alembic_version", "payment_total"])
        with engine.connect() as conn:
            assert sorted(inspect(conn).get_table_names()) == tables
            compared = 0
            for table in tables:
                columns = [r[1] for r in lite.execute(f'PRAGMA table_info("{table}")')]
                listed = ", ".join(f'"{c}"' for c in columns)
                on_sqlite = sorted(
                    (tuple(_normal(v) for v in r) for r in lite.execute(f'SELECT {listed} FROM "{table}"')), key=repr
                )
                on_pg = sorted(
                    (tuple(_normal(v) for v in r) for r in conn.execute(text(f'SELECT {listed} FROM "{table}"'))), key=repr
                )
                assert on_pg == on_sqlite, table
                compared += len(on_sqlite)
    finally:
        lite.close()
        engine.dispose()
    assert compared > 500


def test_new_rows_after_the_seed_get_fresh_ids(pg_url: str) -> None:
    """seed.sql gives explicit ids; the server's sequences must have moved past them."""
    db = open_database(resolve(pg_url))
    try:
        person = add_recipient(db, name="김영숙", dong="신길4동", role="통장", tong=3)
        assert person.id == 1 + (db.scalar("SELECT MAX(id) FROM recipient WHERE id <> :id", {"id": person.id}) or 0)
        sequences = db.rows(
            "SELECT c.table_name FROM information_schema.columns c WHERE c.table_schema = current_schema() "
            "AND c.column_name = 'id' AND c.column_default LIKE 'nextval%'"
        )
        for (table,) in sequences:
            top = db.scalar(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608 - names from the catalogue
            sequence = db.scalar("SELECT pg_get_serial_sequence(:t, 'id')", {"t": table})
            ((last, called),) = db.rows(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
            assert last + (1 if called else 0) > top, table
    finally:
        db.close()


def test_init_seed_and_reset_on_an_empty_server_database(run_cli, empty_pg_url: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("--db", empty_pg_url, "db", "init")
    assert (code, err) == (0, "") and "만들었습니다" in out and "***" not in out
    assert schema_revision(resolve(empty_pg_url)) == HEAD_REVISION
    code, out, _ = run_cli("--db", empty_pg_url, "db", "init")
    assert code == 0 and "이미 있습니다" in out
    code, out, _ = run_cli("--db", empty_pg_url, "milestone", "add", "12", "2027.3.2", "준공 검사")
    assert code == 0
    assert run_cli("--db", empty_pg_url, "db", "seed")[0] == 0
    db = Database(resolve(empty_pg_url))
    try:
        assert db.scalar("SELECT COUNT(*) FROM milestone WHERE origin = 'user'") == 1  # a reseed keeps it
        assert run_cli("--db", empty_pg_url, "db", "reset", "--yes")[0] == 0
        assert db.scalar("SELECT COUNT(*) FROM milestone WHERE origin = 'user'") == 0
        assert db.scalar("SELECT COUNT(*) FROM facility") == 25
    finally:
        db.close()


def test_a_newer_schema_on_the_server_is_refused_and_left_alone(run_cli, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    with psycopg_conn(pg_url) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    code, out, err = run_cli("--db", pg_url, "facilities")
    assert code == 2 and out == "" and err.count("\n") == 1 and "더 새로운 wardtui" in err
    with psycopg_conn(pg_url) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)


def test_a_database_that_is_not_wardtuis_is_refused(run_cli, empty_pg_url: str) -> None:  # type: ignore[no-untyped-def]
    with psycopg_conn(empty_pg_url) as conn:
        conn.execute("CREATE TABLE ledger (id int)")
    code, _, err = run_cli("--db", empty_pg_url, "db", "init")
    assert code == 2 and "wardtui 데이터베이스가 아닙니다" in err


# -- the same behaviour ----------------------------------------------------------------------
SCRIPT: list[tuple[str, ...]] = [
    ("facilities", "ㅅㄱ4", "--json"),
    ("facilities", "100%_'\""),
    ("projects", "--json"),
    ("projects", "ㄷㄹ3"),
    ("milestone", "add", "대림3", "'27. 3.", "설계공모 공고", "--note", "조달청"),
    ("milestone", "add", "12", "2021.3.15", "착공", "--done"),
    ("milestone", "list", "12", "--json"),
    ("execution", "add", "11", "1,234천원", "--date", "2020.11.2", "--source", "구비"),
    ("projects", "--year", "2020", "--json"),
    ("recipients", "add", "--name", "김영숙", "--dong", "신길4동", "--role", "통장", "--tong", "3", "--since", "2020-01-01", "--json"),
    ("recipients", "add", "--name", "남궁민", "--dong", "문래동", "--role", "반장", "--tong", "1", "--ban", "2", "--json"),
    ("rates", "set", "--program", "활동보상금", "--amount", "300000", "--from", "2021-01-01"),
    ("rates", "--json"),
    ("payments", "run", "--program", "활동보상금", "--period", "2021-03", "--yes", "--json"),
    ("payments", "add", "--program", "활동보상금", "--recipient", "1", "--period", "2021-03", "--amount", "300000"),
    ("payments", "add", "--program", "활동보상금", "--recipient", "1", "--period", "2021-04", "--amount", "300000", "--paid-on", "2021-04-25"),
    ("payments", "--json"),
    ("payments", "--program", "활동보상금", "--period", "2021-04"),
    ("recipients", "--json"),
    ("elections", "--json"),
    ("schedule", "2027-04-07", "--kind", "assembly", "--by-election", "--json"),
    ("due", "--days", "400", "--json"),
    ("milestone", "add", "없는사업", "2021.3", "x"),
    ("payments", "add", "--program", "활동보상금", "--recipient", "999", "--period", "2021-03", "--amount", "1"),
]


def _transcript(run_cli: Callable[..., tuple[int, str, str]], where: str) -> list[tuple[int, str, str]]:
    seen: list[tuple[int, str, str]] = []
    ids: dict[str, str] = {}
    for args in SCRIPT:
        code, out, err = run_cli("--db", where, "--today", "2026-11-24", *args)
        text = (out + "\n" + err).replace(where, "<db>")
        text = UUID.sub(lambda m: ids.setdefault(m.group(0), f"<id{len(ids)}>"), text)
        text = re.sub(r'"(created_at|changed_at)": "[^"]*"', r'"\1": "<now>"', text)
        seen.append((code, " ".join(args), text))
    return seen


def test_the_cli_says_the_same_on_both(run_cli, db_path: Path, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    on_sqlite = _transcript(run_cli, str(db_path))
    on_pg = _transcript(run_cli, pg_url)
    for lite, pg in zip(on_sqlite, on_pg, strict=True):
        assert pg == lite
    codes = [c for c, _, _ in on_sqlite]
    assert codes[-2:] == [2, 2] and codes.count(2) == 3  # the second payment for 2021-03 too


def test_the_psycopg_url_spellings_all_reach_the_server(pg_url: str) -> None:
    rest = pg_url.split("://", 1)[1]
    for scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        target = resolve(f"{scheme}://{rest}")
        assert target.url.startswith("postgresql+psycopg://")
        db = open_database(target)
        try:
            assert db.scalar("SELECT COUNT(*) FROM facility") == 25
        finally:
            db.close()


# -- two desks on one server -------------------------------------------------------------------
@pytest.fixture
def two_desks(pg_url: str):  # type: ignore[no-untyped-def]
    desks = (open_database(resolve(pg_url)), open_database(resolve(pg_url)))
    yield desks
    for desk in desks:
        desk.close()


def _milestone(db: Database) -> tuple[str, int]:
    mid = pr.add_milestone(db, 12, start=parse_date("2027.3.2"), date_text="2027.3.2", title="준공 검사")
    return mid, 1


def test_two_desks_editing_one_milestone_the_second_is_refused(two_desks) -> None:  # type: ignore[no-untyped-def]
    a, b = two_desks
    mid, version = _milestone(a)
    seen_by_b = pr.get_milestone(b, mid)
    assert seen_by_b is not None and seen_by_b.version == version
    pr.edit_milestone(a, mid, version, start=None, end=None, date_text=None, title="준공 검사(A)", note=None, state="계획")
    with pytest.raises(WardError, match="다른 곳에서 이 .*을 먼저 고쳤습니다"):
        pr.edit_milestone(b, mid, seen_by_b.version, start=None, end=None, date_text=None, title="준공 검사(B)",
                          note=None, state="계획")
    with pytest.raises(WardError, match="먼저 고쳤습니다"):
        pr.toggle_milestone(b, mid, seen_by_b.version)
    with pytest.raises(WardError, match="먼저 고쳤습니다"):
        pr.remove_milestone(b, mid, seen_by_b.version)
    assert pr.get_milestone(b, mid).title == "준공 검사(A)"  # type: ignore[union-attr]


def _race(hold: Callable[[Any], None], second_write: Callable[[], Any], url: str) -> BaseException | None:
    """Desk A holds an uncommitted change; desk B writes meanwhile; A commits. B's outcome."""
    outcome: list[BaseException | None] = []
    conn = psycopg_conn(url)
    try:
        hold(conn)  # inside A's open transaction

        def desk_b() -> None:
            try:
                second_write()
                outcome.append(None)
            except BaseException as exc:  # noqa: BLE001 - handed to the test
                outcome.append(exc)

        thread = threading.Thread(target=desk_b)
        thread.start()
        thread.join(0.7)
        assert thread.is_alive(), "desk B must wait for desk A's row lock"
        conn.commit()
        thread.join(30)
    finally:
        conn.close()
    assert len(outcome) == 1
    return outcome[0]


@pytest.mark.parametrize("entity", ["milestone", "execution_entry", "recipient"])
def test_an_edit_racing_an_uncommitted_one_is_refused_not_lost(two_desks, pg_url: str, entity: str) -> None:  # type: ignore[no-untyped-def]
    a, b = two_desks
    if entity == "milestone":
        row_id, _ = _milestone(a)
        write = lambda: pr.edit_milestone(b, row_id, 1, start=None, end=None, date_text=None, title="B", note=None, state="계획")  # noqa: E731
    elif entity == "execution_entry":
        row_id = pr.add_execution(a, 11, amount_won=1_000, executed_on=dt.date(2020, 11, 2), source="구비")
        write = lambda: pr.edit_execution(b, row_id, 1, 2_000, dt.date(2020, 11, 2), "구비", "B")  # noqa: E731
    else:
        row_id = add_recipient(a, name="김영숙", dong="신길4동", role="통장", tong=3).id  # type: ignore[assignment]
        write = lambda: edit_recipient(b, row_id, 1, tong=9)  # type: ignore[arg-type]  # noqa: E731

    def hold(conn: Any) -> None:
        conn.execute(f"UPDATE {entity} SET version = version + 1, note = 'A' WHERE id = %s", (row_id,))

    refused = _race(hold, write, pg_url)
    assert isinstance(refused, WardError) and "먼저 고쳤습니다" in str(refused)
    assert a.rows(f"SELECT version, note FROM {entity} WHERE id = :id", {"id": row_id}) == [(2, "A")]


def test_paid_once_holds_across_desks_at_the_same_moment(two_desks, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    a, b = two_desks
    person = add_recipient(a, name="김영숙", dong="신길4동", role="통장", tong=3, since=dt.date(2020, 1, 1))
    program = resolve_program(a, "활동보상금")

    def hold(conn: Any) -> None:
        conn.execute(
            "INSERT INTO payment (id, program_id, recipient_id, period, amount_won, paid_on, state, created_at, created_by) "
            "VALUES ('desk-a', %s, %s, '2021-03', 300000, '2021-03-25', '지급', now(), 'a')",
            (program.id, person.id),
        )

    def second() -> None:
        add_payment(b, program=program, recipient_id=person.id, period_text="2021-03", amount_won=300_000,
                    paid_on=dt.date(2021, 3, 25))

    refused = _race(hold, second, pg_url)
    assert isinstance(refused, WardError) and "한 번만" in str(refused)
    assert b.scalar("SELECT COUNT(*) FROM payment WHERE recipient_id = :r", {"r": person.id}) == 1


def test_the_data_version_moves_when_the_other_desk_writes(two_desks) -> None:  # type: ignore[no-untyped-def]
    a, b = two_desks
    before = a.data_version()
    assert a.data_version() == before
    _milestone(b)
    assert a.data_version() != before


async def test_an_open_app_shows_what_another_desk_wrote(pg_url: str, two_desks) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import DataTable

    from tests.app_helpers import check_data_version, settle
    from tests.conftest import TODAY
    from wardtui.app import WardApp

    desk_a, desk_b = two_desks
    app = WardApp(desk_a, today=TODAY, section="projects", poll_seconds=None)  # checked by hand below
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await check_data_version(pilot)  # the version this desk has seen
        table = app.screen.query_one("#project-table", DataTable)
        assert table.row_count

        def status_of_project_12() -> str:
            return str(table.get_row("12")[2])

        before = status_of_project_12()
        for m in pr.milestones_for(desk_b, 12):
            if m.state != "완료" and m.version:
                pr.toggle_milestone(desk_b, m.id, m.version)
        after_b = pr.get_project(desk_b, 12).status  # type: ignore[union-attr]
        assert after_b != before
        assert status_of_project_12() == before
        await check_data_version(pilot)
        assert status_of_project_12() == after_b


# -- refusals ----------------------------------------------------------------------------------
def test_an_unreachable_server_is_one_line_and_status_2(run_cli) -> None:  # type: ignore[no-untyped-def]
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens there once closed
    code, out, err = run_cli("--db", f"postgresql+psycopg://nobody:secret@127.0.0.1:{port}/x", "facilities")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "서버에 연결할 수 없습니다" in err and "secret" not in err


def test_without_the_driver_the_message_says_what_to_install(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['psycopg'] = None; from wardtui.cli import main; "
        "main(['--db', 'postgresql+psycopg://u@127.0.0.1:1/x', 'facilities'])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "psycopg" in done.stderr and "wardtui[postgres]" in done.stderr and done.stderr.count("\n") == 1


def test_json_is_the_same_type_on_both(run_cli, pg_url: str, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Sums over BIGINT come back as NUMERIC from PostgreSQL: they must still print as integers."""
    for where in (str(db_path), pg_url):
        code, out, _ = run_cli("--db", where, "projects", "--json")
        assert code == 0
        assert all(isinstance(p["executed_won"], int | None) for p in json.loads(out))
