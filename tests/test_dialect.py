"""The dialect: typed rows on both engines, its SQL, and storage failures told by their codes.

Every failure here is real: a write-protected file, a missing or damaged one, a lock held
by another connection, a server port nobody listens on, a read-only server database, a
backend killed with pg_terminate_backend, and server errors raised with Korean messages
(what a server with lc_messages=ko_KR says), so that nothing can pass by matching words.
"""

from __future__ import annotations

import datetime as dt
import gettext
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.dialect_helpers import (
    closed_port,
    damage_table,
    lock_held,
    on_sqlite,
    pg_admin,
    pg_database_name,
    read_only_pg_database,
    write_protected_file,
)
from wardtui.db.database import Database
from wardtui.db.dialect import (
    POSTGRESQL,
    SQLITE,
    SqliteDialect,
    StorageError,
    dialect_for,
    dialect_of,
    storage_problem,
)
from wardtui.db.migrate import open_database
from wardtui.db.target import resolve
from wardtui.errors import WardError

pytestmark = pytest.mark.both_backends

READ_ONLY = "데이터베이스에 쓸 수 없습니다(읽기 전용)"
NOTHING_SAVED = "아무것도 저장하지 않았습니다"
BUSY = "다른 프로그램이 데이터베이스를 10초 넘게 쓰고 있습니다"
CANNOT_OPEN = "데이터베이스 파일을 열 수 없습니다"
DAMAGED = "데이터베이스 파일이 손상되었습니다"
CANNOT_CONNECT = "데이터베이스 서버에 연결할 수 없습니다"
MAY_NOT_BE_SAVED = "저장되지 않았을 수 있으니 다시 확인하십시오"


def _write(db: Database) -> None:
    """A write as every screen makes one: a session adding a change-log row."""
    from wardtui.db.changelog import record_change

    with db.session() as session:
        record_change(session, entity="test", entity_id=1, action="add", new={"x": 1})


def _exec(db: Database, sql: str) -> None:
    from sqlalchemy import text

    with db.session() as session:
        session.execute(text(sql))


# -- typed rows ---------------------------------------------------------------------------------
def test_dates_datetimes_and_sums_come_back_typed(db: Database) -> None:
    _write(db)
    (completed,) = db.rows("SELECT completed_on FROM facility WHERE completed_on IS NOT NULL ORDER BY id LIMIT 1")[0]
    assert type(completed) is dt.date
    changed = db.scalar("SELECT changed_at FROM change_log ORDER BY id DESC LIMIT 1")
    assert type(changed) is dt.datetime
    assert changed.utcoffset() == dt.timedelta(0)  # stored in UTC, given back aware on both


def test_a_stored_time_is_the_same_moment_on_both_engines(db: Database) -> None:
    """wardtui writes UTC (changelog.now); SQLite keeps it without its zone, PostgreSQL with it.
    Read back, both are the same aware moment, so a screen shows it in local time alike."""
    from wardtui.db.models import ChangeLog

    moment = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.timezone.utc)
    with db.session() as session:  # the way record_change writes it
        session.add(ChangeLog(changed_at=moment, changed_by="t", entity="milestone", entity_id="x", action="add"))
    stored = db.scalar("SELECT changed_at FROM change_log WHERE entity_id = 'x'")
    assert stored == moment and stored.utcoffset() == dt.timedelta(0)
    assert stored.astimezone(dt.timezone(dt.timedelta(hours=9))).hour == 18
    total, count = db.rows("SELECT SUM(budget_won), COUNT(*) FROM project")[0]
    assert type(total) is int and type(count) is int and total > 0
    assert db.scalar("SELECT SUM(amount_won) FROM execution_entry") is None  # a sum of nothing is NULL on both


def test_a_date_from_an_expression_is_typed_when_its_type_is_named(db: Database) -> None:
    _write(db)
    last_built, last_change = db.rows(
        'SELECT (SELECT MAX(completed_on) FROM facility) AS "built [date]", '
        '(SELECT MAX(changed_at) FROM change_log) AS "changed [datetime]"'
    )[0]
    assert type(last_built) is dt.date and type(last_change) is dt.datetime
    assert last_built == max(r[0] for r in db.rows("SELECT completed_on FROM facility WHERE completed_on IS NOT NULL"))


