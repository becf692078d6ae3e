"""seed.sql against the report: every printed total, split and date, as printed.

The seed never corrects the report. Where the report contradicts itself the tests
assert the contradiction with its exact size, so a "fix" in the seed fails here too.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seed.sql"
MIGRATIONS = ROOT / "wardtui" / "db" / "migrations"


@pytest.fixture(scope="module")
def seeded_db(seeded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The database the app builds on first run (migrations + seed.sql), with the seed loaded once more."""
    import shutil

    from wardtui.db.migrate import reseed
    from wardtui.db.target import resolve

    path = tmp_path_factory.mktemp("seed") / "seed.db"
    shutil.copyfile(seeded_template, path)
    reseed(resolve(str(path)))  # a second load must change nothing
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()
    yield path


@pytest.fixture(scope="module")
def db(seeded_db: Path) -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(seeded_db)
    yield con
    con.close()


def one(db: sqlite3.Connection, sql: str, *params: object) -> object:
    row = db.execute(sql, params).fetchone()
    assert row is not None, sql
    return row[0]


def rows(db: sqlite3.Connection, sql: str, *params: object) -> list[tuple]:
    return db.execute(sql, params).fetchall()


def total(db: sqlite3.Connection, key: str) -> int:
    return one(db, "SELECT value FROM report_total WHERE key = ?", key)  # type: ignore[return-value]


def project_id(db: sqlite3.Connection, part: str, seq: int) -> int:
    return one(db, "SELECT id FROM project WHERE part = ? AND seq = ?", part, seq)  # type: ignore[return-value]


# --------------------------------------------------------------------------- shape


ROW_COUNTS = {
    "report": 1,
    "report_total": 16,
    "staffing": 42,
    "facility": 25,
    "vehicle": 6,
    "unit_budget": 8,
    "project": 21,
    "project_funding": 57,
    "project_line": 325,
    "project_figure": 124,
    "milestone": 136,
    "payment_program": 7,
    "payment_run": 5,
    "election": 2,
    "election_event": 19,
    "election_stat": 13,
    "election_contest": 2,
}


@pytest.mark.parametrize("table,count", sorted(ROW_COUNTS.items()))
def test_row_counts(db, table, count):
    assert one(db, f"SELECT count(*) FROM {table}") == count


def test_seed_file_is_portable_sql():
    text = SEED.read_text(encoding="utf-8")
    assert text.startswith("-- "), "header comment says what the file is"
    upper = text.upper()
    for word in ("BEGIN", "COMMIT", "PRAGMA", "AUTOINCREMENT", "INSERT OR"):
        assert f"\n{word}" not in upper
    statements = [s for s in text.split(";\n") if s.strip() and not all(
        line.startswith("--") or not line.strip() for line in s.splitlines())]
    for stmt in statements:
        body = "\n".join(line for line in stmt.splitlines() if not line.startswith("--")).strip()
        assert body.startswith("INSERT INTO "), body[:60]
        assert body.endswith("ON CONFLICT DO NOTHING"), body[-60:]
    assert text.rstrip().endswith(";")


def test_report_row(db):
    assert rows(db, "SELECT title, division, council_session, session_starts_on, session_ends_on FROM report") == [
        ("2020년 주요업무 보고", "자치행정과", "제227회 구의회 제2차 정례회", "2020-11-20", "2020-12-23")
    ]


# --------------------------------------------------------------------------- 인력

GRADES = ["4급", "5급", "6급", "7급", "8급", "9급"]
PRINTED_STAFFING = {
    "정원": ["-", "1", "7", "7", "3", "2"],
    "현원": ["-", "1", "5", "9", "4", "3"],
    "과부족": ["-", "-", "△2", "2", "△1", "1"],
}
VALUE_STAFFING = {
    "정원": [0, 1, 7, 7, 3, 2],
    "현원": [0, 1, 5, 9, 4, 3],
    "과부족": [0, 0, -2, 2, -1, 1],
}


@pytest.mark.parametrize("kind", ["정원", "현원", "과부족"])
def test_staffing_general_series_as_printed(db, kind):
    got = rows(db, "SELECT grade, headcount, printed FROM staffing WHERE row_kind = ? AND series = '일반직'", kind)
    got_by_grade = {g: (h, p) for g, h, p in got}
    assert sorted(got_by_grade) == sorted(GRADES)
    for grade, value, printed in zip(GRADES, VALUE_STAFFING[kind], PRINTED_STAFFING[kind]):
        assert got_by_grade[grade] == (value, printed), (kind, grade)


def test_staffing_blank_series_are_null(db):
    got = rows(db, "SELECT row_kind, series, grade, headcount, printed FROM staffing WHERE series != '일반직'")
    assert len(got) == 24
    assert {(s, g) for _, s, g, _, _ in got} == {
        (s, g) for s in ("관리운영직", "별정직·임기제") for g in ("6급", "7급", "8급", "9급")
    }
    assert all(h is None and p == "" for *_, h, p in got)


def test_staffing_totals_as_printed(db):
    assert rows(db, "SELECT key, value, printed FROM report_total WHERE key LIKE 'staffing.%' ORDER BY id") == [
        ("staffing.정원.계", 21, "21"), ("staffing.현원.계", 21, "21"), ("staffing.과부족.계", 0, "-"),
    ]


def test_staffing_contradictions_are_kept(db):
    def grade_sum(kind: str) -> int:
        return one(db, "SELECT sum(headcount) FROM staffing WHERE row_kind = ?", kind)  # type: ignore[return-value]

    # 정원 grades sum to 20 but 계 is printed 21; 현원 grades sum to 22 but 계 is 21.
    assert grade_sum("정원") == 20 and total(db, "staffing.정원.계") == 21
    assert grade_sum("현원") == 22 and total(db, "staffing.현원.계") == 21
    # 과부족 printed cells sum to 0, matching the printed '-' total.
    assert grade_sum("과부족") == total(db, "staffing.과부족.계") == 0

    def cell(kind: str, grade: str) -> int:
        return one(db, "SELECT headcount FROM staffing WHERE row_kind = ? AND series = '일반직' AND grade = ?", kind, grade)  # type: ignore[return-value]

    mismatched = [g for g in GRADES if cell("현원", g) - cell("정원", g) != cell("과부족", g)]
    assert mismatched == ["8급"]
    assert cell("현원", "8급") - cell("정원", "8급") == 1 and cell("과부족", "8급") == -1


