"""The audit rules on plain data (no database): rates, sums, limits, formatting."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from wardtui.core.audit import (
    AGREE,
    DISAGREE,
    NOTE,
    AuditData,
    ElectionEventFig,
    Figure,
    Finding,
    FundingFig,
    PaymentRunFig,
    ProjectFig,
    ReportTotalFig,
    StaffingCell,
    UnitBudgetFig,
    classify_rate,
    format_value,
    run_audit,
)


@pytest.mark.parametrize("num, den, printed, exact, how", [
    (28_000, 37_496, "74", "74.67", "버림"),          # 74.67 → 74
    (2_249_931, 2_892_888, "78", "77.77", "반올림"),   # 77.77 → 78
    (109_453_000, 110_262_875, "98", "99.27", "버림도 반올림도 아님"),
    (546_114, 566_333, "96", "96.43", "버림·반올림 같음"),
    (224_958, 327_879, "68.61", "68.61", "버림·반올림 같음"),  # hundredths when printed so
    (1, 3, "33.33", "33.33", "버림·반올림 같음"),
    (2, 3, "66.66", "66.67", "버림"),
    (70_000, 70_000, "100", "100.00", "버림·반올림 같음"),
])
def test_classify_rate(num: int, den: int, printed: str, exact: str, how: str) -> None:
    assert classify_rate(num, den, Decimal(printed)) == (Decimal(exact), how)


def test_format_value() -> None:
    assert format_value(24_194_000, "원", "천원") == "24,194천원"
    assert format_value(-2_000_000, "원", "천원") == "-2,000천원"
    assert format_value(11_323_370, "원", "원") == "11,323,370원"
    assert format_value(2_042_886, "㎡×100") == "20,428.86㎡"
    assert format_value(Decimal("99.27"), "%") == "99.27%"
    assert format_value(Decimal("87.20"), "%") == "87.2%"
    assert format_value(21, "명") == "21명"
    assert format_value(None, "명") == "-"


def test_finding_texts_pick_one_money_scale() -> None:
    f = Finding("s", "c", 11_571_804, 11_323_370, -248_434, unit="원")
    assert (f.expected_text, f.actual_text, f.difference_text) == ("11,571,804원", "11,323,370원", "-248,434원")
    g = Finding("s", "c", 28_000_000, 28_056_000, 56_000, unit="원")
    assert (g.expected_text, g.actual_text, g.difference_text) == ("28,000천원", "28,056천원", "+56천원")
    assert g.to_json()["expected"] == 28_000_000 and g.to_json()["level"] == DISAGREE
    r = Finding("s", "c", Decimal("99.27"), Decimal(98), Decimal("-1.27"), unit="%")
    assert r.to_json()["expected"] == 99.27 and r.difference_text == "-1.27%p"


def small_report() -> AuditData:
    data = AuditData(report_year=2020)
    data.staffing = [StaffingCell("정원", "일반직", "6급", 3), StaffingCell("현원", "일반직", "6급", 2),
                     StaffingCell("과부족", "일반직", "6급", -1), StaffingCell("정원", "관리운영직", "6급", None)]
    data.totals = [ReportTotalFig("staffing.정원.계", "Ⅰ.2 인력", "정원 계", 3, "명", "3"),
                   ReportTotalFig("staffing.현원.계", "Ⅰ.2 인력", "현원 계", 3, "명", "3"),
                   ReportTotalFig("odd.total", "Ⅰ.9", "이상한 합계", 5, "명", "5")]
    data.unit_budgets = [UnitBudgetFig(1, 2020, 1, "가", 1000, 500, 400, "50%")]
    data.projects = [ProjectFig(1, "Ⅱ", 1, 2020, "가 사업", 1, 1000, 500, "50", {"구비": 600})]
    data.funding = [FundingFig(1, "예산", "구비", 1000), FundingFig(1, "집행", "구비", 500)]
    data.figures = [Figure(1, "support.amount", "지원금액", 900, "원", "900원"),
                    Figure(1, "support.operating", "운영비", 400, "원", ""),
                    Figure(1, "support.project", "사업비", 400, "원", "")]
    data.runs = [PaymentRunFig("x", "장학금", "2020-상반기", 3, 100, 300, "report")]
    data.events = [ElectionEventFig("선거", "기간", dt.date(2020, 2, 28), dt.date(2020, 3, 1), "(3일간)")]
    return data


def test_run_audit_on_a_small_report() -> None:
    found = {(f.section, f.check): f for f in run_audit(small_report())}
    assert found[("Ⅰ.2 인력", "정원 계 = 직급별 합")].ok
    assert (found[("Ⅰ.2 인력", "현원 계 = 직급별 합")].expected, found[("Ⅰ.2 인력", "현원 계 = 직급별 합")].level) == (2, DISAGREE)
    assert found[("Ⅰ.2 인력", "과부족 일반직 6급 = 현원 − 정원")].ok
    # 12.31 projection below what was already executed at 10.31
    below = found[("Ⅰ.4 예산 현황", "가 집행액(10.31.) ≤ 12.31.까지 집행액")]
    assert (below.expected, below.actual, below.level) == (400, 500, DISAGREE)
    over = found[("Ⅱ① 가 사업", "집행액(기록 포함) ≤ 예산액")]
    assert (over.expected, over.actual, over.difference, over.level) == (1000, 1100, 100, DISAGREE)
    assert found[("Ⅱ① 가 사업", "사업개요 지원금액 = 예산현황 예산액")].difference == -100
    assert found[("Ⅱ① 가 사업", "지원금액 = 세부 합")].difference == 100
    assert found[("Ⅱ① 가 사업", "집행액 = 예산 현황 '가' 집행액(10.31.)")].ok
    assert found[("Ⅱ① 통반장 활동 지원", "장학금 2020-상반기: 인원 × 1인 금액 = 지급액")].ok  # where the report keeps payments
    assert found[("선거", "기간: 인쇄된 일수 = 기간의 날수")].ok  # 2020 is a leap year: 2.28, 2.29, 3.1
    odd = found[("Ⅰ.9", "이상한 합계: 점검 규칙이 없는 합계")]
    assert odd.level == NOTE
    assert all(f.level in (AGREE, DISAGREE, NOTE) for f in found.values())


def test_an_empty_database_has_nothing_to_disagree_with() -> None:
    assert run_audit(AuditData()) == []
