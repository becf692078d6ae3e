"""Bad input, generated: every parser, form, CLI argument and CSV row refuses with a reason.

A refusal is the parser's own error type (a ValueError with a Korean message), a form's
per-field errors, or the CLI's one line and exit status 2. Anything else, a traceback
above all, fails. The counts of inputs tried go to RELIABILITY.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from tests.reliability_figures import record
from wardtui.core.dates import DateParseError, parse_date, parse_date_range, parse_day
from wardtui.core.money import AmountParseError, parse_area, parse_won
from wardtui.core.payments import PeriodError, parse_period, validate_end_form, validate_recipient_form
from wardtui.core.projects import validate_execution, validate_milestone
from wardtui.core.search import matches, normalize

TRIED: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _figures() -> Iterator[None]:
    yield
    record("inputs", per_worker=True, total=sum(TRIED.values()), **dict(sorted(TRIED.items())))


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# Text that looks like what people type into these fields, and text that does not.
DATE_ALPHABET = "0123456789.-/ ~～'년월일()\t\n\u00a0\u200b\u3000"
AMOUNT_ALPHABET = "0123456789,.-+ 원천만억㎡m²\u00a0\u200b"
datey = st.text(alphabet=DATE_ALPHABET, max_size=40)
amounty = st.text(alphabet=AMOUNT_ALPHABET, max_size=40)
anything = st.text(max_size=60)  # every code point but surrogates, control characters included
very_long = st.builds(lambda s, n: (s or "가") * n, st.text(max_size=8), st.integers(100, 2_000))
hangul = st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=12)
inputs = st.one_of(datey, amounty, anything, very_long, hangul.map(nfd))


def refused_with_reason(exc: Exception) -> None:
    message = str(exc)
    assert message.strip() and "\n" not in message and "Traceback" not in message


# -- parsers ------------------------------------------------------------------------------------
@settings(max_examples=400)
@given(inputs)
@example("2021. 3. 15.")
@example("'21. 3. ~ 12.")
@example("\x00\x1b[2J")
@example("9" * 5000)
def test_date_parsers_parse_or_refuse_with_a_reason(text: str) -> None:
    TRIED["dates"] += 1
    for parse in (parse_date, parse_day, parse_date_range, lambda t: parse_date(t, default_year=2021)):
        try:
            parse(text)
        except DateParseError as exc:
            refused_with_reason(exc)


@settings(max_examples=300)
@given(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)), st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}. {m}. {d}.", "{y}.{m}.{d}", "'{yy:02d}. {m}. {d}."]))
def test_every_written_day_reads_back(day: dt.date, form: str) -> None:
    TRIED["dates"] += 1
    text = form.format(y=day.year, m=day.month, d=day.day, yy=day.year % 100)
    assume(not form.startswith("'") or 2000 <= day.year <= 2099)  # '21 means 2021
    assert parse_day(text) == day


@settings(max_examples=400)
@given(inputs)
@example("1,234천원")
@example("-0")
@example("1" * 400)
def test_amount_and_area_parsers_parse_or_refuse_with_a_reason(text: str) -> None:
    TRIED["amounts"] += 1
    for parse in (parse_won, lambda t: parse_won(t, allow_negative=True), parse_area):
        try:
            value = parse(text)
        except AmountParseError as exc:
            refused_with_reason(exc)
        else:
            assert isinstance(value, int)


@settings(max_examples=300)
@given(st.integers(0, 10**15))
def test_written_amounts_read_back(won: int) -> None:
    TRIED["amounts"] += 1
    assert parse_won(f"{won:,}") == won == parse_won(str(won))


@settings(max_examples=400)
@given(st.one_of(inputs, st.builds("{}-{}".format, st.integers(-5, 2200), st.one_of(st.integers(-3, 15).map(str), st.sampled_from(["설", "추석", "상반기", "하반기", "봄", ""])))))
def test_periods_parse_or_refuse_with_a_reason(text: str) -> None:
    TRIED["periods"] += 1
    try:
        period = parse_period(text)
    except PeriodError as exc:
        refused_with_reason(exc)
    else:
        assert parse_period(period.code) == period


# -- search ---------------------------------------------------------------------------------------
@settings(max_examples=400)
@given(inputs, st.lists(st.one_of(anything, hangul), max_size=3))
@example("%", ["신길4동"])
@example("_", ["신길4동"])
@example("'; DROP TABLE facility; --", ["신길4동"])
def test_search_never_fails_and_ignores_the_spelling_of_hangul(query: str, fields: list[str]) -> None:
    TRIED["search"] += 1
    found = matches(query, *fields)
    assert isinstance(found, bool)
    assert matches(nfd(query), *fields) == found == matches(query, *(nfd(f) for f in fields))
    assert normalize(nfd(query)) == normalize(query)


@settings(max_examples=200)
@given(hangul, hangul)
def test_a_part_of_a_name_finds_it_however_it_is_spelled(before: str, part: str) -> None:
    TRIED["search"] += 1
    name = before + part
    assert matches(part, name) and matches(nfd(part), name) and matches(part, nfd(name))
    assert matches(f" {part}\t\x00", name)  # spaces and control characters are ignored


# -- forms ------------------------------------------------------------------------------------------
form_text = st.one_of(inputs, st.just(""))


@settings(max_examples=300)
@given(st.fixed_dictionaries({"date": form_text, "title": form_text, "note": form_text, "state": form_text}), st.booleans())
def test_the_milestone_form_reports_each_field(raw: dict[str, str], blank_ok: bool) -> None:
    TRIED["forms"] += 1
    values, errors = validate_milestone(raw, allow_blank_date=blank_ok)
    assert set(errors) <= {"date", "title", "note", "state"}
    assert all(m.strip() for m in errors.values())
    if not errors:
        assert values["title"] and values["title"] == " ".join(values["title"].split())


@settings(max_examples=300)
@given(st.fixed_dictionaries({"amount": form_text, "date": form_text, "source": form_text, "note": form_text}))
def test_the_execution_form_reports_each_field(raw: dict[str, str]) -> None:
    TRIED["forms"] += 1
    values, errors = validate_execution(raw)
    assert set(errors) <= {"amount", "date", "source", "note"} and all(m.strip() for m in errors.values())
    if not errors:
        assert values["amount_won"] > 0 and isinstance(values["executed_on"], dt.date)


@settings(max_examples=300)
@given(st.fixed_dictionaries({k: form_text for k in ("name", "dong", "role", "tong", "ban", "since", "parent", "school")}))
def test_the_recipient_forms_report_each_field(raw: dict[str, str]) -> None:
    TRIED["forms"] += 1
    _, errors = validate_recipient_form(raw)
    assert all(isinstance(m, str) and m.strip() for m in errors.values())
    _, errors = validate_end_form({"ended": raw["since"]}, dt.date(2020, 1, 1))
    assert all(m.strip() for m in errors.values())


# -- the CLI ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shared_db(seeded_template: Path) -> Iterator[Path]:
    """One seeded file for a module's generated commands (a fixture per example would be slow)."""
    folder = Path(tempfile.mkdtemp(prefix="wardtui-props-"))
    path = folder / "wardtui.db"
    shutil.copyfile(seeded_template, path)
    from wardtui.db.payments.register import add_recipient
    from wardtui.db.migrate import open_database
    from wardtui.db.target import resolve

    db = open_database(resolve(str(path)))
    add_recipient(db, name="김%숙", dong="신길4동", role="통장", tong=3, since=dt.date(2000, 1, 1))
    add_recipient(db, name="이_숙", dong="문래동", role="통장", tong=4, since=dt.date(2000, 1, 1))
    add_recipient(db, name="O'Brien", dong="문래동", role="통장", tong=5, since=dt.date(2000, 1, 1))
    db.close()
    yield path
    shutil.rmtree(folder, ignore_errors=True)