@pytest.mark.sqlite_only
def test_without_the_named_type_sqlite_gives_an_expressions_date_as_text(db: Database) -> None:
    """Why the ``[date]`` name: SQLite's expressions have no declared type (PostgreSQL types them anyway)."""
    assert isinstance(db.scalar("SELECT MAX(completed_on) FROM facility"), str)


def test_rows_are_the_same_values_on_both_engines(db_path: Path, pg_url: str) -> None:
    queries = [
        "SELECT id, completed_on FROM facility ORDER BY id",
        "SELECT id, election_day, cause_on, by_election FROM election ORDER BY id",
        "SELECT id, recorded_start, recorded_end FROM election_event ORDER BY id",
        "SELECT id, executed_as_of, budget_won FROM unit_budget ORDER BY id",
        "SELECT session_starts_on, session_ends_on FROM report ORDER BY id",
        "SELECT project_id, SUM(amount_won) FROM project_funding GROUP BY project_id ORDER BY project_id",
    ]
    lite, server = Database(resolve(str(db_path))), Database(resolve(pg_url))
    try:
        for sql in queries:
            from_file, from_server = lite.rows(sql), server.rows(sql)
            assert from_file and from_server == from_file, sql
            assert [tuple(map(type, r)) for r in from_server] == [tuple(map(type, r)) for r in from_file], sql
    finally:
        server.close()


# -- the dialect's SQL --------------------------------------------------------------------------
def test_the_dialect_is_the_targets_and_the_connections(db: Database) -> None:
    assert db.dialect is (SQLITE if on_sqlite(db) else POSTGRESQL)
    assert dialect_for(db.target) is db.dialect
    with db.engine.connect() as conn:
        assert dialect_of(conn) is db.dialect
    assert db.dialect.reads_are_local is on_sqlite(db)


def test_string_agg_joins_a_group(db: Database) -> None:
    agg = db.dialect.string_agg("x", "|'")
    joined = db.scalar(f"SELECT {agg} FROM (SELECT 'a' AS x UNION ALL SELECT 'b') t")
    assert sorted(joined.split("|'")) == ["a", "b"]


def test_contains_takes_wildcards_literally(db: Database) -> None:
    where = db.dialect.contains_condition("name", "q")
    expected = {n for (n,) in db.rows("SELECT name FROM facility") if "신길4" in n}
    assert "신길4동" in expected
    assert {n for (n,) in db.rows(f"SELECT name FROM facility WHERE {where}", {"q": "신길4"})} == expected
    assert db.rows(f"SELECT name FROM facility WHERE {where}", {"q": "신길_"}) == []
    assert db.rows(f"SELECT name FROM facility WHERE {where}", {"q": "%"}) == []


def test_the_pattern_condition_uses_the_engines_own_pattern(db: Database) -> None:
    from wardtui.core.search import match_patterns

    glob, regex = match_patterns("ㅅㄱ4")  # type: ignore[misc]
    where, params = db.dialect.pattern_condition("name", "p", glob=glob, regex=regex)
    names = {r[0] for r in db.rows(f"SELECT name FROM facility WHERE {where}", params)}
    assert "신길4동" in names and all(n.startswith("신길4") for n in names)


def test_a_trigram_index_only_where_there_is_one(db: Database) -> None:
    short = db.dialect.trigram_condition("id", "facility_fts", "search_text", "신길")
    found = db.dialect.trigram_condition("id", "facility_fts", "search_text", "신길4")
    assert short is None
    if not on_sqlite(db):
        assert found is None
        return
    assert found is not None
    where, params = found
    assert {r[0] for r in db.rows(f"SELECT name FROM facility WHERE {where}", params)} >= {"신길4동"}


