"""The report audit: every relation the figures imply, checked on plain data.

Pure: no Textual, no database. ``wardtui.db.audit`` gathers the figures into an
:class:`AuditData`; :func:`run_audit` judges them. The same rules run on the seeded
report and on whatever staff enter later, and nothing here can change data.

Each check gives a :class:`Finding`: the report's section, what was checked, the value
the relation expects, the value found, their difference and a note. Its ``level`` is
"불일치" (the figures disagree), "참고" (they agree, but the report was not consistent
in how it wrote them, e.g. a rate rounded where the rest are truncated) or "일치".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from wardtui.core.money import format_area, format_number

__all__ = [
    "AGREE",
    "DISAGREE",
    "NOTE",
    "AuditData",
    "ElectionEventFig",
    "ElectionStatFig",
    "FacilityFig",
    "Figure",
    "Finding",
    "FundingFig",
    "LedgerYearFig",
    "PaymentRunFig",
    "ProjectFig",
    "RateFig",
    "ReportTotalFig",
    "StaffingCell",
    "UnitBudgetFig",
    "classify_rate",
    "format_value",
    "problems",
    "project_section",
    "run_audit",
]

DISAGREE = "불일치"
NOTE = "참고"
AGREE = "일치"
LEVELS = (DISAGREE, NOTE, AGREE)

TRUNCATED = "버림"
ROUNDED = "반올림"
EITHER = "버림·반올림 같음"
NEITHER = "버림도 반올림도 아님"

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
SECTION_STAFFING = "Ⅰ.2 인력"
SECTION_FACILITIES = "Ⅰ.3 동주민센터 및 자치회관 현황"
SECTION_BUDGET = "Ⅰ.4 예산 현황"
#: The kinds whose areas the facility table's 계 row sums (not the 자원봉사센터).
STATUS_TABLE_KINDS = ("동주민센터", "자치회관", "舊청사")


# -- input: plain figures ------------------------------------------------------------------
@dataclass(frozen=True)
class StaffingCell:
    row_kind: str  # 정원 | 현원 | 과부족
    series: str
    grade: str
    headcount: int | None  # None: a blank cell


@dataclass(frozen=True)
class ReportTotalFig:
    key: str
    section: str
    label: str
    value: int | None
    unit: str
    printed: str


@dataclass(frozen=True)
class FacilityFig:
    name: str
    kind: str
    land_m2_x100: int | None
    building_m2_x100: int | None
    floors_below: int | None
    floors_above: int | None


@dataclass(frozen=True)
class UnitBudgetFig:
    id: int
    fiscal_year: int
    seq: int
    name: str
    budget_won: int
    executed_won: int
    projected_won: int
    printed_rate: str | None


@dataclass(frozen=True)
class ProjectFig:
    id: int
    part: str
    seq: int
    year: int
    name: str
    unit_budget_id: int | None
    budget_won: int | None
    executed_won: int | None  # the report's figure, without what staff logged
    printed_rate: str | None
    logged: dict[str, int] = field(default_factory=dict)  # source → logged execution


@dataclass(frozen=True)
class FundingFig:
    project_id: int
    measure: str  # 예산 | 집행 | 총사업비
    source: str
    amount_won: int


@dataclass(frozen=True)
class Figure:
    """A number stated in a project's text (project_figure)."""

    project_id: int
    key: str
    label: str
    value: int
    unit: str
    printed: str


@dataclass(frozen=True)
class PaymentRunFig:
    program_code: str
    program_name: str
    period: str
    headcount: int | None
    unit_amount_won: int | None
    amount_won: int
    origin: str


@dataclass(frozen=True)
class LedgerYearFig:
    """What one recipient got from one programme in one year (ledger rows in force)."""

    program_code: str
    program_name: str
    year: str
    recipient_id: int
    amount_won: int


@dataclass(frozen=True)
class RateFig:
    """A unit amount set for a programme (payment_rate)."""

    program_code: str
    program_name: str
    unit_amount_won: int
    unit: str
    valid_from: str


@dataclass(frozen=True)
class ElectionEventFig:
    election: str
    name: str
    start: Any  # datetime.date | None
    end: Any
    recorded_text: str | None


@dataclass(frozen=True)
class ElectionStatFig:
    election: str
    key: str
    label: str
    value: int
    unit: str
    printed: str


@dataclass
class AuditData:
    report_year: int = 2020
    staffing: list[StaffingCell] = field(default_factory=list)
    totals: list[ReportTotalFig] = field(default_factory=list)
    facilities: list[FacilityFig] = field(default_factory=list)
    unit_budgets: list[UnitBudgetFig] = field(default_factory=list)
    projects: list[ProjectFig] = field(default_factory=list)
    funding: list[FundingFig] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    runs: list[PaymentRunFig] = field(default_factory=list)
    ledger: list[LedgerYearFig] = field(default_factory=list)
    rates: list[RateFig] = field(default_factory=list)
    events: list[ElectionEventFig] = field(default_factory=list)
    stats: list[ElectionStatFig] = field(default_factory=list)