# --------------------------------------------------------------------------- 시설 및 장비


def test_facility_counts_by_kind(db):
    assert dict(rows(db, "SELECT kind, count(*) FROM facility GROUP BY kind")) == {
        "동주민센터": 18, "자치회관": 4, "舊청사": 2, "자원봉사센터": 1,
    }
    assert [r[0] for r in rows(db, "SELECT seq FROM facility ORDER BY seq")] == list(range(1, 26))


def test_facility_area_totals_equal_printed_total(db):
    land, building = rows(db, "SELECT sum(land_m2_x100), sum(building_m2_x100) FROM facility WHERE seq <= 24")[0]
    assert land == 2042886 == total(db, "facility.land_m2")
    assert building == 4374777 == total(db, "facility.building_m2")
    assert rows(db, "SELECT printed, unit FROM report_total WHERE key = 'facility.land_m2'") == [("20,428.86", "㎡×100")]
    assert rows(db, "SELECT printed FROM report_total WHERE key = 'facility.building_m2'") == [("43,747.77",)]


def test_facility_rows_as_printed(db):
    assert rows(db, "SELECT name, dong, address, land_m2_x100, building_m2_x100, floors_below, floors_above, completed_on, completed_on_text FROM facility WHERE seq IN (1, 7, 22, 23)  ORDER BY seq") == [
        ("영등포본동", "영등포본동", "신길로61길 17", 56500, 188677, 1, 6, "2006-08-21", "2006.08.21"),
        ("문래동", "문래동", "문래로28길 15", 17116, 100104, 0, 4, "2007-08-30", "2007.08.30"),
        ("문래동자치회관", "문래동", "도림로141가길 16", 36460, 51722, 1, 3, "1978-12-31", "1978.12.31."),
        ("舊)영1 청사", None, "영신로9나길 16", 31800, 55298, 1, 3, "1983-12-24", "1983.12.24"),
    ]
    assert rows(db, "SELECT name, dong FROM facility WHERE kind = '자치회관' ORDER BY seq") == [
        ("영등포본동자치회관", "영등포본동"), ("영등포동자치회관", "영등포동"),
        ("도림동자치회관", "도림동"), ("문래동자치회관", "문래동"),
    ]
    assert rows(db, "SELECT name FROM facility WHERE kind = '舊청사' AND dong IS NULL ORDER BY seq") == [
        ("舊)영1 청사",), ("舊)문1 청사",)
    ]
    # 동주민센터 rows name their own dong
    assert one(db, "SELECT count(*) FROM facility WHERE kind = '동주민센터' AND dong = name") == 18


def test_volunteer_centre(db):
    assert rows(db, "SELECT seq, kind, address, land_m2_x100, building_m2_x100, operator, head FROM facility WHERE name = '자원봉사센터'") == [
        (25, "자원봉사센터", "국회대로 596", None, 14070, "(사)원진청소년사랑나눔", "김찬숙")
    ]


def test_vehicles(db):
    assert rows(db, "SELECT category, model, count, use, holder, facility_id, model_year FROM vehicle ORDER BY seq") == [
        ("소형화물", "포터II", 18, "동 주민센터 행정차량", "동주민센터", None, None),
        ("전기차", "코나", 1, "자치행정과 행정차량", "자치행정과", None, None),
        ("전기차", "쏘울EV", 14, "동 주민센터 '찾아가는 동주민센터' 사업 현장방문 차량", "동주민센터", None, None),
        ("전기차", "아이오닉", 4, None, None, None, None),
        ("차량", "스타렉스", 1, None, "자원봉사센터", 25, 2008),
        ("차량", "화물트럭 포터II", 1, None, "자원봉사센터", 25, None),
    ]
    assert "용도" in one(db, "SELECT note FROM vehicle WHERE model = '아이오닉'")
    assert "스타렉스(2008년식)" in one(db, "SELECT note FROM vehicle WHERE model = '스타렉스'")
    assert one(db, "SELECT kind FROM facility f JOIN vehicle v ON v.facility_id = f.id WHERE v.model = '스타렉스'") == "자원봉사센터"


# --------------------------------------------------------------------------- 예산 현황


def test_unit_budget_totals_equal_printed_total(db):
    b, e, p = rows(db, "SELECT sum(budget_won), sum(executed_won), sum(projected_won) FROM unit_budget")[0]
    assert b == 117_935_826_000 == total(db, "unit_budget.budget")
    assert e == 115_481_262_000 == total(db, "unit_budget.executed")
    assert p == 115_912_371_000 == total(db, "unit_budget.projected")
    assert rows(db, "SELECT value, unit, printed FROM report_total WHERE key = 'unit_budget.rate'") == [(97, "%", "97%")]
    assert e * 100 // b == total(db, "unit_budget.rate")


def test_unit_budget_rows(db):
    assert rows(db, "SELECT seq, name, budget_won, executed_won, projected_won, printed_rate FROM unit_budget ORDER BY seq") == [
        (1, "국회의원선거", 37_496_000, 28_000_000, 29_500_000, "74%"),
        (2, "주민참여 행정지원", 110_262_875_000, 109_453_000_000, 109_453_000_000, "98%"),
        (3, "주민자치 기능향상", 2_440_468_000, 1_478_000_000, 1_662_820_000, "60%"),
        (4, "구정의 민관협치 활성화", 475_400_000, 265_333_000, 365_000_000, "55%"),
        (5, "마을공동체 활성화", 775_000_000, 675_815_000, 705_885_000, "86%"),
        (6, "자원봉사활성화", 566_333_000, 546_114_000, 566_333_000, "96%"),
        (7, "기본경비(과,동)", 3_105_191_000, 2_767_000_000, 2_856_770_000, "89%"),
        (8, "보전지출(국고,시도비반환)", 273_063_000, 268_000_000, 273_063_000, "98%"),
    ]
    assert rows(db, "SELECT DISTINCT fiscal_year, executed_as_of FROM unit_budget") == [(2020, "2020-10-31")]


def test_unit_budget_printed_rates_vs_executed(db):
    # Printed rates are floor(executed / budget) except two rows that match neither floor nor rounding.
    off = {}
    for name, b, e, printed in rows(db, "SELECT name, budget_won, executed_won, printed_rate FROM unit_budget"):
        if e * 100 // b != int(printed.rstrip("%")):
            off[name] = (round(e * 100 / b, 2), printed)
    assert off == {"주민참여 행정지원": (99.27, "98%"), "마을공동체 활성화": (87.2, "86%")}