def test_bulk_insert_with_explicit_ids_then_fresh_ids(db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    from wardtui.db.models import Holiday

    days = [dt.date(2031, 1, 2), dt.date(2031, 1, 3)]
    with db.session() as session:
        inserted = db.dialect.bulk_insert(
            session.connection(), "holiday", ("id", "day", "name", "is_holiday"),
            ((9000 + i, day, f"휴일{i}", True) for i, day in enumerate(days, start=1)),
        )
        for statement in db.dialect.id_sequence_resets(["holiday"]):
            session.connection().exec_driver_sql(statement)
    assert inserted == 2
    stored = db.rows("SELECT id, day, is_holiday FROM holiday WHERE id > 9000 ORDER BY id")
    assert stored == [(9001, days[0], True), (9002, days[1], True)]  # SQLite's 1 is True
    with db.session() as session:
        added = Holiday(day=dt.date(2031, 1, 4), name="새 휴일")
        session.add(added)
        session.flush()
        assert added.id == 9003
    with pytest.raises(IntegrityError):  # the same day twice: one exception type on both engines
        with db.session() as session:
            db.dialect.bulk_insert(session.connection(), "holiday", ("day", "name"), [(days[0], "중복")])
    assert db.scalar("SELECT COUNT(*) FROM holiday WHERE name = '중복'") == 0


def test_choose_gives_this_engines_ddl(db: Database) -> None:
    assert db.dialect.choose(sqlite="triggers", postgresql="functions") == ("triggers" if on_sqlite(db) else "functions")


def test_whether_a_database_is_there_before_init(db: Database, tmp_path: Path, request: Any) -> None:
    assert db.dialect.holds_database(db.target)
    if on_sqlite(db):
        assert not SQLITE.holds_database(resolve(str(tmp_path / "new.db")))
    else:
        assert not POSTGRESQL.holds_database(resolve(request.getfixturevalue("empty_pg_url")))


# -- SQLite failures, real ones -------------------------------------------------------------------
@pytest.mark.sqlite_only
def test_a_write_protected_file_refuses_writes_and_still_reads(db_path: Path) -> None:
    from wardtui.db.facilities import find_facilities

    db = open_database(resolve(str(db_path)))
    _exec(db, "UPDATE facility SET search_text = NULL WHERE name = '신길4동'")  # a stale search key
    db.close()
    with write_protected_file(db_path):
        db = Database(resolve(str(db_path)))
        with pytest.raises(StorageError) as refused:
            _write(db)
        assert str(refused.value) == f"{READ_ONLY}: {db_path} — {NOTHING_SAVED}"
        assert db.scalar("SELECT name FROM facility WHERE seq = 12") == "신길4동"
        # The stale key cannot be written: the search answers from Python instead.
        assert "신길4동" in [f.name for f in find_facilities(db, "ㅅㄱ4").rows]
        db.close()


@pytest.mark.sqlite_only
@pytest.mark.parametrize("how", ["missing", "moved", "a folder in its place", "unreadable"])
def test_a_file_that_cannot_be_opened_is_one_korean_line(db_path: Path, how: str) -> None:
    import os

    db = Database(resolve(str(db_path)))
    if how == "unreadable":
        if os.geteuid() == 0:
            pytest.skip("root reads any file")
        db_path.chmod(0)
    else:
        db_path.rename(db_path.with_name("moved.db")) if how == "moved" else db_path.unlink()
    if how == "a folder in its place":
        db_path.mkdir()
    expected = f"{CANNOT_OPEN}: {db_path} — 권한과 경로를 확인하십시오"
    try:
        with pytest.raises(StorageError) as reading:
            db.rows("SELECT name FROM facility")
        assert str(reading.value) == expected
        with pytest.raises(StorageError) as writing:
            _write(db)
        assert str(writing.value) == expected
    finally:
        db.close()
        if how == "unreadable":
            db_path.chmod(0o600)


@pytest.mark.sqlite_only
@pytest.mark.parametrize("how", ["not a database", "a damaged table"])
def test_a_damaged_file_is_one_korean_line(db_path: Path, how: str) -> None:
    if how == "not a database":
        db_path.write_bytes(b"wardtui? no: a spreadsheet saved over the database\n" * 200)
    else:
        damage_table(db_path, "facility")
    db = Database(resolve(str(db_path)))
    with pytest.raises(StorageError) as reading:
        db.rows("SELECT address, note FROM facility")  # the table itself, not an index beside it
    assert str(reading.value) == f"{DAMAGED}: {db_path} — 백업에서 복원하십시오 (wardtui db restore)"
    db.close()


@pytest.mark.sqlite_only
def test_a_write_lock_held_elsewhere_is_busy_after_the_timeout(db_path: Path) -> None:
    from wardtui.db.facilities import find_facilities

    impatient = Database(resolve(str(db_path)), SqliteDialect(busy_timeout_ms=50))
    _exec(impatient, "UPDATE facility SET search_text = NULL WHERE name = '신길4동'")
    with lock_held(db_path, "IMMEDIATE"):
        with pytest.raises(StorageError) as refused:
            _write(impatient)
        assert str(refused.value) == f"{BUSY}: {db_path} — 잠시 후 다시 시도하십시오"
        # WAL: reads go on beside the writer, and the search answers without writing its key.
        assert "신길4동" in [f.name for f in find_facilities(impatient, "ㅅㄱ4").rows]
    impatient.close()


@pytest.mark.sqlite_only
def test_a_read_behind_an_exclusive_lock_is_busy_after_the_timeout(db_path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode = DELETE")  # without WAL, an exclusive lock keeps readers out
    conn.close()
    impatient = Database(resolve(str(db_path)), SqliteDialect(busy_timeout_ms=50))
    with lock_held(db_path, "EXCLUSIVE"):
        with pytest.raises(StorageError) as refused:
            impatient.rows("SELECT name FROM facility")
    assert str(refused.value) == f"{BUSY}: {db_path} — 잠시 후 다시 시도하십시오"


@pytest.mark.sqlite_only
def test_sqlite_is_judged_by_its_error_code_not_its_words(db_path: Path) -> None:
    impatient = Database(resolve(str(db_path)), SqliteDialect(busy_timeout_ms=50))
    with lock_held(db_path, "IMMEDIATE"), pytest.raises(StorageError) as refused:
        _write(impatient)
    driver_error = refused.value.__cause__.orig  # type: ignore[union-attr]
    assert driver_error.sqlite_errorname == "SQLITE_BUSY"
    driver_error.args = ("데이터베이스가 잠겨 있습니다",)  # the same error in other words
    assert storage_problem(driver_error) == f"{BUSY} — 잠시 후 다시 시도하십시오"
    # Words that once meant "locked", in an error that is not: a table of that name.
    with pytest.raises(sqlite3.OperationalError) as missing:  # a fault, told as unforeseen by the app
        impatient.rows('SELECT * FROM "database is locked"')
    assert storage_problem(missing.value) is None


# -- PostgreSQL failures, real ones ------------------------------------------------------------
def test_a_server_nobody_listens_on_is_one_korean_line() -> None:
    with closed_port() as port:
        url = f"postgresql+psycopg://wardtui:secret@127.0.0.1:{port}/postgres"
        db = Database(resolve(url))
        shown = f"postgresql+psycopg://wardtui:***@127.0.0.1:{port}/postgres"
        with pytest.raises(StorageError) as reading:
            db.rows("SELECT 1")
        assert str(reading.value) == f"{CANNOT_CONNECT}: {shown}"
        with pytest.raises(StorageError) as writing:
            _write(db)
        assert str(writing.value) == f"{CANNOT_CONNECT}: {shown} — {MAY_NOT_BE_SAVED}"
        assert writing.value.__cause__.orig.sqlstate is None  # type: ignore[union-attr]  # libpq's own failure
        db.close()


def test_a_read_only_server_database_refuses_writes_and_still_reads(pg_url: str) -> None:
    from wardtui.db.facilities import find_facilities

    db = Database(resolve(pg_url))
    _exec(db, "UPDATE facility SET search_text = NULL WHERE name = '신길4동'")  # a stale search key
    db.close()
    with read_only_pg_database(pg_url):
        db = Database(resolve(pg_url))
        with pytest.raises(StorageError) as refused:
            _write(db)
        assert str(refused.value) == f"{READ_ONLY}: {db.target.display} — {NOTHING_SAVED}"
        assert refused.value.__cause__.orig.sqlstate == "25006"  # type: ignore[union-attr]
        assert db.scalar("SELECT name FROM facility WHERE seq = 12") == "신길4동"
        assert "신길4동" in [f.name for f in find_facilities(db, "ㅅㄱ4").rows]
        db.close()


def test_a_read_only_server_database_is_one_line_from_the_cli(run_cli, pg_url: str) -> None:  # type: ignore[no-untyped-def]
    with read_only_pg_database(pg_url):
        code, out, err = run_cli("--db", pg_url, "milestone", "add", "12", "2021.3.1", "착공")
    assert (code, out) == (2, "")
    assert err == f"wardtui: {READ_ONLY}: {resolve(pg_url).display} — {NOTHING_SAVED}\n"


def test_a_backend_terminated_mid_transaction_is_one_korean_line(pg_url: str) -> None:
    from sqlalchemy import text

    db = Database(resolve(pg_url))
    with pytest.raises(StorageError) as cut:
        with db.session() as session:
            pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
            with pg_admin(pg_url) as admin:  # waits (up to 5 s) until the backend is gone
                assert admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,)).fetchone() == (True,)
            session.execute(text("SELECT 1"))
    assert str(cut.value) == f"{CANNOT_CONNECT}: {db.target.display} — {MAY_NOT_BE_SAVED}"
    assert db.scalar("SELECT 1") == 1  # the pool replaces the dead connection
    db.close()