def run(*args: str) -> tuple[int, str, str]:
    """The real entry point, in-process; (exit status, stdout, stderr)."""
    import contextlib

    from wardtui.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return code, out.getvalue(), err.getvalue()


def cli_refusal_or_answer(code: int, out: str, err: str) -> None:
    assert code in (0, 2), (code, out, err)
    assert "Traceback" not in err + out
    if code == 2:
        assert err.startswith("wardtui: ") and err.count("\n") == 1 and out == "", err


cli_settings = settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)
cli_text = st.one_of(datey, amounty, st.text(max_size=30), hangul.map(nfd)).filter(lambda s: "\x00" not in s)


@cli_settings
@given(cli_text)
@example("%")
@example("_")
@example("'")
@example('"; DROP TABLE facility; --')
def test_facilities_search_answers_or_refuses(shared_db: Path, query: str) -> None:
    TRIED["cli"] += 1
    code, out, err = run("--db", str(shared_db), "facilities", query, "--json")
    cli_refusal_or_answer(code, out, err)
    if code == 0 and any(ch in query for ch in "%_'\""):
        assert out.strip() == "[]"  # no facility's name or address has them: taken literally


@cli_settings
@given(cli_text, cli_text, cli_text)
@example("12", "2021.13.1", "x")
@example("ㄷㄹ3", "'21. 3.", "")
@example("-1", "--", "x")
@example("²", "2021.3", "x")  # str.isdigit() is true for it, int() refuses it
def test_milestone_add_answers_or_refuses(shared_db: Path, project: str, date: str, title: str) -> None:
    TRIED["cli"] += 1
    cli_refusal_or_answer(*run("--db", str(shared_db), "milestone", "add", "--", project, date, title))