# --------------------------------------------------------------------------- projects

II_NAMES = [
    "통반장 활동 지원", "신길4동 공공복합청사 건립", "자치회관 운영 활성화", "주민자치회 시범사업 운영",
    "당산1동 문화의 거리 만들기", "사회단체 보조금 지원", "탁트인 골목 만들기 사업 추진", "지역사회 민관협치 기반 강화",
    "마을 공동체 활성화", "찾아가는 동주민센터 사업 기반 강화", "제21대 국회의원 선거 추진",
]
III_NAMES = [
    "대림3동 공공복합청사 건립", "통반장 활동 지원", "자치회관 운영 활성화", "주민자치회 시범사업 운영",
    "당산1동 문화의 거리 만들기", "탁트인 골목만들기 사업", "지역사회 민관협치 기반 강화", "마을공동체 활성화",
    "찾아가는 동주민센터 사업기반 강화",
]


def test_projects_by_part(db):
    assert dict(rows(db, "SELECT part, count(*) FROM project GROUP BY part")) == {"Ⅱ": 11, "Ⅲ": 9, "Ⅳ": 1}
    assert [r[0] for r in rows(db, "SELECT name FROM project WHERE part = 'Ⅱ' ORDER BY seq")] == II_NAMES
    assert [r[0] for r in rows(db, "SELECT name FROM project WHERE part = 'Ⅲ' ORDER BY seq")] == III_NAMES
    assert rows(db, "SELECT seq, year, team FROM project WHERE part = 'Ⅳ'") == [(1, 2021, "동행정팀")]
    assert rows(db, "SELECT DISTINCT year FROM project WHERE part = 'Ⅱ'") == [(2020,)]
    assert rows(db, "SELECT DISTINCT year FROM project WHERE part = 'Ⅲ'") == [(2021,)]
    assert one(db, "SELECT count(*) FROM project WHERE purpose IS NULL OR purpose = ''") == 0


def test_misprints_are_kept(db):
    assert "정책의 쏠 과정" in one(db, "SELECT purpose FROM project WHERE part = 'Ⅱ' AND seq = 8")
    assert "정책의 쏠 과정" in one(db, "SELECT purpose FROM project WHERE part = 'Ⅲ' AND seq = 7")
    assert one(db, "SELECT count(*) FROM project_line WHERE label LIKE '공유축진사업%'") == 1
    assert rows(db, "SELECT source, source_printed, measure, amount_won FROM project_funding WHERE source_printed = '사비' ORDER BY measure") == [
        ("사비", "사비", "예산", 55_760_000), ("사비", "사비", "집행", 26_500_000)
    ]


def test_unit_budget_links(db):
    assert rows(db, "SELECT p.part, p.seq, u.name FROM project p JOIN unit_budget u ON u.id = p.unit_budget_id ORDER BY p.id") == [
        ("Ⅱ", 9, "마을공동체 활성화"), ("Ⅱ", 11, "국회의원선거"),
    ]


PROJECT_BUDGETS = {  # (part, seq): (budget, executed, printed_rate)
    ("Ⅱ", 1): (2_892_888_000, 2_249_931_000, "78"),
    ("Ⅱ", 2): (5_554_518_000, 5_076_731_000, "91"),
    ("Ⅱ", 3): (1_435_636_000, 532_987_000, "37"),
    ("Ⅱ", 4): (566_835_000, 553_725_000, "97"),
    ("Ⅱ", 5): (428_650_000, 285_135_000, "66"),
    ("Ⅱ", 6): (451_074_000, 371_038_000, "82"),
    ("Ⅱ", 7): (70_000_000, 70_000_000, "100"),
    ("Ⅱ", 8): (305_000_000, 167_033_000, "54"),
    ("Ⅱ", 9): (775_000_000, 670_815_000, "86"),
    ("Ⅱ", 10): (77_000_000, 59_600_000, "77"),
    ("Ⅱ", 11): (37_496_000, 28_056_000, "75"),
    ("Ⅲ", 1): (337_700_000, None, None),
    ("Ⅲ", 2): (2_744_375_000, None, None),
    ("Ⅲ", 3): (519_226_000, None, None),
    ("Ⅲ", 4): (525_051_000, None, None),
    ("Ⅲ", 5): (317_580_000, None, None),
    ("Ⅲ", 6): (70_000_000, None, None),
    ("Ⅲ", 7): (333_500_000, None, None),
    ("Ⅲ", 8): (604_000_000, None, None),
    ("Ⅲ", 9): (56_300_000, None, None),
    ("Ⅳ", 1): (240_000_000, None, None),
}


@pytest.mark.parametrize("key", sorted(PROJECT_BUDGETS))
def test_project_budget_as_printed(db, key):
    assert rows(db, "SELECT budget_won, executed_won, printed_rate FROM project WHERE part = ? AND seq = ?", *key) == [
        PROJECT_BUDGETS[key]
    ]


def test_project_printed_cells(db):
    assert rows(db, "SELECT budget_printed, executed_printed FROM project WHERE part = 'Ⅱ' AND seq = 3") == [
        ("1,435,636천원 (사비 55,760 구비 879,876, 특교500,000)", "532,987 (사비 26,500 구비 482,293)")
    ]
    assert rows(db, "SELECT budget_printed, executed_printed FROM project WHERE part = 'Ⅱ' AND seq = 11") == [
        ("37,496 (구비)", "28,056 (구비)")
    ]
    assert one(db, "SELECT budget_printed FROM project WHERE part = 'Ⅲ' AND seq = 1") == "총337,700천원(구비 337,700)"
    assert one(db, "SELECT count(*) FROM project WHERE budget_printed IS NULL") == 0


def test_project_printed_rates_within_one_point(db):
    # The pages mix floor (e.g. 97.69 → 97) and rounding (77.78 → 78, 74.82 → 75).
    rounded_up = []
    for part, seq, b, e, rate in rows(db, "SELECT part, seq, budget_won, executed_won, printed_rate FROM project WHERE executed_won IS NOT NULL"):
        exact = e * 100 / b
        assert abs(exact - int(rate)) < 1, (part, seq)
        if int(rate) > exact:
            rounded_up.append((part, seq))
    assert rounded_up == [("Ⅱ", 1), ("Ⅱ", 11)]


def _funding(db, pid: int, measure: str) -> int | None:
    return one(db, "SELECT sum(amount_won) FROM project_funding WHERE project_id = ? AND measure = ?", pid, measure)  # type: ignore[return-value]