# -- output ------------------------------------------------------------------------------
Number = int | Decimal


@dataclass(frozen=True)
class Finding:
    """One check: where in the report, what relation, expected vs found."""

    section: str
    check: str
    expected: Number | None
    actual: Number | None
    difference: Number | None
    note: str = ""
    unit: str = ""
    level: str = DISAGREE
    key: str = ""

    @property
    def ok(self) -> bool:
        return self.level == AGREE

    @property
    def expected_text(self) -> str:
        return format_value(self.expected, self.unit, self._scale)

    @property
    def actual_text(self) -> str:
        return format_value(self.actual, self.unit, self._scale)

    @property
    def difference_text(self) -> str:
        if self.difference is None:
            return ""
        sign = "+" if self.difference > 0 else ""
        text = format_value(self.difference, "%p" if self.unit == "%" else self.unit, self._scale)
        return sign + text

    @property
    def _scale(self) -> str:
        """Money shows in 천원, as the report does, when all three figures are whole 천원."""
        if self.unit != "원":
            return ""
        values = [v for v in (self.expected, self.actual, self.difference) if v is not None]
        return "천원" if all(int(v) % 1000 == 0 for v in values) else "원"

    def to_json(self) -> dict[str, Any]:
        def number(v: Number | None) -> int | float | None:
            return float(v) if isinstance(v, Decimal) else v

        return {
            "section": self.section,
            "check": self.check,
            "expected": number(self.expected),
            "actual": number(self.actual),
            "difference": number(self.difference),
            "unit": self.unit,
            "expected_text": self.expected_text,
            "actual_text": self.actual_text,
            "difference_text": self.difference_text,
            "note": self.note,
            "level": self.level,
            "key": self.key,
        }


def format_value(value: Number | None, unit: str, scale: str = "") -> str:
    """A figure with its unit, in the report's style: '28,056천원', '20,428.86㎡', '99.27%'."""
    if value is None:
        return "-"
    if unit == "원":
        if scale == "천원":
            return f"{format_number(int(value) // 1000 if value >= 0 else -(-int(value) // 1000))}천원"
        return f"{format_number(int(value))}원"
    if unit == "㎡×100":
        return format_area(int(value)) + "㎡"
    if unit in ("%", "%p"):
        return f"{Decimal(value).normalize():f}{unit}" if isinstance(value, Decimal) else f"{value}{unit}"
    if isinstance(value, Decimal):
        return f"{value:f}{unit}"
    return f"{format_number(value)}{unit}"


def project_section(part: str, seq: int, name: str) -> str:
    mark = CIRCLED[seq - 1] if 1 <= seq <= len(CIRCLED) else f"{seq}."
    return f"{part}{mark} {name}"


# -- rates -------------------------------------------------------------------------------
def _scaled_rate(numerator: int, denominator: int, decimals: int) -> tuple[int, int]:
    """(truncated, rounded half-up) numerator/denominator × 100 in units of 10^-decimals %."""
    scale = 100 * 10**decimals
    truncated = numerator * scale // denominator
    rounded = (2 * numerator * scale + denominator) // (2 * denominator)
    return truncated, rounded


def classify_rate(numerator: int, denominator: int, printed: Decimal) -> tuple[Decimal, str]:
    """The exact rate (two decimals, half-up) and how the printed rate was made from it.

    The printed rate's own decimals decide the precision: '98%' is compared with the
    whole-percent truncation and rounding, '68.61%' with hundredths.
    """
    decimals = max(0, -int(printed.as_tuple().exponent))
    shown = int(printed.scaleb(decimals))
    truncated, rounded = _scaled_rate(numerator, denominator, decimals)
    exact = Decimal(_scaled_rate(numerator, denominator, 2)[1]).scaleb(-2)
    if shown == truncated == rounded:
        return exact, EITHER
    if shown == truncated:
        return exact, TRUNCATED
    if shown == rounded:
        return exact, ROUNDED
    return exact, NEITHER


def _parse_printed_rate(text: str | None) -> Decimal | None:
    if not text:
        return None
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*%?\s*", text)
    return Decimal(m.group(1)) if m else None


@dataclass
class _RateCheck:
    section: str
    check: str
    key: str
    numerator: int
    denominator: int
    printed: Decimal
    budget_rate: bool = True  # a budget execution rate (the report's convention applies)