#: SQLSTATE → the message PostgreSQL's own Korean translation gives (postgres-15.mo), and what we say.
KOREAN_SERVER = [
    ("25006", "읽기 전용 트랜잭션에서는 INSERT 명령을 실행할 수 없습니다.", f"{READ_ONLY}: {{}} — {NOTHING_SAVED}"),
    ("53100", '"base/16384/2619" 파일을 확장할 수 없음: 장치에 남은 공간이 없음',
     f"저장 공간이 가득 차서 쓰지 못했습니다: {{}} — {NOTHING_SAVED}"),
    ("58030", '"base/16384/2619" 파일 쓰기 실패: 입력/출력 오류',
     f"디스크에 쓰지 못했습니다(저장 공간이나 장치를 확인하십시오): {{}} — {NOTHING_SAVED}"),
    ("57P01", "관리자 요청에 의해서 연결을 끝냅니다", f"{CANNOT_CONNECT}: {{}} — {MAY_NOT_BE_SAVED}"),
    ("57P03", "데이터베이스 시스템이 새로 가동 중입니다.", f"{CANNOT_CONNECT}: {{}} — {MAY_NOT_BE_SAVED}"),
    ("53300", "최대 동시 접속자 수를 초과했습니다.", f"{CANNOT_CONNECT}: {{}} — {MAY_NOT_BE_SAVED}"),
    ("08006", "서버가 갑자기 연결을 닫았음", f"{CANNOT_CONNECT}: {{}} — {MAY_NOT_BE_SAVED}"),
]