def test_budget_splits_sum_to_budget(db):
    for pid, b in rows(db, "SELECT id, budget_won FROM project"):
        assert _funding(db, pid, "예산") == b, pid


def test_executed_splits_sum_to_executed_except_jachihoegwan(db):
    disagree = {}
    for pid, e in rows(db, "SELECT id, executed_won FROM project WHERE executed_won IS NOT NULL"):
        s = _funding(db, pid, "집행")
        if s != e:
            disagree[pid] = (s, e, e - s)
    assert disagree == {project_id(db, "Ⅱ", 3): (508_793_000, 532_987_000, 24_194_000)}
    assert one(db, "SELECT count(*) FROM project_funding f JOIN project p ON p.id = f.project_id WHERE f.measure = '집행' AND p.part != 'Ⅱ'") == 0


def test_funding_sources_normalised(db):
    assert {r[0] for r in rows(db, "SELECT DISTINCT source FROM project_funding")} <= {"국비", "시비", "구비", "특교", "사비"}
    pairs = set(rows(db, "SELECT source_printed, source FROM project_funding"))
    assert pairs == {("시", "시비"), ("시비", "시비"), ("구비", "구비"), ("구", "구비"), ("특교", "특교"),
                     ("사비", "사비"), ("시 특별교부금", "시비")}
    assert rows(db, "SELECT source, source_printed, amount_won FROM project_funding WHERE project_id = ? AND measure = '예산' ORDER BY id", project_id(db, "Ⅱ", 3)) == [
        ("사비", "사비", 55_760_000), ("구비", "구비", 879_876_000), ("특교", "특교", 500_000_000)
    ]
    assert rows(db, "SELECT source, amount_won FROM project_funding WHERE project_id = ? ", project_id(db, "Ⅱ", 11)) == [
        ("구비", 37_496_000), ("구비", 28_056_000)
    ]


def test_total_project_cost_splits(db):
    sg4, dr3 = project_id(db, "Ⅱ", 2), project_id(db, "Ⅲ", 1)
    assert rows(db, "SELECT source, source_printed, amount_won FROM project_funding WHERE project_id = ? AND measure = '총사업비' ORDER BY id", sg4) == [
        ("구비", "구비", 6_707_610_000), ("시비", "시 특별교부금", 1_307_000_000)
    ]
    assert _funding(db, sg4, "총사업비") == 8_014_610_000 == one(db, "SELECT value FROM project_figure WHERE project_id = ? AND key = 'total_cost'", sg4)
    assert rows(db, "SELECT source, source_printed, amount_won FROM project_funding WHERE project_id = ? AND measure = '총사업비' ORDER BY id", dr3) == [
        ("시비", "시", 1_359_000_000), ("구비", "구", 7_452_000_000)
    ]
    assert _funding(db, dr3, "총사업비") == 8_811_000_000 == one(db, "SELECT value FROM project_figure WHERE project_id = ? AND key = 'total_cost'", dr3)
    # the 시 특별교부금 of the total cost is the '시' money of the 2020 budget
    assert one(db, "SELECT amount_won FROM project_funding WHERE project_id = ? AND measure = '예산' AND source = '시비'", sg4) == 1_307_000_000


def test_projects_vs_unit_budgets(db):
    # 선거: same budget, but executed 28,056 on the page vs 28,000 in 예산 현황 (and 75 vs 74%).
    assert rows(db, "SELECT p.budget_won - u.budget_won, p.executed_won - u.executed_won, p.printed_rate, u.printed_rate FROM project p JOIN unit_budget u ON u.id = p.unit_budget_id WHERE p.part = 'Ⅱ' AND p.seq = 11") == [
        (0, 56_000, "75", "74%")
    ]
    # 마을공동체: same budget, executed 670,815 on the page vs 675,815 in 예산 현황.
    assert rows(db, "SELECT p.budget_won - u.budget_won, p.executed_won - u.executed_won, p.printed_rate, u.printed_rate FROM project p JOIN unit_budget u ON u.id = p.unit_budget_id WHERE p.part = 'Ⅱ' AND p.seq = 9") == [
        (0, -5_000_000, "86", "86%")
    ]


def test_tong_ban_programme_totals(db):
    pid = project_id(db, "Ⅱ", 1)
    assert total(db, "tong_ban.budget") == one(db, "SELECT budget_won FROM project WHERE id = ?", pid) == 2_892_888_000
    assert total(db, "tong_ban.executed") == one(db, "SELECT executed_won FROM project WHERE id = ?", pid) == 2_249_931_000
    assert rows(db, "SELECT value, printed FROM report_total WHERE key = 'tong_ban.rate'") == [(78, "78")]
    assert one(db, "SELECT printed_rate FROM project WHERE id = ?", pid) == "78"


# --------------------------------------------------------------------------- payments


def _run(db, code: str, period: str) -> tuple:
    return rows(db, "SELECT r.headcount, r.unit_amount_won, r.amount_won, r.period_text FROM payment_run r JOIN payment_program p ON p.id = r.program_id WHERE p.code = ? AND r.period = ?", code, period)[0]


def test_payment_programmes(db):
    assert rows(db, "SELECT c.code, p.code, c.recipient_role, c.cadence FROM payment_program c LEFT JOIN payment_program p ON p.id = c.parent_id ORDER BY c.id") == [
        ("tong_allowance", None, "통장", "monthly"),
        ("tong_activity", "tong_allowance", "통장", "monthly"),
        ("tong_bonus", "tong_allowance", "통장", "monthly"),
        ("tong_meeting", "tong_allowance", "통장", "monthly"),
        ("tong_insurance", None, "통장", "yearly"),
        ("ban_gift", None, "반장", "holiday"),
        ("tong_scholarship", None, "통장자녀", "half_year"),
    ]
    assert "연 50,000원 이내" in one(db, "SELECT note FROM payment_program WHERE code = 'ban_gift'")
    assert one(db, "SELECT note FROM payment_program WHERE code = 'tong_scholarship'") == "고등학생, 대학생 대상, 4월·10월 지급"


def test_payment_run_ids_are_uuid5(db):
    for rid, code, period in rows(db, "SELECT r.id, p.code, r.period FROM payment_run r JOIN payment_program p ON p.id = r.program_id"):
        assert rid == str(uuid.uuid5(uuid.NAMESPACE_URL, f"wardtui:payment_run:{code}:{period}"))
    assert rows(db, "SELECT DISTINCT origin FROM payment_run") == [("report",)]