def _judge_rates(rate_checks: list[_RateCheck]) -> Iterator[Finding]:
    """Mismatches disagree; a rate made the other way than most of the report's is noted."""
    judged = []
    for rc in rate_checks:
        exact, how = classify_rate(rc.numerator, rc.denominator, rc.printed)
        judged.append((rc, exact, how))
    ways = [how for rc, _, how in judged if rc.budget_rate and how in (TRUNCATED, ROUNDED)]
    usual = max((TRUNCATED, ROUNDED), key=ways.count) if ways else TRUNCATED
    for rc, exact, how in judged:
        decimals = max(0, -int(rc.printed.as_tuple().exponent))
        truncated, rounded = _scaled_rate(rc.numerator, rc.denominator, decimals)
        cut = Decimal(truncated).scaleb(-decimals)
        near = Decimal(rounded).scaleb(-decimals)
        detail = f"계산 {exact}% — 버림 {cut}%, 반올림 {near}%"
        if how == NEITHER:
            level, note = DISAGREE, f"인쇄된 {rc.printed}%는 {NEITHER} ({detail})"
        elif rc.budget_rate and how != EITHER and how != usual:
            level, note = NOTE, f"{how}으로 적음: 보고서의 다른 집행률은 대부분 {usual} ({detail})"
        else:
            level, note = AGREE, f"{how} ({detail})"
        yield Finding(rc.section, rc.check, exact, rc.printed, rc.printed - exact, note, "%", level, rc.key)


# -- helpers -----------------------------------------------------------------------------
def _equal(section: str, check: str, expected: int | None, actual: int | None, unit: str, key: str,
           note: str = "") -> Finding:
    if expected is None or actual is None:
        return Finding(section, check, expected, actual, None, note or "값이 비어 있음", unit, DISAGREE, key)
    level = AGREE if expected == actual else DISAGREE
    return Finding(section, check, expected, actual, actual - expected, note, unit, level, key)


def _at_most(section: str, check: str, limit: int, actual: int, unit: str, key: str, note: str = "") -> Finding:
    """actual must not exceed limit; the difference is how far over (or under) it is."""
    level = AGREE if actual <= limit else DISAGREE
    return Finding(section, check, limit, actual, actual - limit, note, unit, level, key)