@pytest.mark.parametrize(("sqlstate", "korean", "expected"), KOREAN_SERVER, ids=[k[0] for k in KOREAN_SERVER])
def test_a_server_speaking_korean_is_understood_by_sqlstate(pg_url: str, sqlstate: str, korean: str, expected: str) -> None:
    db = Database(resolve(pg_url))
    with pytest.raises(StorageError) as refused:
        _exec(db, f"DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '{sqlstate}', MESSAGE = '{korean}'; END $$")
    assert str(refused.value) == expected.format(db.target.display)
    assert korean in str(refused.value.__cause__)  # the server's own words were Korean
    db.close()


def test_english_words_in_an_error_that_is_not_a_storage_problem_change_nothing(pg_url: str) -> None:
    from sqlalchemy.exc import DBAPIError

    db = Database(resolve(pg_url))
    words = "server closed the connection; database is locked; read-only; disk full; could not connect"
    with pytest.raises(DBAPIError) as raised:
        _exec(db, f"DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = 'XX000', MESSAGE = '{words}'; END $$")
    assert not isinstance(raised.value, WardError) and storage_problem(raised.value) is None
    db.close()


def test_a_server_whose_messages_are_korean_is_understood(pg_url: str) -> None:
    """lc_messages=ko_KR for real, where the server's machine has that locale."""
    import psycopg

    name = pg_database_name(pg_url)
    with pg_admin(pg_url) as admin:
        try:
            admin.execute("SET lc_messages = 'ko_KR.UTF-8'")
        except psycopg.errors.InvalidParameterValue:
            pytest.skip("the server's machine has no ko_KR.UTF-8 locale (locale -a); the SQLSTATE tests above stand in")
        admin.execute(f"ALTER DATABASE \"{name}\" SET lc_messages = 'ko_KR.UTF-8'")
    with read_only_pg_database(pg_url):
        db = Database(resolve(pg_url))
        with pytest.raises(StorageError) as refused:
            _write(db)
        assert "읽기 전용" in str(refused.value.__cause__)  # the server said it in Korean
        assert str(refused.value) == f"{READ_ONLY}: {db.target.display} — {NOTHING_SAVED}"
        db.close()