def test_allowance_run(db):
    assert _run(db, "tong_allowance", "2020-01~2020-10") == (None, None, 2_041_980_000, "1월~10월")
    assert total(db, "tong_ban.allowance.amount") == 2_041_980_000


def test_ban_gift_totals(db):
    seol, chuseok = _run(db, "ban_gift", "2020-설"), _run(db, "ban_gift", "2020-추석")
    assert seol[0] == 3297 and chuseok[0] == 3186
    assert seol[0] + chuseok[0] == total(db, "tong_ban.ban_gift.headcount") == 6483
    assert seol[2] == 122_190_000 and chuseok[2] == 63_730_000
    assert seol[2] + chuseok[2] == total(db, "tong_ban.ban_gift.amount") == 185_920_000


def test_scholarship_product(db):
    headcount, unit, amount, _ = _run(db, "tong_scholarship", "2020-상반기")
    assert (headcount, unit, amount) == (22, 362_700, 7_979_400)
    assert headcount * unit == amount
    assert headcount == total(db, "tong_ban.scholarship.headcount")


def test_insurance_is_not_headcount_times_unit(db):
    # 558명 × 20,738원 = 11,571,804원, but the report prints 11,323,370원 ("최초 계약 기준").
    headcount, unit, amount, _ = _run(db, "tong_insurance", "2020")
    assert (headcount, unit, amount) == (558, 20_738, 11_323_370)
    assert headcount * unit - amount == 248_434
    assert "2020-04-09 ~ 2021-04-08" in one(db, "SELECT note FROM payment_run WHERE period = '2020' ")


def test_payment_runs_match_project_figures(db):
    pid = project_id(db, "Ⅱ", 1)

    def fig(key: str) -> int:
        return one(db, "SELECT value FROM project_figure WHERE project_id = ? AND key = ?", pid, key)  # type: ignore[return-value]

    assert fig("ban_gift.headcount.seol") + fig("ban_gift.headcount.chuseok") == fig("ban_gift.headcount") == 6483
    assert fig("ban_gift.amount.seol") + fig("ban_gift.amount.chuseok") == fig("ban_gift.amount") == 185_920_000
    assert fig("scholarship.unit_amount") * fig("scholarship.unit_headcount") == fig("scholarship.amount")
    assert fig("allowance.amount") == _run(db, "tong_allowance", "2020-01~2020-10")[2]
    assert fig("insurance.amount") == _run(db, "tong_insurance", "2020")[2]


# --------------------------------------------------------------------------- project figures


def _figs(db, part: str, seq: int) -> dict[str, int]:
    return dict(rows(db, "SELECT key, value FROM project_figure WHERE project_id = ?", project_id(db, part, seq)))


def test_jachihoegwan_figures(db):
    f = _figs(db, "Ⅱ", 3)
    assert (f["env_improvement.count"], f["env_improvement.amount"]) == (51, 286_430_000)
    assert f["members_appointed"] == 96 and f["academy.target"] == 450
    f21 = _figs(db, "Ⅲ", 3)
    assert f21["programs.hall"] + f21["programs.club"] == f21["programs.total"] == 283


def test_dangsan_table_sums_to_cleared(db):
    f = _figs(db, "Ⅱ", 5)
    parts = ["secured.community", "secured.library", "secured.youth_company", "secured.gallery",
             "secured.social_enterprise", "converted", "demolished", "closed"]
    assert [f[k] for k in parts] == [3, 4, 1, 1, 3, 3, 1, 2]
    assert sum(f[k] for k in parts) == f["bad_cafe.cleared"] == 18
    assert f["bad_cafe.total"] == 41
    f21 = _figs(db, "Ⅲ", 5)
    assert f21["sites.rented_2019_2020"] + f21["sites.target_2021"] == f21["sites.total"] == 11


def test_social_group_support(db):
    f = _figs(db, "Ⅱ", 6)
    assert f["support.operating"] + f["support.project"] == f["support.amount"] == 449_074_000
    # the stated 지원금액 is 2,000천원 below the page's budget of 451,074천원
    assert one(db, "SELECT budget_won FROM project WHERE part = 'Ⅱ' AND seq = 6") - f["support.amount"] == 2_000_000


def test_village_centre_staff(db):
    for part, seq in (("Ⅱ", 9), ("Ⅲ", 8)):
        f = _figs(db, part, seq)
        parts = ["center.staff.head", "center.staff.village", "center.staff.autonomy", "center.staff.dong_support"]
        assert [f[k] for k in parts] == [1, 3, 2, 5]
        assert sum(f[k] for k in parts) == f["center.staff"] == 11
    f = _figs(db, "Ⅱ", 9)
    assert (f["joint_contest.count"], f["joint_contest.amount"]) == (30, 102_646_000)
    assert (f["neighbours.count"], f["neighbours.amount"]) == (25, 24_975_000)
    assert (f["dong_plan.dongs"], f["dong_plan.amount"]) == (3, 90_000_000)
    assert (f["training.sessions"], f["training.attendees"]) == (22, 162)


def test_residents_council_agenda(db):
    f20, f21 = _figs(db, "Ⅱ", 4), _figs(db, "Ⅲ", 4)
    assert (f20["agenda.count"], f20["agenda.amount"]) == (47, 245_723_000)
    assert f21["dong_budget.count"] + f21["resident_tax.count"] == f21["agenda.count"] == f21["flow.agenda.count"] == 47
    assert f21["dong_budget.amount"] + f21["resident_tax.amount"] == f21["flow.agenda.amount"] == 245_723_000
    assert f20["agenda.count"] == f21["agenda.count"] and f20["agenda.amount"] == f21["flow.agenda.amount"]


def test_building_projects_match_facility_rows(db):
    f = _figs(db, "Ⅱ", 2)
    assert rows(db, "SELECT land_m2_x100, building_m2_x100, floors_below, floors_above FROM facility WHERE name = '신길4동'") == [
        (f["land_area"], f["floor_area"], f["floors_below"], f["floors_above"])
    ]
    assert rows(db, "SELECT unit, printed FROM project_figure WHERE project_id = ? AND key = 'floor_area'", project_id(db, "Ⅱ", 2)) == [("㎡×100", "연면적 2,306.41㎡")]
    d = _figs(db, "Ⅲ", 1)
    assert d["floor_area"] == 228_000 and d["land_area"] == 72_690
    assert one(db, "SELECT land_m2_x100 FROM facility WHERE name = '대림3동'") == d["land_area"]