def _round_half_up(x: Fraction) -> int:
    return int((2 * x.numerator + x.denominator) // (2 * x.denominator))


def _sum_note(parts: Iterable[tuple[str, int]], unit: str) -> str:
    shown = [f"{label} {format_value(v, unit, '천원' if unit == '원' and v % 1000 == 0 else '원')}" for label, v in parts]
    return " + ".join(shown)


# -- the checks --------------------------------------------------------------------------
def _staffing(data: AuditData, totals: dict[str, ReportTotalFig]) -> Iterator[Finding]:
    cells = data.staffing
    if not cells:
        return
    by_kind: dict[str, int] = defaultdict(int)
    for c in cells:
        if c.headcount is not None:
            by_kind[c.row_kind] += c.headcount
    for kind in ("정원", "현원", "과부족"):
        total = totals.get(f"staffing.{kind}.계")
        if total is not None:
            parts = [(f"{c.series} {c.grade}", c.headcount) for c in cells if c.row_kind == kind and c.headcount]
            note = "직급별 합: " + " + ".join(f"{g} {n}" for g, n in parts) + f" = {by_kind[kind]}" if parts else ""
            yield _equal(SECTION_STAFFING, f"{kind} 계 = 직급별 합", by_kind[kind], total.value, "명",
                         total.key, f"인쇄된 계 {total.printed or '-'}; {note}".rstrip("; "))
    grid = {(c.row_kind, c.series, c.grade): c.headcount for c in cells}
    for (kind, series, grade), short in sorted(grid.items(), key=lambda kv: (kv[0][1], kv[0][2])):
        if kind != "과부족":
            continue
        quota, present = grid.get(("정원", series, grade)), grid.get(("현원", series, grade))
        if quota is None and present is None and short is None:
            continue
        expected = (present or 0) - (quota or 0)
        yield _equal(SECTION_STAFFING, f"과부족 {series} {grade} = 현원 − 정원", expected, short, "명",
                     f"staffing.과부족.{series}.{grade}",
                     f"현원 {present or 0} − 정원 {quota or 0} = {expected:+d}; 보고서는 부족을 △로 적음")
    quota_t, present_t, short_t = (totals.get(f"staffing.{k}.계") for k in ("정원", "현원", "과부족"))
    if quota_t and present_t and short_t and None not in (quota_t.value, present_t.value, short_t.value):
        yield _equal(SECTION_STAFFING, "과부족 계 = 현원 계 − 정원 계", present_t.value - quota_t.value,  # type: ignore[operator]
                     short_t.value, "명", "staffing.과부족.계.차",
                     f"인쇄된 계: 현원 {present_t.printed}, 정원 {quota_t.printed}, 과부족 {short_t.printed}")


def _facilities(data: AuditData, totals: dict[str, ReportTotalFig]) -> Iterator[Finding]:
    rows = [f for f in data.facilities if f.kind in STATUS_TABLE_KINDS]
    for key, attr, label in (("facility.land_m2", "land_m2_x100", "대지"), ("facility.building_m2", "building_m2_x100", "건물")):
        total = totals.get(key)
        if total is None:
            continue
        parts = sum(getattr(f, attr) or 0 for f in rows)
        yield _equal(SECTION_FACILITIES, f"계 {label} = 시설별 합", parts, total.value, "㎡×100", key,
                     f"{len(rows)}곳의 합 (자원봉사센터 제외)")


def _unit_budgets(data: AuditData, totals: dict[str, ReportTotalFig], rates: list[_RateCheck]) -> Iterator[Finding]:
    year_rows = [u for u in data.unit_budgets if u.fiscal_year == data.report_year]
    for key, attr, label in (
        ("unit_budget.budget", "budget_won", "예산액"),
        ("unit_budget.executed", "executed_won", "집행액(10.31.기준)"),
        ("unit_budget.projected", "projected_won", "집행액(12.31.까지)"),
    ):
        total = totals.get(key)
        if total is not None:
            yield _equal(SECTION_BUDGET, f"계 {label} = 단위사업별 합", sum(getattr(u, attr) for u in year_rows),
                         total.value, "원", key, f"{len(year_rows)}개 단위사업의 합")
    rate_total, b_total, e_total = (totals.get(k) for k in ("unit_budget.rate", "unit_budget.budget", "unit_budget.executed"))
    if rate_total and b_total and e_total and b_total.value and e_total.value is not None and rate_total.value is not None:
        printed = _parse_printed_rate(rate_total.printed) or Decimal(rate_total.value)
        rates.append(_RateCheck(SECTION_BUDGET, "계 집행률 = 계 집행액 ÷ 계 예산액", "unit_budget.rate",
                                e_total.value, b_total.value, printed))
    for u in data.unit_budgets:
        section = SECTION_BUDGET if u.fiscal_year == data.report_year else f"{SECTION_BUDGET} ({u.fiscal_year})"
        printed_rate = _parse_printed_rate(u.printed_rate)
        if printed_rate is not None and u.budget_won:
            rates.append(_RateCheck(section, f"{u.name} 집행률 = 집행액 ÷ 예산액", f"unit_budget.{u.id}.rate",
                                    u.executed_won, u.budget_won, printed_rate))
        yield _at_most(section, f"{u.name} 집행액(10.31.) ≤ 예산액", u.budget_won, u.executed_won, "원",
                       f"unit_budget.{u.id}.executed_le_budget")
        yield _at_most(section, f"{u.name} 집행액(10.31.) ≤ 12.31.까지 집행액", u.projected_won, u.executed_won, "원",
                       f"unit_budget.{u.id}.executed_le_projected")
        yield _at_most(section, f"{u.name} 12.31.까지 집행액 ≤ 예산액", u.budget_won, u.projected_won, "원",
                       f"unit_budget.{u.id}.projected_le_budget")


#: Totals stated in a project's text and the figures that add up to them (any project having them all).
FIGURE_SUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("support.amount", ("support.operating", "support.project")),
    ("bad_cafe.cleared", ("secured.community", "secured.library", "secured.youth_company", "secured.gallery",
                          "secured.social_enterprise", "converted", "demolished", "closed")),
    ("sites.total", ("sites.rented_2019_2020", "sites.target_2021")),
    ("programs.total", ("programs.hall", "programs.club")),
    ("agenda.count", ("dong_budget.count", "resident_tax.count")),
    ("flow.agenda.amount", ("dong_budget.amount", "resident_tax.amount")),
)
#: Figures that state the same number twice.
FIGURE_EQUALS: tuple[tuple[str, str], ...] = (
    ("flow.agenda.count", "agenda.count"),
    ("scholarship.unit_headcount", "scholarship.headcount"),
)
#: Figures that are the page's budget, as its overview states it.
FIGURE_IS_BUDGET = ("support.amount",)
#: Money a 2020 page says it spent: together at most what the page says it executed.
FIGURE_SPENT = ("allowance.amount", "insurance.amount", "ban_gift.amount", "scholarship.amount",
                "env_improvement.amount", "joint_contest.amount", "neighbours.amount", "dong_plan.amount",
                "grant.amount")