@cli_settings
@given(cli_text, cli_text, cli_text, cli_text, cli_text)
@example("활동보상금", "1", "2021-03", "300000", "2021-03-25")
@example("보상품", "999999999999999999999", "2021-설", "1", "x")
@example("²", "0", "", "", "")  # found by this test: a traceback once
def test_payments_add_answers_or_refuses(shared_db: Path, program: str, recipient: str, period: str, amount: str, paid_on: str) -> None:
    TRIED["cli"] += 1
    cli_refusal_or_answer(*run("--db", str(shared_db), "payments", "add", "--program", program, "--recipient", recipient,
                               "--period", period, "--amount", amount, "--paid-on", paid_on))


@cli_settings
@given(st.sampled_from(["%", "_", "'", "%숙", "_숙", "O'B", "o'brien"]))
def test_recipient_search_takes_percent_underscore_and_quotes_literally(shared_db: Path, query: str) -> None:
    import json

    TRIED["cli"] += 1
    code, out, err = run("--db", str(shared_db), "recipients", query, "--json", "--reveal")
    assert code == 0, err
    names = {r["name"] for r in json.loads(out)}
    expected = {n for n in ("김%숙", "이_숙", "O'Brien") if normalize(query) in normalize(n)}
    assert names == expected


# -- CSV import ---------------------------------------------------------------------------------------
csv_cell = st.one_of(cli_text, st.sampled_from(["활동보상금", "1", "2", "2021-03", "2021-설", "300000", "1,000", "-5", ""]))


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)
@given(st.lists(st.lists(csv_cell, min_size=0, max_size=6), min_size=1, max_size=8), st.booleans())
@example([["활동보상금", "1", "2031-03", "300000"], ["0\n0", "1", "2021-03", "1"]], True)
def test_payments_import_writes_all_or_nothing_and_names_each_bad_line(shared_db: Path, rows: list[list[str]], header: bool) -> None:
    import sqlite3

    TRIED["csv_rows"] += len(rows)
    folder = shared_db.parent
    path = folder / "rows.csv"
    buf = io.StringIO()
    writer = csv.writer(buf)
    if header:
        writer.writerow(["program", "recipient_id", "period", "amount_won", "paid_on"])
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")

    def ledger() -> int:
        conn = sqlite3.connect(shared_db)
        try:
            return conn.execute("SELECT COUNT(*) FROM payment").fetchone()[0]
        finally:
            conn.close()

    before = ledger()
    code, out, err = run("--db", str(shared_db), "payments", "import", str(path))
    assert code in (0, 2) and "Traceback" not in out + err, (code, out, err)
    if code == 2:
        assert ledger() == before
        lines = [line for line in err.splitlines() if line]
        assert lines and all(line.startswith(("wardtui: ", f"{path}:", f"{path.name}:")) for line in lines), err
    else:
        assert ledger() >= before