def test_outreach_and_other_figures(db):
    f = _figs(db, "Ⅱ", 10)
    assert (f["monitoring.dongs"], f["site_visit.dongs"], f["joint_visit.dongs"], f["joint_meeting.count"]) == (18, 6, 2, 6)
    assert one(db, "SELECT count(*) FROM facility WHERE kind = '동주민센터'") == f["monitoring.dongs"]
    assert _figs(db, "Ⅱ", 7)["support.amount"] == one(db, "SELECT budget_won FROM project WHERE part = 'Ⅱ' AND seq = 7")
    assert _figs(db, "Ⅱ", 8)["council.private_members"] == 19
    assert _figs(db, "Ⅲ", 2)["ban_gift.cap"] == 50_000


def test_figure_units(db):
    units = {r[0] for r in rows(db, "SELECT DISTINCT unit FROM project_figure")}
    assert units <= {"원", "명", "건", "개소", "개", "개동", "회", "일", "층", "필지", "㎡×100", "%×100", "차년도", "세", "년"}
    assert one(db, "SELECT count(*) FROM project_figure WHERE printed = ''") == 0


# --------------------------------------------------------------------------- elections


def test_elections(db):
    assert rows(db, "SELECT name, kind, election_day, by_election, polling_hours, origin FROM election ORDER BY id") == [
        ("제21대 국회의원선거", "assembly", "2020-04-15", 0, "06:00~18:00", "report"),
        ("2021. 4. 7. 보궐선거", "local", "2021-04-07", 1, "06:00~20:00", "report"),
    ]
    assert rows(db, "SELECT office, district, area FROM election_contest ORDER BY id") == [
        ("시장", None, "서울특별시"), ("구의원", "바선거구", "신길4,5,7동")
    ]


def _stats(db, eid: int) -> dict[str, int]:
    return dict(rows(db, "SELECT key, value FROM election_stat WHERE election_id = ?", eid))


def test_2020_election_stats(db):
    s = _stats(db, 1)
    assert s["polling_stations.early"] + s["polling_stations.election_day"] == s["polling_stations"] == 114
    assert s["electorate.gap"] + s["electorate.eul"] + s["electorate.overseas"] == s["electorate"] == 327_879
    assert s["voters"] == 224_958 and s["self_isolated_voters"] == 154
    assert round(s["voters"] * 10000 / s["electorate"]) == s["turnout"] == 6861
    assert one(db, "SELECT printed FROM election_stat WHERE key = 'turnout'") == "68.61%"
    # the project page carries the same figures
    f = _figs(db, "Ⅱ", 11)
    assert all(f[k] == v for k, v in s.items())


def test_by_election_stats(db):
    s, s20 = _stats(db, 2), _stats(db, 1)
    assert s == {"polling_districts": 96, "electorate": 327_500, "foreign_electorate": 6_601}
    # "제21대 국회의원 선거 기준": 96 = the 2020 본투표소; 327,500 = 갑 + 을 (without 재외선거인 379)
    assert s["polling_districts"] == s20["polling_stations.election_day"]
    assert s["electorate"] == s20["electorate.gap"] + s20["electorate.eul"] == s20["electorate"] - s20["electorate.overseas"]


EVENTS_2020 = [
    ("early_voting", "사전투표", "2020-04-10", "2020-04-11"),
    ("election_period", "선거기간", "2020-04-02", "2020-04-15"),
    ("overseas_roll_compile", "재외선거인명부 등 작성", "2020-02-26", "2020-03-06"),
    ("roll_compile", "선거인명부 작성", "2020-03-24", "2020-03-28"),
    ("roll_inspection", "선거인명부 열람 및 이의신청", "2020-03-29", "2020-03-31"),
    ("roll_final", "선거인명부 확정", "2020-04-03", None),
    ("guide_mailing", "투표안내문 및 선거공보 발송", "2020-04-04", None),
    ("early_voting", "사전투표", "2020-04-10", "2020-04-11"),
    ("election_day", "선거 일", "2020-04-15", None),
]
EVENTS_2021 = [
    ("early_voting", "사전투표", "2021-04-02", "2021-04-03"),
    ("election_period", "선거기간", "2021-03-25", "2021-04-07"),
    ("resign_tong_head", "선거사무관계자 등이 되고자 하는 자의 사직", None, "2021-01-07"),
    ("head_influence_ban", "지방자치단체장 선거에 영향을 미치는 행위 금지", "2021-02-06", "2021-04-07"),
    ("roll_compile", "선거인명부 작성", "2021-03-16", "2021-03-20"),
    ("election_period", "선거기간 개시일", "2021-03-25", None),
    ("roll_final", "선거인명부 확정", "2021-03-26", None),
    ("guide_mailing", "투표안내문 발송", "2021-03-28", None),
    ("early_voting", "사전투표", "2021-04-02", "2021-04-03"),
    ("election_day", "선거 일", "2021-04-07", None),
]


@pytest.mark.parametrize("eid,expected", [(1, EVENTS_2020), (2, EVENTS_2021)])
def test_recorded_election_dates(db, eid, expected):
    assert rows(db, "SELECT event_key, name, recorded_start, recorded_end FROM election_event WHERE election_id = ? ORDER BY seq", eid) == expected
    assert one(db, "SELECT count(*) FROM election_event WHERE election_id = ? AND (recorded_text IS NULL OR recorded_text = '')", eid) == 0


def test_recorded_text_as_printed(db):
    assert one(db, "SELECT recorded_text FROM election_event WHERE election_id = 1 AND event_key = 'overseas_roll_compile'") == "'20. 2. 26.(수) ~ '20. 3. 6.(금) (10일간)"
    assert one(db, "SELECT recorded_text FROM election_event WHERE event_key = 'resign_tong_head'") == "'21. 1. 7.(목)까지"