def _figure_sums(section: str, figures: dict[str, Figure], key_prefix: str) -> Iterator[Finding]:
    # A figure 'a.b' whose 'a.b.x' children share its unit is their total (설날+추석, 갑+을+재외 …).
    for key, total in figures.items():
        children = [f for k, f in figures.items() if k.startswith(key + ".") and "." not in k[len(key) + 1:]
                    and f.unit == total.unit]
        if len(children) >= 2:
            labelled = [(c.label, c.value) for c in children]
            yield _equal(section, f"{total.label} = 세부 합", sum(c.value for c in children), total.value, total.unit,
                         f"{key_prefix}.{key}", _sum_note(labelled, total.unit))
    for key, parts in FIGURE_SUMS:
        if key in figures and all(p in figures for p in parts):
            total = figures[key]
            shown = [(figures[p].label, figures[p].value) for p in parts]
            yield _equal(section, f"{total.label} = 세부 합", sum(figures[p].value for p in parts), total.value,
                         total.unit, f"{key_prefix}.{key}", _sum_note(shown, total.unit))
    for a, b in FIGURE_EQUALS:
        if a in figures and b in figures:
            yield _equal(section, f"{figures[a].label} = {figures[b].label}", figures[b].value, figures[a].value,
                         figures[a].unit, f"{key_prefix}.{a}")


def _projects(data: AuditData, totals: dict[str, ReportTotalFig], rates: list[_RateCheck]) -> Iterator[Finding]:
    funding: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for f in data.funding:
        funding[(f.project_id, f.measure)][f.source] += f.amount_won
    figures: dict[int, dict[str, Figure]] = defaultdict(dict)
    for fig in data.figures:
        figures[fig.project_id][fig.key] = fig
    units = {u.id: u for u in data.unit_budgets}
    linked: dict[int, list[ProjectFig]] = defaultdict(list)
    for p in data.projects:
        if p.unit_budget_id is not None:
            linked[p.unit_budget_id].append(p)

    for p in data.projects:
        section = project_section(p.part, p.seq, p.name)
        key = f"project.{p.id}"
        budget_split = funding.get((p.id, "예산"))
        if budget_split and p.budget_won is not None:
            yield _equal(section, "예산액 = 재원별 예산 합", sum(budget_split.values()), p.budget_won, "원",
                         f"{key}.budget_split", _sum_note(budget_split.items(), "원"))
        executed_split = funding.get((p.id, "집행"))
        if executed_split and p.executed_won is not None:
            yield _equal(section, "집행액 = 재원별 집행 합", sum(executed_split.values()), p.executed_won, "원",
                         f"{key}.executed_split", _sum_note(executed_split.items(), "원"))
        cost_split = funding.get((p.id, "총사업비"))
        cost = figures[p.id].get("total_cost")
        if cost_split and cost is not None:
            yield _equal(section, "총사업비 = 재원별 합", sum(cost_split.values()), cost.value, "원",
                         f"{key}.total_cost_split", _sum_note(cost_split.items(), "원"))
        printed = _parse_printed_rate(p.printed_rate)
        if printed is not None and p.budget_won and p.executed_won is not None:
            rates.append(_RateCheck(section, "집행률 = 집행액 ÷ 예산액", f"{key}.rate", p.executed_won, p.budget_won, printed))
        # What staff logged since the report: the executed amount may not pass the budget.
        if p.budget_won is not None and (p.executed_won is not None or p.logged):
            logged = sum(p.logged.values())
            spent = (p.executed_won or 0) + logged
            note = f"보고서 집행 {format_value(p.executed_won or 0, '원', '천원')}" + (
                f" + 기록한 집행 {format_value(logged, '원')}" if logged else "")
            yield _at_most(section, "집행액(기록 포함) ≤ 예산액", p.budget_won, spent, "원", f"{key}.executed_le_budget", note)
            if budget_split:
                for source in sorted(set(budget_split) | set(p.logged) | set(executed_split or {})):
                    used = (executed_split or {}).get(source, 0) + p.logged.get(source, 0)
                    if not used:
                        continue
                    yield _at_most(section, f"{source} 집행(기록 포함) ≤ {source} 예산", budget_split.get(source, 0), used,
                                   "원", f"{key}.{source}.executed_le_budget")
        figs = figures[p.id]
        for fkey in FIGURE_IS_BUDGET:
            if fkey in figs and p.budget_won is not None:
                fig = figs[fkey]
                yield _equal(section, f"사업개요 {fig.label} = 예산현황 예산액", p.budget_won, fig.value, "원",
                             f"{key}.{fkey}.budget", f"사업개요 '{fig.printed}'")
        spent_figs = [figs[k] for k in FIGURE_SPENT if k in figs and figs[k].unit == "원"]
        if spent_figs and p.executed_won is not None:
            yield _at_most(section, "본문의 지급·지원 금액 합 ≤ 집행액", p.executed_won, sum(f.value for f in spent_figs), "원",
                           f"{key}.spent_le_executed", _sum_note([(f.label, f.value) for f in spent_figs], "원"))
        yield from _figure_sums(section, figs, key)

    for unit_id, projects in linked.items():
        u = units.get(unit_id)
        if u is None:
            continue
        same_year = [p for p in projects if p.year == u.fiscal_year]
        if len(same_year) != 1:
            budgets = sum(p.budget_won or 0 for p in same_year)
            yield _at_most(SECTION_BUDGET, f"{u.name} 예산액 ≥ 연결 사업 예산 합", u.budget_won, budgets, "원",
                           f"unit_budget.{u.id}.projects")
            continue
        p = same_year[0]
        section = project_section(p.part, p.seq, p.name)
        yield _equal(section, f"예산액 = 예산 현황 '{u.name}' 예산액", u.budget_won, p.budget_won, "원",
                     f"project.{p.id}.unit_budget.budget")
        yield _equal(section, f"집행액 = 예산 현황 '{u.name}' 집행액(10.31.)", u.executed_won, p.executed_won, "원",
                     f"project.{p.id}.unit_budget.executed", "사업 쪽과 예산 현황 쪽에 다르게 적힘")
        mine, theirs = _parse_printed_rate(p.printed_rate), _parse_printed_rate(u.printed_rate)
        if mine is not None and theirs is not None:
            level = AGREE if mine == theirs else DISAGREE
            yield Finding(section, f"집행률 = 예산 현황 '{u.name}' 집행률", theirs, mine, mine - theirs,
                          "같은 사업의 두 집행률", "%", level, f"project.{p.id}.unit_budget.rate")

    for tkey, attr, label in (("tong_ban.budget", "budget_won", "예산액"), ("tong_ban.executed", "executed_won", "집행액")):
        total = totals.get(tkey)
        project = _tong_ban_project(data)
        if total is not None and project is not None:
            yield _equal(total.section, f"요약 {label} = 사업 {label}", getattr(project, attr), total.value, "원", tkey)
    rate_total, project = totals.get("tong_ban.rate"), _tong_ban_project(data)
    if rate_total is not None and project is not None and rate_total.value is not None:
        mine = _parse_printed_rate(project.printed_rate)
        if mine is not None:
            theirs = Decimal(rate_total.value)
            yield Finding(rate_total.section, "요약 집행률 = 사업 집행률", mine, theirs, theirs - mine, "",
                          "%", AGREE if mine == theirs else DISAGREE, "tong_ban.rate")