def test_the_korean_messages_above_are_the_servers_own() -> None:
    """The wording in KOREAN_SERVER is PostgreSQL's translation, where the catalogue is installed."""
    catalogues = sorted(Path("/usr/share/locale/ko/LC_MESSAGES").glob("postgres-*.mo"))
    if not catalogues:
        pytest.skip("PostgreSQL's Korean message catalogue is not installed here")
    with catalogues[-1].open("rb") as fh:
        korean = gettext.GNUTranslations(fh)
    assert korean.gettext("cannot execute %s in a read-only transaction") % "INSERT" == KOREAN_SERVER[0][1]
    assert korean.gettext("terminating connection due to administrator command") == KOREAN_SERVER[3][1]
    assert korean.gettext("the database system is starting up") == KOREAN_SERVER[4][1]
    assert korean.gettext("sorry, too many clients already") == KOREAN_SERVER[5][1]
    assert korean.gettext('could not extend file "%s": %m').startswith('"%s" 파일을 확장할 수 없음')
    assert korean.gettext('could not write to file "%s": %m').startswith('"%s" 파일 쓰기 실패')



# -- the file behind the path -------------------------------------------------------------------
@pytest.mark.sqlite_only
def test_a_write_goes_to_the_file_at_the_path_even_after_it_was_replaced(db: Database, db_path: Path,
                                                                         seeded_template: Path) -> None:
    """`db restore` (or a clerk copying a backup in) replaces the file while the app is open. A
    connection kept from before would still write into the replaced file, and that work would
    be lost with it; every write opens the file that is there now."""
    import shutil

    _write(db)
    replaced = db_path.with_name("replaced.db")
    db_path.rename(replaced)
    shutil.copyfile(seeded_template, db_path)
    _write(db)
    changes = "SELECT COUNT(*) FROM change_log WHERE entity = 'test'"
    assert sqlite3.connect(db_path).execute(changes).fetchone() == (1,)
    assert sqlite3.connect(replaced).execute(changes).fetchone() == (1,)


@pytest.mark.sqlite_only
def test_a_write_while_the_file_is_away_is_refused_not_written_elsewhere(db: Database, db_path: Path) -> None:
    _write(db)
    away = db_path.with_name("away.db")
    db_path.rename(away)
    try:
        with pytest.raises(StorageError):
            _write(db)
    finally:
        away.rename(db_path)
    assert sqlite3.connect(db_path).execute("SELECT COUNT(*) FROM change_log WHERE entity = 'test'").fetchone() == (1,)