def test_printed_day_counts_match_recorded_ranges(db):
    import datetime as dt

    def days(eid: int, name: str) -> int:
        s, e = rows(db, "SELECT recorded_start, recorded_end FROM election_event WHERE election_id = ? AND name = ?", eid, name)[0]
        return (dt.date.fromisoformat(e) - dt.date.fromisoformat(s)).days + 1

    f20, f21 = _figs(db, "Ⅱ", 11), _figs(db, "Ⅳ", 1)
    assert days(1, "재외선거인명부 등 작성") == f20["overseas_roll.days"] == 10
    assert days(1, "선거인명부 작성") == f20["roll_compile.days"] == 5
    assert days(1, "선거인명부 열람 및 이의신청") == f20["roll_inspection.days"] == 3
    assert days(1, "선거기간") == f20["election_period.days"] == 14
    assert days(2, "선거기간") == f21["election_period.days"] == 14
    assert days(2, "선거인명부 작성") == f21["roll_compile.days"] == 5
    # "(60일간)" is printed for 2021-02-06 ~ 04-07, which is 61 days counted inclusively (E-60 .. E).
    assert days(2, "지방자치단체장 선거에 영향을 미치는 행위 금지") == 61 and f21["head_influence_ban.days"] == 60


def test_guide_mailing_vs_statutory_deadline(db):
    # statutory deadline is E-10: 2020 mailed one day early (E-11), 2021 on the deadline
    import datetime as dt

    for eid, recorded_gap in ((1, 11), (2, 10)):
        e_day = dt.date.fromisoformat(one(db, "SELECT election_day FROM election WHERE id = ?", eid))
        mailed = dt.date.fromisoformat(one(db, "SELECT recorded_start FROM election_event WHERE election_id = ? AND event_key = 'guide_mailing'", eid))
        assert (e_day - mailed).days == recorded_gap


# --------------------------------------------------------------------------- milestones

MILESTONE_COUNTS = {
    ("Ⅱ", 1): 7, ("Ⅱ", 2): 9, ("Ⅱ", 3): 5, ("Ⅱ", 4): 6, ("Ⅱ", 5): 4, ("Ⅱ", 6): 3, ("Ⅱ", 7): 8,
    ("Ⅱ", 8): 8, ("Ⅱ", 9): 5, ("Ⅱ", 10): 3, ("Ⅱ", 11): 10,
    ("Ⅲ", 1): 10, ("Ⅲ", 2): 9, ("Ⅲ", 3): 4, ("Ⅲ", 4): 6, ("Ⅲ", 5): 6, ("Ⅲ", 6): 5, ("Ⅲ", 7): 5,
    ("Ⅲ", 8): 5, ("Ⅲ", 9): 7, ("Ⅳ", 1): 11,
}


def test_milestone_counts_per_project(db):
    got = {(p, s): n for p, s, n in rows(db, "SELECT p.part, p.seq, count(m.id) FROM project p LEFT JOIN milestone m ON m.project_id = p.id GROUP BY p.id")}
    assert got == MILESTONE_COUNTS
    assert sum(got.values()) == one(db, "SELECT count(*) FROM milestone")


def test_milestone_ids_and_defaults(db):
    for mid, pid, seq in rows(db, "SELECT id, project_id, seq FROM milestone"):
        assert mid == str(uuid.uuid5(uuid.NAMESPACE_URL, f"wardtui:milestone:{pid}:{seq}"))
    assert rows(db, "SELECT DISTINCT origin, version, updated_at FROM milestone") == [("report", 1, None)]
    assert {r[0] for r in rows(db, "SELECT DISTINCT state FROM milestone")} == {"완료", "계획", "진행"}
    # month / year precision dates sit on the first day (of the month / year)
    assert one(db, "SELECT count(*) FROM milestone WHERE (start_precision = 'month' AND substr(starts_on, 9) != '01') OR (end_precision = 'month' AND substr(ends_on, 9) != '01')") == 0
    assert one(db, "SELECT count(*) FROM milestone WHERE (start_precision = 'year' AND substr(starts_on, 6) != '01-01') OR (end_precision = 'year' AND substr(ends_on, 6) != '01-01')") == 0
    assert one(db, "SELECT count(*) FROM milestone WHERE (starts_on IS NULL) != (start_precision IS NULL) OR (ends_on IS NULL) != (end_precision IS NULL)") == 0
    assert one(db, "SELECT count(*) FROM milestone WHERE starts_on > ends_on") == 0


def test_milestone_states_follow_headings(db):
    assert rows(db, "SELECT DISTINCT state FROM milestone WHERE heading IN ('추진경과')") == [("완료",)]
    assert rows(db, "SELECT DISTINCT state FROM milestone WHERE heading IN ('향후계획', '추진일정')") == [("계획",)]
    assert rows(db, "SELECT title, date_text FROM milestone WHERE state = '진행' AND heading = '주요 추진실적'") == [("사업 수행", "5월 ~ 현재")]


def _milestone(db, part: str, seq: int, title: str) -> list[tuple]:
    return rows(db, "SELECT heading, starts_on, start_precision, ends_on, end_precision, date_text, state FROM milestone WHERE project_id = ? AND title = ? ORDER BY seq", project_id(db, part, seq), title)


def test_exact_milestones(db):
    assert _milestone(db, "Ⅱ", 2, "설계공모, 기본설계") == [
        ("주요 추진실적", "2017-09-01", "month", "2018-10-01", "month", "'17. 9. ~ '18. 10", "완료")
    ]
    assert _milestone(db, "Ⅱ", 2, "청사 이전(임시청사 → 신청사)") == [
        ("향후계획", "2020-11-14", "day", "2020-11-15", "day", "'20. 11. 14. ~ 11. 15.", "계획")
    ]
    assert _milestone(db, "Ⅱ", 3, "코로나 19 확산에 따른 자치회관 휴관") == [
        ("주요 추진실적", "2020-01-31", "day", "2020-10-31", "day", "'20. 1.31. ~ 10.31.", "완료")
    ]
    assert _milestone(db, "Ⅱ", 7, "사업공고 및 접수") == [
        ("주요 추진실적", "2020-02-17", "day", "2020-03-31", "day", "2.17. ~ 3.31.", "완료")
    ]
    assert _milestone(db, "Ⅱ", 8, "협치 역량강화를 위한 교육(워크숍) 및 홍보") == [
        ("향후계획", None, None, None, None, "수시", "계획")
    ]
    assert _milestone(db, "Ⅲ", 1, "파출소 면적 및 층 사용 협의") == [
        ("추진경과", "2019-02-01", "month", "2020-08-01", "month", "'19. 2.~'20. 8.", "완료")
    ]
    assert _milestone(db, "Ⅲ", 2, "신규 통장 직무교육 및 구정견학 실시") == [
        ("추진일정", "2021-05-01", "month", None, None, "5월", "계획"),
        ("추진일정", "2021-11-01", "month", None, None, "11월", "계획"),
    ]
    assert _milestone(db, "Ⅲ", 2, "통장 자녀 장학금 지급") == [
        ("추진일정", "2021-04-01", "month", None, None, "4월", "계획"),
        ("추진일정", "2021-10-01", "month", None, None, "10월", "계획"),
    ]
    assert _milestone(db, "Ⅲ", 9, "찾동 사업 모니터링 실시") == [
        ("추진일정", "2021-07-01", "month", "2021-12-01", "month", "하반기", "계획")
    ]
    assert _milestone(db, "Ⅲ", 9, "찾동 직무교육 실시") == [("추진일정", "2021-01-01", "year", None, None, "연중", "계획")]
    assert _milestone(db, "Ⅲ", 9, "찾동 추진단 연석회의 실시") == [("추진일정", None, None, None, None, "월 1회 및 필요시 개최", "계획")]
    assert _milestone(db, "Ⅳ", 1, "선거사무관계자 등이 되고자 하는 자의 사직") == [
        ("추진일정", None, None, "2021-01-07", "day", "'21. 1. 7.(목)까지", "계획")
    ]