def _tong_ban_project(data: AuditData) -> ProjectFig | None:
    for p in data.projects:
        if p.name.replace(" ", "") == "통반장활동지원" and p.year == data.report_year:
            return p
    return None


def _facility_vs_projects(data: AuditData) -> Iterator[Finding]:
    """A building project's figures against the facility row of the same dong's centre."""
    by_name = {f.name: f for f in data.facilities}
    figures: dict[int, dict[str, Figure]] = defaultdict(dict)
    for fig in data.figures:
        figures[fig.project_id][fig.key] = fig
    for p in data.projects:
        m = re.match(r"(\S+동) 공공복합청사", p.name)
        if not m or m.group(1) not in by_name:
            continue
        facility, figs = by_name[m.group(1)], figures[p.id]
        # A finished building (Ⅱ) must match the facility row; a planned one shares only its site.
        pairs = [("land_area", "land_m2_x100", "대지", "㎡×100")]
        if p.part == "Ⅱ":
            pairs += [("floor_area", "building_m2_x100", "건물 연면적", "㎡×100"),
                      ("floors_below", "floors_below", "지하 층수", "층"), ("floors_above", "floors_above", "지상 층수", "층")]
        for fkey, attr, label, unit in pairs:
            if fkey in figs:
                yield _equal(project_section(p.part, p.seq, p.name), f"사업개요 {label} = 시설 현황 '{facility.name}'",
                             getattr(facility, attr), figs[fkey].value, unit, f"project.{p.id}.facility.{fkey}",
                             f"사업개요 '{figs[fkey].printed}'")


