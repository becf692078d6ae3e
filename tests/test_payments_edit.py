"""Editing the register and the rate table: db rules, the CLI and the app's forms."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from wardtui.core.payments import validate_end_form, validate_rate_form, validate_recipient_form
from wardtui.db.payments.programs import rate_on, resolve_program, set_rate
from wardtui.db.payments.register import add_recipient, edit_recipient, end_recipient, get_recipient
from wardtui.db.payments.runs import plan_run
from wardtui.errors import WardError
from wardtui.screens.payments.screen import PaymentsScreen
from wardtui.widgets.form import FormScreen
from tests.app_helpers import is_shown, settle, shown_table

SINCE = dt.date(2020, 1, 1)

# Runs on SQLite and on PostgreSQL (tests/conftest.py); those reading the SQLite file stay on SQLite.
pytestmark = pytest.mark.both_backends


def person(db, name: str = "김영숙", role: str = "통장", **extra):  # type: ignore[no-untyped-def]
    extra.setdefault("tong", 3)
    return add_recipient(db, name=name, dong="신길4동", role=role, since=SINCE, **extra)


def recipient_table(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT id, name, dong, tong, ban, appointed_on, ended_on, version FROM recipient ORDER BY id").fetchall()


def log_rows(db_path: Path, entity: str) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT entity_id, action, old_values, new_values FROM change_log WHERE entity = ? ORDER BY id", (entity,)
        ).fetchall()


# -- core validators -------------------------------------------------------------------------
def test_recipient_form_reports_each_field() -> None:
    values, errors = validate_recipient_form({"name": " ", "dong": "", "role": "반장", "tong": "세", "ban": "",
                                              "since": "2021-13-40", "parent": "", "school": ""})
    assert set(errors) == {"name", "dong", "tong", "ban", "since"}
    values, errors = validate_recipient_form({"name": "김 영숙", "dong": "신길4동", "role": "반장", "tong": "3통",
                                              "ban": "2", "since": "2021-01-01", "parent": "", "school": ""})
    assert errors == {}
    assert values == {"name": "김 영숙", "dong": "신길4동", "role": "반장", "tong": 3, "ban": 2,
                      "since": dt.date(2021, 1, 1), "parent_id": None, "school_level": None}


def test_end_and_rate_forms() -> None:
    assert validate_end_form({"on": "2019-12-31"}, SINCE)[1] == {"on": "종료일은 위촉일(2020-01-01) 이후여야 합니다"}
    assert validate_end_form({"on": "2026-11-30"}, SINCE) == ({"on": dt.date(2026, 11, 30)}, {})
    cadences, latest = {"1": "monthly", "4": "holiday"}, {"1": dt.date(2026, 1, 1)}
    _, errors = validate_rate_form({"program": "4", "amount": "30,000", "since": "2027-01-01", "unit": ""}, cadences, latest)
    assert "50,000원 이내" in errors["amount"]
    _, errors = validate_rate_form({"program": "1", "amount": "300,000", "since": "2026-01-01", "unit": ""}, cadences, latest)
    assert "이미 있습니다" in errors["since"]
    values, errors = validate_rate_form({"program": "1", "amount": "300천원", "since": "2027-01-01", "unit": ""}, cadences, latest)
    assert errors == {} and values == {"program_id": 1, "amount_won": 300_000, "since": dt.date(2027, 1, 1), "unit": None}


# -- database --------------------------------------------------------------------------------
def test_edit_recipient_bumps_the_version_and_logs_without_the_name(db, db_path: Path) -> None:
    r = person(db)
    edited = edit_recipient(db, r.id, r.version, name="김영희", tong=5)
    assert (edited.name, edited.tong, edited.version) == ("김영희", 5, r.version + 1)
    entity_id, action, old, new = log_rows(db_path, "recipient")[-1]
    assert (entity_id, action) == (str(r.id), "edit")
    assert json.loads(old) == {"tong": 3} and json.loads(new) == {"tong": 5, "name_changed": True}
    assert "김영" not in old + new
    with pytest.raises(WardError, match="먼저 고쳤습니다"):
        edit_recipient(db, r.id, r.version, dong="문래동")  # the version the user saw is stale
    assert get_recipient(db, r.id).dong == "신길4동"  # type: ignore[union-attr]


def test_edit_keeps_the_role_rules(db) -> None:
    ban = person(db, "박반장", "반장", ban=2)
    with pytest.raises(WardError, match="반 번호"):
        edit_recipient(db, ban.id, ban.version, ban=None)
    with pytest.raises(WardError, match="없는 대상자"):
        edit_recipient(db, 999_999, None, dong="문래동")


def test_end_recipient_leaves_later_runs_and_logs(db, db_path: Path) -> None:
    staff = [person(db, f"김영숙{i}") for i in range(2)]
    program = resolve_program(db, "활동보상금")
    set_rate(db, program, 300_000, SINCE)
    ended = end_recipient(db, staff[0].id, staff[0].version, on=dt.date(2026, 10, 31))
    assert ended.ended_on == dt.date(2026, 10, 31) and ended.version == staff[0].version + 1
    assert [r.id for r in plan_run(db, program, "2026-11").recipients] == [staff[1].id]
    assert [r.id for r in plan_run(db, program, "2026-10").recipients] == [s.id for s in staff]
    assert json.loads(log_rows(db_path, "recipient")[-1][3]) == {"ended_on": "2026-10-31"}
    with pytest.raises(WardError, match="이미 2026-10-31"):
        end_recipient(db, staff[0].id, None, on=dt.date(2026, 12, 31))
    with pytest.raises(WardError, match="위촉일"):
        end_recipient(db, staff[1].id, staff[1].version, on=dt.date(2019, 1, 1))


# -- CLI -------------------------------------------------------------------------------------
def add_cli(run_cli, db_path: Path) -> dict:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("--db", str(db_path), "recipients", "add", "--name", "김영숙", "--dong", "신길4동",
                             "--role", "통장", "--tong", "3", "--since", "2020-01-01", "--json")
    assert code == 0, err
    return json.loads(out)


def test_cli_edit_and_end(run_cli, db_path: Path) -> None:
    made = add_cli(run_cli, db_path)
    code, out, err = run_cli("--db", str(db_path), "recipients", "edit", str(made["id"]), "--dong", "문래동", "--tong", "1")
    assert code == 0, err
    assert out == f"고쳤습니다: {made['id']} 김*숙 통장 문래동 1통\n"
    code, out, err = run_cli("--db", str(db_path), "recipients", "end", str(made["id"]), "--on", "2026-12-31", "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["ended_on"] == "2026-12-31" and shown["version"] == 3
    assert "김영숙" not in "".join(str(r) for r in log_rows(db_path, "recipient"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("edit", "{id}", "--since", "어제쯤"), "--since:"),
        (("edit", "{id}"), "고칠 항목"),
        (("edit", "{id}", "--tong", "0"), "통 번호"),
        (("edit", "{id}", "--dong", "문래동", "--version", "7"), "먼저 고쳤습니다"),
        (("edit", "999999", "--dong", "문래동"), "없는 대상자"),
        (("end", "{id}", "--on", "2019-01-01"), "위촉일"),
        (("end", "{id}", "--on", "2026-13-01"), "--on:"),
    ],
)
def test_cli_bad_edits_exit_2_in_one_line_and_change_nothing(run_cli, db_path: Path, args: tuple, message: str) -> None:
    made = add_cli(run_cli, db_path)
    before = recipient_table(db_path)
    code, out, err = run_cli("--db", str(db_path), "recipients", *(a.format(id=made["id"]) for a in args))
    assert code == 2 and out == ""
    assert err.startswith("wardtui: ") and message in err and err.count("\n") == 1
    assert recipient_table(db_path) == before


# -- the app ---------------------------------------------------------------------------------
def column(app, index: int) -> list[str]:  # type: ignore[no-untyped-def]
    table = shown_table(app)
    return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]


def field(app, name: str):  # type: ignore[no-untyped-def]
    return app.screen.query_one(f"#field-{name}")


def error(app, name: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(f"#error-{name}", Static).content)


async def open_recipients(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("m")
    await settle(pilot)


async def test_add_a_recipient_through_the_form(db, db_path: Path, make_app) -> None:
    person(db)
    app = make_app("payments")
    async with app.run_test(size=(100, 40)) as pilot:
        await open_recipients(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        field(app, "name").value = "박반장"
        field(app, "dong").value = "문래동"
        field(app, "role").value = "반장"
        field(app, "tong").value = "1"
        field(app, "since").value = "2021-02-30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)  # refused: the messages stand under their fields
        assert error(app, "ban") == "반장은 반 번호(1 이상)가 필요합니다"
        assert error(app, "since") and error(app, "name") == ""
        assert field(app, "name").value == "박반장" and field(app, "since").value == "2021-02-30"
        assert field(app, "ban").has_focus
        field(app, "ban").value = "2"
        field(app, "since").value = "2021-02-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PaymentsScreen)
        assert sorted(column(app, 1)) == ["김*숙", "박*장"]  # still masked
        table = shown_table(app)
        assert str(table.get_row_at(table.cursor_row)[1]) == "박*장"  # the new row is selected
    rows = recipient_table(db_path)
    assert rows[-1][1:7] == ("박반장", "문래동", 1, 2, "2021-02-01", None)
    assert "박반장" not in str(log_rows(db_path, "recipient"))


async def test_edit_and_end_a_recipient_through_the_forms(db, db_path: Path, make_app) -> None:
    r = person(db)
    app = make_app("payments")
    async with app.run_test(size=(100, 40)) as pilot:
        await open_recipients(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert field(app, "name").value == "김영숙" and field(app, "tong").value == "3"
        field(app, "tong").value = "삼"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error(app, "tong") == "통 번호는 숫자로 입력하십시오 (예: 3)" and field(app, "tong").value == "삼"
        field(app, "tong").value = "4"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PaymentsScreen)
        assert column(app, 3) == ["신길4동 4통"]
        await pilot.press("o")
        await settle(pilot)
        assert field(app, "on").value == "2026-11-24"
        field(app, "on").value = "2019-12-31"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error(app, "on") == "종료일은 위촉일(2020-01-01) 이후여야 합니다"
        field(app, "on").value = "2026-11-23"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PaymentsScreen)
        assert column(app, 5) == ["종료 (2026-11-23까지)"]
    assert recipient_table(db_path)[-1][3:] == (4, None, "2020-01-01", "2026-11-23", r.version + 2)
    assert [json.loads(n) for _, _, _, n in log_rows(db_path, "recipient")][-2:] == [{"tong": 4}, {"ended_on": "2026-11-23"}]


async def test_a_stale_edit_is_refused_and_the_list_reloads(db, db_path: Path, make_app) -> None:
    r = person(db)
    app = make_app("payments")
    async with app.run_test(size=(100, 40)) as pilot:
        await open_recipients(pilot)
        await pilot.press("e")
        await settle(pilot)
        edit_recipient(db, r.id, r.version, dong="문래동")  # someone else, meanwhile
        field(app, "tong").value = "9"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("먼저 고쳤습니다" in str(n.message) for n in app._notifications)
        # The form stays, with what was typed and why it was not saved ...
        assert isinstance(app.screen, FormScreen) and field(app, "tong").value == "9"
        assert "먼저 고쳤습니다" in str(app.screen.query_one("#form-status").render())
        await pilot.press("escape", "y")  # ... until the clerk gives up on it
        await settle(pilot)
        assert isinstance(app.screen, PaymentsScreen)
        assert column(app, 3) == ["문래동 3통"]  # and the list shows what the other desk saved
    assert recipient_table(db_path)[-1][3] == 3


async def test_search_filters_the_register_and_keeps_names_masked(db, make_app) -> None:
    person(db, "김영숙")
    add_recipient(db, name="이정", dong="문래동", role="통장", tong=1)
    app = make_app("payments")
    async with app.run_test(size=(100, 40)) as pilot:
        await open_recipients(pilot)
        search = app.screen.query_one("#pay-search", Input)
        assert is_shown(search)
        await pilot.press("slash")
        assert search.has_focus
        await pilot.press("문", "래")
        await settle(pilot)
        assert column(app, 1) == ["이*"]
        search.value = "ㄱㅇㅅ"
        await settle(pilot)
        assert column(app, 1) == ["김*숙"]
        await pilot.press("enter")
        assert shown_table(app).has_focus
        await pilot.press("escape")
        await settle(pilot)
        assert not is_shown(search) and "합계" in str(app.screen.query_one("#pay-title").content)  # back on the totals


async def test_set_a_rate_through_the_form(db, db_path: Path, make_app) -> None:
    gift = resolve_program(db, "보상품")
    app = make_app("payments")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        before = shown_table(app).row_count
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        field(app, "program").value = str(gift.id)
        field(app, "amount").value = "30,000"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "50,000원 이내" in error(app, "amount") and field(app, "amount").value == "30,000"
        assert field(app, "amount").has_focus
        field(app, "amount").value = "25,000"
        field(app, "since").value = "2027-01-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PaymentsScreen)
        assert shown_table(app).row_count == before + 1
        assert "25,000원" in column(app, 2)
    rate = rate_on(db, gift.id, dt.date(2027, 1, 1))
    assert rate is not None and (rate.unit_amount_won, rate.unit) == (25_000, "명절")
    assert log_rows(db_path, "payment_rate")[-1][1] == "add"


async def test_register_keys_are_hidden_outside_their_view(db, make_app) -> None:
    app = make_app("payments")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert not {"a", "e", "o", "slash"} & set(app.screen.active_bindings)
        await pilot.press("a", "e", "o")
        await settle(pilot)
        assert isinstance(app.screen, PaymentsScreen)  # no form opened on the totals
        assert not is_shown(app.screen.query_one("#pay-search", Input))