def test_election_milestones_match_events(db):
    for part, seq, eid, heading in (("Ⅱ", 11, 1, "주요 추진실적"), ("Ⅳ", 1, 2, "추진일정")):
        ms = rows(db, "SELECT title, starts_on, ends_on FROM milestone WHERE project_id = ? AND heading = ? ORDER BY seq", project_id(db, part, seq), heading)
        ev = rows(db, "SELECT name, recorded_start, recorded_end FROM election_event WHERE election_id = ? AND note LIKE ? ORDER BY seq", eid, heading + "%")
        assert ms == ev


def test_report_year_of_yearless_dates(db):
    # Ⅱ pages' year-less dates are 2020 and Ⅲ pages' are 2021
    assert one(db, "SELECT count(*) FROM milestone m JOIN project p ON p.id = m.project_id WHERE p.part = 'Ⅲ' AND m.heading = '추진일정' AND substr(m.starts_on, 1, 4) != '2021'") == 0
    assert rows(db, "SELECT starts_on FROM milestone WHERE project_id = ? AND title = '보조금관리시스템 및 회계교육'", project_id(db, "Ⅱ", 7)) == [("2020-05-08",)]


# --------------------------------------------------------------------------- lines

LINE_COUNTS = {
    ("Ⅱ", 1): 15, ("Ⅱ", 2): 14, ("Ⅱ", 3): 17, ("Ⅱ", 4): 12, ("Ⅱ", 5): 14, ("Ⅱ", 6): 8, ("Ⅱ", 7): 14,
    ("Ⅱ", 8): 17, ("Ⅱ", 9): 15, ("Ⅱ", 10): 17, ("Ⅱ", 11): 14,
    ("Ⅲ", 1): 15, ("Ⅲ", 2): 18, ("Ⅲ", 3): 16, ("Ⅲ", 4): 14, ("Ⅲ", 5): 18, ("Ⅲ", 6): 15, ("Ⅲ", 7): 18,
    ("Ⅲ", 8): 19, ("Ⅲ", 9): 19, ("Ⅳ", 1): 16,
}


def test_line_counts_per_project(db):
    got = {(p, s): n for p, s, n in rows(db, "SELECT p.part, p.seq, count(l.id) FROM project p LEFT JOIN project_line l ON l.project_id = p.id GROUP BY p.id")}
    assert got == LINE_COUNTS
    for (pid,) in rows(db, "SELECT id FROM project"):
        seqs = [r[0] for r in rows(db, "SELECT seq FROM project_line WHERE project_id = ? ORDER BY seq", pid)]
        assert seqs == list(range(1, len(seqs) + 1))


def test_lines_exclude_budget_and_purpose(db):
    assert one(db, "SELECT count(*) FROM project_line WHERE text LIKE '%단위: 천원%' OR heading LIKE '%예산%'") == 0
    assert one(db, "SELECT count(*) FROM project_line l JOIN project p ON p.id = l.project_id WHERE l.text = p.purpose") == 0
    assert {r[0] for r in rows(db, "SELECT DISTINCT heading FROM project_line")} == {
        "사업개요", "주요 추진실적", "향후계획", "추진경과", "추진일정", "세부 추진계획"
    }


def test_exact_lines(db):
    def line(part: str, seq: int, n: int) -> tuple:
        return rows(db, "SELECT heading, level, label, text FROM project_line WHERE project_id = ? AND seq = ?", project_id(db, part, seq), n)[0]

    assert line("Ⅱ", 1, 4) == ("주요 추진실적", 1, "지급액", "총 2,041,980천원(1월~10월)")
    assert line("Ⅱ", 5, 4) == ("사업개요", 0, None, "3 | 4 | 1 | 1 | 3 | 3 | 1 | 2")
    assert line("Ⅱ", 7, 12) == ("주요 추진실적", 2, None, "사업 추진 현황, 보조금 회계처리 기준 준수 여부, 집행 적정성 등")
    assert line("Ⅲ", 7, 13) == ("세부 추진계획", 0, None, "대 공론장 | 주 민 | 구청 발전방안 제안 및 자유토론, 의제 우선순위 결정")
    assert line("Ⅲ", 9, 4) == ("사업개요", 0, None, "찾동 이전 (2015년 이전) | 찾동 민선 6기 (2015년~2018년) | 찾동 민선 7기 (2019년 이후)")
    assert line("Ⅲ", 4, 7) == ("세부 추진계획", 0, None, "1~5월 |  | 6월 |  | 7~11월 |  | 11~12월")
    assert line("Ⅳ", 1, 10) == ("추진일정", 0, None, "지방자치단체장 선거에 영향을 미치는 행위 금지 --- '21. 2. 6.(토) ~ '21. 4. 7.(수) (60일간)")


# --------------------------------------------------------------------------- report_total coverage


def test_every_report_total_is_checked(db):
    keys = {r[0] for r in rows(db, "SELECT key FROM report_total")}
    assert keys == {
        "staffing.정원.계", "staffing.현원.계", "staffing.과부족.계",
        "facility.land_m2", "facility.building_m2",
        "unit_budget.budget", "unit_budget.executed", "unit_budget.projected", "unit_budget.rate",
        "tong_ban.ban_gift.headcount", "tong_ban.ban_gift.amount", "tong_ban.scholarship.headcount",
        "tong_ban.allowance.amount", "tong_ban.budget", "tong_ban.executed", "tong_ban.rate",
    }