def _payments(data: AuditData, totals: dict[str, ReportTotalFig]) -> Iterator[Finding]:
    tong_ban = _tong_ban_project(data)
    section_of_payments = project_section(tong_ban.part, tong_ban.seq, tong_ban.name) if tong_ban else "Ⅱ① 통반장 활동 지원"
    for run in data.runs:
        if run.headcount is not None and run.unit_amount_won is not None:
            product = run.headcount * run.unit_amount_won
            note = f"{run.headcount:,}명 × {run.unit_amount_won:,}원 = {product:,}원"
            if run.origin != "report":
                note += " (장부의 지급 실행)"
            yield _equal(section_of_payments, f"{run.program_name} {run.period}: 인원 × 1인 금액 = 지급액", product,
                         run.amount_won, "원", f"payment_run.{run.program_code}.{run.period}", note)
    year = str(data.report_year)

    def runs_of(code: str, period: str | None = None) -> list[PaymentRunFig]:
        return [r for r in data.runs if r.program_code == code and r.origin == "report"
                and (r.period == period if period else r.period.startswith(year))]

    for tkey, code, period, attr, unit in (
        ("tong_ban.ban_gift.headcount", "ban_gift", None, "headcount", "명"),
        ("tong_ban.ban_gift.amount", "ban_gift", None, "amount_won", "원"),
        ("tong_ban.scholarship.headcount", "tong_scholarship", f"{year}-상반기", "headcount", "명"),
        ("tong_ban.allowance.amount", "tong_allowance", None, "amount_won", "원"),
    ):
        total = totals.get(tkey)
        if total is None:
            continue
        found = runs_of(code, period)
        parts = [(r.period, getattr(r, attr) or 0) for r in found]
        yield _equal(total.section, f"{total.label} = 지급별 합", sum(v for _, v in parts), total.value, unit, tkey,
                     _sum_note(parts, unit) if len(parts) > 1 else "")
    yield from _caps(data, section_of_payments)


def _caps(data: AuditData, section: str) -> Iterator[Finding]:
    """A per-person yearly limit stated in the text (반장 보상품: 연 50,000원 이내)."""
    cap_fig = next((f for f in data.figures if f.key == "ban_gift.cap"), None)
    if cap_fig is None:
        return
    cap = cap_fig.value
    times = next((f.value for f in data.figures if f.key == "ban_gift.times_per_year"), 2)
    by_year: dict[str, list[PaymentRunFig]] = defaultdict(list)
    for run in data.runs:
        if run.program_code == "ban_gift" and run.headcount:
            by_year[run.period[:4]].append(run)
    for year, runs in sorted(by_year.items()):
        # One 반장 gets each holiday's gift: the year's amount per person is the sum of the
        # holidays' amounts per person (exact fractions, rounded to the won at the end).
        exact = [Fraction(r.amount_won, r.headcount) for r in runs]
        each = _round_half_up(sum(exact, Fraction(0)))
        shown = " + ".join(f"{r.period} {r.amount_won:,}원 ÷ {r.headcount:,}명 ≈ {_round_half_up(x):,}원"
                           for r, x in zip(runs, exact))
        yield _at_most(section, f"반장 보상품 {year}년 1인당 합계 ≤ 연 한도", cap, each, "원",
                       f"limit.ban_gift.{year}",
                       f"{shown}; 한도는 '{cap_fig.printed}' ({cap_fig.label})")
    over: dict[str, list[int]] = defaultdict(list)
    for row in data.ledger:
        if row.program_code == "ban_gift" and row.amount_won > cap:
            over[row.year].append(row.amount_won)
    for year, amounts in sorted(over.items()):
        yield Finding(section, f"반장 보상품 {year}년 장부: 1인 연 합계 ≤ 연 한도", cap, max(amounts), max(amounts) - cap,
                      f"한도를 넘은 사람 {len(amounts):,}명 (가장 많은 사람 {max(amounts):,}원)", "원", DISAGREE,
                      f"limit.ban_gift.ledger.{year}")
    for rate in data.rates:
        if rate.program_code == "ban_gift" and rate.unit_amount_won * times > cap:
            yield Finding(section, f"반장 보상품 단가 × 연 {times}회 ≤ 연 한도", cap, rate.unit_amount_won * times,
                          rate.unit_amount_won * times - cap,
                          f"{rate.valid_from}부터 {rate.unit_amount_won:,}원/{rate.unit} × {times}회", "원", DISAGREE,
                          f"limit.ban_gift.rate.{rate.valid_from}")


_DAYS = re.compile(r"\((\d+)일간\)")


