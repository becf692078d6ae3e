"""The audit on the seeded report: every contradiction found, with its numbers; and on broken data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from wardtui.core.audit import AGREE, DISAGREE, NOTE, Finding
from wardtui.db.audit import audit

pytestmark = pytest.mark.both_backends


def problems(db) -> dict[tuple[str, str], Finding]:  # type: ignore[no-untyped-def]
    return {(f.section, f.check): f for f in audit(db) if not f.ok}


def numbers(f: Finding) -> tuple:
    return (f.expected, f.actual, f.difference, f.level)


# Every disagreement the seeded report holds: (section, check) → (expected, actual, difference, level).
SEEDED = {
    ("Ⅰ.2 인력", "정원 계 = 직급별 합"): (20, 21, 1, DISAGREE),
    ("Ⅰ.2 인력", "현원 계 = 직급별 합"): (22, 21, -1, DISAGREE),
    ("Ⅰ.2 인력", "과부족 일반직 8급 = 현원 − 정원"): (1, -1, -2, DISAGREE),
    ("Ⅰ.4 예산 현황", "주민참여 행정지원 집행률 = 집행액 ÷ 예산액"): (Decimal("99.27"), Decimal(98), Decimal("-1.27"), DISAGREE),
    ("Ⅰ.4 예산 현황", "마을공동체 활성화 집행률 = 집행액 ÷ 예산액"): (Decimal("87.20"), Decimal(86), Decimal("-1.20"), DISAGREE),
    ("Ⅱ① 통반장 활동 지원", "통장 상해보험 2020: 인원 × 1인 금액 = 지급액"): (11_571_804, 11_323_370, -248_434, DISAGREE),
    ("Ⅱ① 통반장 활동 지원", "반장 보상품 2020년 1인당 합계 ≤ 연 한도"): (50_000, 57_064, 7_064, DISAGREE),
    ("Ⅱ① 통반장 활동 지원", "집행률 = 집행액 ÷ 예산액"): (Decimal("77.77"), Decimal(78), Decimal("0.23"), NOTE),
    ("Ⅱ③ 자치회관 운영 활성화", "집행액 = 재원별 집행 합"): (508_793_000, 532_987_000, 24_194_000, DISAGREE),
    ("Ⅱ⑥ 사회단체 보조금 지원", "사업개요 지원금액 = 예산현황 예산액"): (451_074_000, 449_074_000, -2_000_000, DISAGREE),
    ("Ⅱ⑨ 마을 공동체 활성화", "집행액 = 예산 현황 '마을공동체 활성화' 집행액(10.31.)"): (675_815_000, 670_815_000, -5_000_000, DISAGREE),
    ("Ⅱ⑪ 제21대 국회의원 선거 추진", "집행액 = 예산 현황 '국회의원선거' 집행액(10.31.)"): (28_000_000, 28_056_000, 56_000, DISAGREE),
    ("Ⅱ⑪ 제21대 국회의원 선거 추진", "집행률 = 예산 현황 '국회의원선거' 집행률"): (Decimal(74), Decimal(75), Decimal(1), DISAGREE),
    ("Ⅱ⑪ 제21대 국회의원 선거 추진", "집행률 = 집행액 ÷ 예산액"): (Decimal("74.82"), Decimal(75), Decimal("0.18"), NOTE),
    ("2021. 4. 7. 보궐선거", "지방자치단체장 선거에 영향을 미치는 행위 금지: 인쇄된 일수 = 기간의 날수"): (61, 60, -1, DISAGREE),
    # "327,500명(제21대 국회의원 선거 기준)" is that election's 327,879 without its 379 재외선거인
    ("2021. 4. 7. 보궐선거", "선거인수(제21대 국회의원 선거 기준) = 제21대 국회의원선거의 선거인수"): (327_879, 327_500, -379, NOTE),
}


def test_the_seeded_report_contradictions_exactly(db) -> None:
    found = problems(db)
    assert {key: numbers(f) for key, f in found.items()} == SEEDED
    basis = found[("2021. 4. 7. 보궐선거", "선거인수(제21대 국회의원 선거 기준) = 제21대 국회의원선거의 선거인수")]
    assert basis.note.endswith("차이 379명 = 그 선거의 재외선거인 '재외선거인 379'")


def test_findings_say_how_each_rate_was_written(db) -> None:
    by_key = {f.key: f for f in audit(db)}
    assert "버림도 반올림도 아님" in by_key["unit_budget.2.rate"].note  # 주민참여 행정지원 98% vs 99.27%
    assert by_key["unit_budget.1.rate"].level == AGREE and by_key["unit_budget.1.rate"].note.startswith("버림")  # 74.67 → 74
    assert by_key["unit_budget.rate"].note.startswith("버림")  # 계 97.92 → 97%
    assert "반올림" in by_key["project.1.rate"].note and "대부분 버림" in by_key["project.1.rate"].note
    assert by_key["project.4.rate"].note.startswith("버림")  # 97.69 → 97
    turnout = by_key["election_stat.제21대 국회의원선거.turnout"]
    assert turnout.level == AGREE and turnout.note.startswith("버림·반올림 같음") and turnout.expected == Decimal("68.61")


def test_totals_that_agree_are_checked_too(db) -> None:
    agree = {(f.section, f.check): f for f in audit(db) if f.ok}
    land = agree[("Ⅰ.3 동주민센터 및 자치회관 현황", "계 대지 = 시설별 합")]
    assert land.expected == land.actual == 2_042_886
    assert agree[("Ⅰ.4 예산 현황", "계 예산액 = 단위사업별 합")].actual == 117_935_826_000
    assert agree[("Ⅰ.2 인력", "과부족 계 = 직급별 합")].actual == 0
    assert agree[("Ⅱ② 신길4동 공공복합청사 건립", "총사업비 = 재원별 합")].actual == 8_014_610_000
    assert agree[("Ⅲ① 대림3동 공공복합청사 건립", "총사업비 = 재원별 합")].actual == 8_811_000_000
    assert agree[("Ⅲ④ 주민자치회 시범사업 운영", "'21년 의제 실행 건수 = 세부 합")].actual == 47
    assert agree[("Ⅱ① 통반장 활동 지원", "반장 보상품 지급대상 합계 = 지급별 합")].actual == 6483
    assert agree[("제21대 국회의원선거", "선거인수 = 세부 합")].actual == 327_879
    # every 2021 plan's budget against its funding split
    plans = [f for f in audit(db) if f.section.startswith(("Ⅲ", "Ⅳ")) and f.check == "예산액 = 재원별 예산 합"]
    assert len(plans) == 10 and all(f.ok for f in plans)
    assert sum(f.actual for f in plans) == 5_747_732_000


def _update(db, sql: str, **params) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    with db.session() as session:
        session.execute(text(sql), params)


def test_a_grade_entered_later_is_summed_against_the_printed_total(db) -> None:
    _update(db, "UPDATE staffing SET headcount = 3, printed = '3' WHERE row_kind = '정원' AND series = '일반직' AND grade = '9급'")
    # 20 + 1 = 21 now agrees with the printed 계; the 9급 과부족 (현원 3 − 정원 3 = 0, printed 1) does not
    found = problems(db)
    assert ("Ⅰ.2 인력", "정원 계 = 직급별 합") not in found
    assert numbers(found[("Ⅰ.2 인력", "과부족 일반직 9급 = 현원 − 정원")]) == (0, 1, 1, DISAGREE)


def test_a_broken_facility_area_breaks_the_total(db) -> None:
    _update(db, "UPDATE facility SET land_m2_x100 = land_m2_x100 + 100 WHERE name = '문래동'")
    f = problems(db)[("Ⅰ.3 동주민센터 및 자치회관 현황", "계 대지 = 시설별 합")]
    assert numbers(f) == (2_042_986, 2_042_886, -100, DISAGREE)
    assert f.expected_text == "20,429.86㎡" and f.difference_text == "-1.00㎡"


def test_a_changed_unit_budget_breaks_its_total_and_its_rate(db) -> None:
    _update(db, "UPDATE unit_budget SET executed_won = 30000000 WHERE name = '국회의원선거'")
    found = problems(db)
    assert numbers(found[("Ⅰ.4 예산 현황", "계 집행액(10.31.기준) = 단위사업별 합")]) == (
        115_483_262_000, 115_481_262_000, -2_000_000, DISAGREE)
    rate = found[("Ⅰ.4 예산 현황", "국회의원선거 집행률 = 집행액 ÷ 예산액")]
    assert rate.expected == Decimal("80.01") and rate.actual == 74 and rate.level == DISAGREE


def test_a_split_that_no_longer_adds_up(db) -> None:
    _update(db, "UPDATE project_funding SET amount_won = 1300000000 WHERE project_id = 2 AND measure = '예산' AND source = '시비'")
    f = problems(db)[("Ⅱ② 신길4동 공공복합청사 건립", "예산액 = 재원별 예산 합")]
    assert numbers(f) == (5_547_518_000, 5_554_518_000, 7_000_000, DISAGREE)
    assert "시비 1,300,000천원" in f.note


def test_logged_execution_over_the_budget(db) -> None:
    from wardtui.db.projects import add_execution

    add_execution(db, 7, amount_won=1_000_000, executed_on=dt.date(2020, 11, 30), source="구비")  # 탁트인 골목: 70,000천원 already all spent
    found = problems(db)
    total = found[("Ⅱ⑦ 탁트인 골목 만들기 사업 추진", "집행액(기록 포함) ≤ 예산액")]
    assert numbers(total) == (70_000_000, 71_000_000, 1_000_000, DISAGREE)
    assert "기록한 집행 1,000,000원" in total.note
    assert numbers(found[("Ⅱ⑦ 탁트인 골목 만들기 사업 추진", "구비 집행(기록 포함) ≤ 구비 예산")]) == (
        70_000_000, 71_000_000, 1_000_000, DISAGREE)


def test_a_payment_run_entered_later_is_checked_the_same_way(db) -> None:
    _update(db, "INSERT INTO payment_run (id, program_id, period, headcount, unit_amount_won, amount_won, origin) "
                "VALUES ('run-x', 7, '2021-상반기', 20, 400000, 7900000, 'user')")
    f = problems(db)[("Ⅱ① 통반장 활동 지원", "통장자녀 장학금 2021-상반기: 인원 × 1인 금액 = 지급액")]
    assert numbers(f) == (8_000_000, 7_900_000, -100_000, DISAGREE)


def test_the_yearly_limit_on_the_ledger(db) -> None:
    from wardtui.db.payments.paying import add_payment
    from wardtui.db.payments.programs import resolve_program
    from wardtui.db.payments.register import add_recipient

    person = add_recipient(db, name="김반장", dong="신길4동", role="반장", tong=1, ban=2, since=dt.date(2020, 1, 1))
    gift = resolve_program(db, "보상품")
    add_payment(db, program=gift, recipient_id=person.id, period_text="2021-설", amount_won=30_000, paid_on=dt.date(2021, 2, 1))
    assert not any(f.key.startswith("limit.ban_gift.ledger") for f in audit(db) if not f.ok)
    add_payment(db, program=gift, recipient_id=person.id, period_text="2021-추석", amount_won=30_000, paid_on=dt.date(2021, 9, 1))
    f = problems(db)[("Ⅱ① 통반장 활동 지원", "반장 보상품 2021년 장부: 1인 연 합계 ≤ 연 한도")]
    assert numbers(f) == (50_000, 60_000, 10_000, DISAGREE) and "1명" in f.note


def test_a_printed_day_count_entered_later(db) -> None:
    _update(db, "UPDATE election_event SET recorded_text = '(4일간)' WHERE election_id = 1 AND name = '선거인명부 작성'")
    f = problems(db)[("제21대 국회의원선거", "선거인명부 작성: 인쇄된 일수 = 기간의 날수")]
    assert numbers(f) == (5, 4, -1, DISAGREE)


def test_the_audit_never_writes(db) -> None:
    before = db.data_version() if hasattr(db, "data_version") else None
    first = [f.to_json() for f in audit(db)]
    assert [f.to_json() for f in audit(db)] == first
    if before is not None:
        assert db.data_version() == before