def _elections(data: AuditData, rates: list[_RateCheck]) -> Iterator[Finding]:
    for e in data.events:
        m = _DAYS.search(e.recorded_text or "")
        if not m or e.start is None or e.end is None:
            continue
        counted = (e.end - e.start).days + 1
        yield _equal(e.election, f"{e.name}: 인쇄된 일수 = 기간의 날수", counted, int(m.group(1)), "일",
                     f"election_event.{e.election}.{e.name}",
                     f"{e.start.isoformat()} ~ {e.end.isoformat()}: 첫날과 끝날을 넣어 {counted}일; 보고서 표기 '{e.recorded_text}'")
    by_election: dict[str, dict[str, ElectionStatFig]] = defaultdict(dict)
    for s in data.stats:
        by_election[s.election][s.key] = s
    yield from _stated_basis(by_election)
    for election, stats in by_election.items():
        as_figures = {k: Figure(0, k, s.label, s.value, s.unit, s.printed) for k, s in stats.items()}
        yield from _figure_sums(election, as_figures, f"election_stat.{election}")
        turnout, voters, electorate = stats.get("turnout"), stats.get("voters"), stats.get("electorate")
        if turnout and voters and electorate and electorate.value and turnout.unit == "%×100":
            rates.append(_RateCheck(election, "투표율 = 투표인수 ÷ 선거인수", f"election_stat.{election}.turnout",
                                    voters.value, electorate.value, Decimal(turnout.value).scaleb(-2), budget_rate=False))


_BASIS = re.compile(r"\(([^()]*?)\s*기준\)")


def _stated_basis(by_election: dict[str, dict[str, ElectionStatFig]]) -> Iterator[Finding]:
    """A figure 'as of another election' (…(제21대 국회의원 선거 기준)) against that election's own."""
    names = {name.replace(" ", ""): name for name in by_election}
    for election, stats in by_election.items():
        for stat in stats.values():
            m = _BASIS.search(stat.label)
            other_name = names.get(m.group(1).replace(" ", "")) if m else None
            if other_name is None or other_name == election or stat.key not in by_election[other_name]:
                continue
            other = by_election[other_name]
            theirs = other[stat.key]
            diff = stat.value - theirs.value
            # A gap that is exactly one of the other figure's parts is explained, not an error.
            parts = [p for k, p in other.items() if k.startswith(stat.key + ".") and p.value == abs(diff)]
            level = AGREE if diff == 0 else NOTE if parts else DISAGREE
            note = f"보고서 표기 '{stat.printed}' ({other_name} 기준); 그 선거의 {theirs.label} '{theirs.printed}'"
            if diff and parts:
                note += f"; 차이 {abs(diff):,}{stat.unit} = 그 선거의 {parts[0].label} '{parts[0].printed}'"
            yield Finding(election, f"{stat.label} = {other_name}의 {theirs.label}", theirs.value, stat.value, diff,
                          note, stat.unit, level, f"election_stat.{election}.{stat.key}.basis")


def _unknown_totals(totals: dict[str, ReportTotalFig]) -> Iterator[Finding]:
    known = re.compile(r"(staffing\.(정원|현원|과부족)\.계|facility\.(land|building)_m2|unit_budget\.(budget|executed|projected|rate)"
                       r"|tong_ban\.(budget|executed|rate|ban_gift\.headcount|ban_gift\.amount|scholarship\.headcount|allowance\.amount))")
    for key, total in totals.items():
        if not known.fullmatch(key):
            yield Finding(total.section, f"{total.label}: 점검 규칙이 없는 합계", None, total.value, None,
                          f"report_total '{key}'를 맞춰 볼 규칙이 없습니다", total.unit, NOTE, f"report_total.{key}")


def run_audit(data: AuditData) -> list[Finding]:
    """Every check, in the report's order of sections; failures and passes alike."""
    totals = {t.key: t for t in data.totals}
    rates: list[_RateCheck] = []
    found: list[Finding] = []
    found += _staffing(data, totals)
    found += _facilities(data, totals)
    found += _unit_budgets(data, totals, rates)
    found += _projects(data, totals, rates)
    found += _facility_vs_projects(data)
    found += _payments(data, totals)
    found += _elections(data, rates)
    found += _judge_rates(rates)
    found += _unknown_totals(totals)
    order = _section_order(data)
    return sorted(found, key=lambda f: order.get(f.section, len(order)))


def _section_order(data: AuditData) -> dict[str, int]:
    sections = [SECTION_STAFFING, SECTION_FACILITIES, SECTION_BUDGET]
    sections += [f"{SECTION_BUDGET} ({u.fiscal_year})" for u in data.unit_budgets]
    parts = {"Ⅱ": 0, "Ⅲ": 1, "Ⅳ": 2}
    sections += [project_section(p.part, p.seq, p.name)
                 for p in sorted(data.projects, key=lambda p: (parts.get(p.part, 9), p.seq))]
    sections += [e.election for e in data.events] + [s.election for s in data.stats]
    order: dict[str, int] = {}
    for s in sections:
        order.setdefault(s, len(order))
    return order


def problems(findings: Sequence[Finding]) -> list[Finding]:
    """The findings to show: disagreements and notes, without the checks that agree."""
    return [f for f in findings if not f.ok]
