"""Gather the figures the report audit checks (read-only); the rules are in ``core.audit``.

Plain SELECTs with bound parameters only, so the same queries run on SQLite and
PostgreSQL. Nothing here writes.
"""

from __future__ import annotations

from typing import Any

from wardtui.core.audit import (
    AuditData,
    ElectionEventFig,
    ElectionStatFig,
    FacilityFig,
    Figure,
    Finding,
    FundingFig,
    LedgerYearFig,
    PaymentRunFig,
    ProjectFig,
    RateFig,
    ReportTotalFig,
    StaffingCell,
    UnitBudgetFig,
    run_audit,
)
from wardtui.db.database import Database


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def gather(db: Database) -> AuditData:
    """Every figure the checks need, as plain data."""
    year = db.scalar("SELECT session_starts_on FROM report ORDER BY id LIMIT 1")
    data = AuditData(report_year=year.year if year is not None else 2020)
    data.staffing = [
        StaffingCell(kind, series, grade, _int(n))
        for kind, series, grade, n in db.rows("SELECT row_kind, series, grade, headcount FROM staffing ORDER BY id")
    ]
    data.totals = [
        ReportTotalFig(key, section, label, _int(value), unit, printed or "")
        for key, section, label, value, unit, printed in db.rows(
            "SELECT key, section, label, value, unit, printed FROM report_total ORDER BY id"
        )
    ]
    data.facilities = [
        FacilityFig(name, kind, _int(land), _int(building), _int(below), _int(above))
        for name, kind, land, building, below, above in db.rows(
            "SELECT name, kind, land_m2_x100, building_m2_x100, floors_below, floors_above FROM facility ORDER BY seq, id"
        )
    ]
    data.unit_budgets = [
        UnitBudgetFig(int(i), int(fy), int(seq), name, int(b), int(e), int(p), rate)
        for i, fy, seq, name, b, e, p, rate in db.rows(
            "SELECT id, fiscal_year, seq, name, budget_won, executed_won, projected_won, printed_rate "
            "FROM unit_budget ORDER BY fiscal_year, seq"
        )
    ]
    logged: dict[int, dict[str, int]] = {}
    for pid, source, amount in db.rows(
        "SELECT project_id, source, SUM(amount_won) FROM execution_entry WHERE removed_at IS NULL "
        "GROUP BY project_id, source"
    ):
        logged.setdefault(int(pid), {})[source] = int(amount)
    data.projects = [
        ProjectFig(int(i), part, int(seq), int(y), name, _int(ub), _int(b), _int(e), rate, logged.get(int(i), {}))
        for i, part, seq, y, name, ub, b, e, rate in db.rows(
            "SELECT id, part, seq, year, name, unit_budget_id, budget_won, executed_won, printed_rate "
            "FROM project ORDER BY id"
        )
    ]
    data.funding = [
        FundingFig(int(pid), measure, source, int(amount))
        for pid, measure, source, amount in db.rows(
            "SELECT project_id, measure, source, amount_won FROM project_funding ORDER BY id"
        )
    ]
    data.figures = [
        Figure(int(pid), key, label, int(value), unit, printed)
        for pid, key, label, value, unit, printed in db.rows(
            "SELECT project_id, key, label, value, unit, printed FROM project_figure ORDER BY id"
        )
    ]
    data.runs = [
        PaymentRunFig(code, name, period, _int(n), _int(unit), int(amount), origin)
        for code, name, period, n, unit, amount, origin in db.rows(
            "SELECT g.code, g.name, r.period, r.headcount, r.unit_amount_won, r.amount_won, r.origin "
            "FROM payment_run r JOIN payment_program g ON g.id = r.program_id ORDER BY g.id, r.period"
        )
    ]
    # Per person and year, only where the text states a yearly limit. All states: a 정정됨
    # payment and its negative 환수 row cancel out, so the sum is what the person kept.
    data.ledger = [
        LedgerYearFig(code, name, str(y), int(rid), int(total))
        for code, name, y, rid, total in db.rows(
            "SELECT g.code, g.name, SUBSTR(p.period, 1, 4) AS y, p.recipient_id, SUM(p.amount_won) "
            "FROM payment p JOIN payment_program g ON g.id = p.program_id "
            "WHERE g.code = :code AND p.recipient_id IS NOT NULL "
            "GROUP BY g.code, g.name, SUBSTR(p.period, 1, 4), p.recipient_id",
            {"code": "ban_gift"},
        )
    ]
    data.rates = [
        RateFig(code, name, int(amount), unit, str(since))
        for code, name, amount, unit, since in db.rows(
            "SELECT g.code, g.name, r.unit_amount_won, r.unit, r.valid_from "
            "FROM payment_rate r JOIN payment_program g ON g.id = r.program_id ORDER BY r.valid_from"
        )
    ]
    data.events = [
        ElectionEventFig(election, name, start, end, text)
        for election, name, start, end, text in db.rows(
            "SELECT e.name, v.name, v.recorded_start, v.recorded_end, v.recorded_text "
            "FROM election_event v JOIN election e ON e.id = v.election_id ORDER BY e.election_day, v.seq"
        )
    ]
    data.stats = [
        ElectionStatFig(election, key, label, int(value), unit, printed)
        for election, key, label, value, unit, printed in db.rows(
            "SELECT e.name, s.key, s.label, s.value, s.unit, s.printed "
            "FROM election_stat s JOIN election e ON e.id = s.election_id ORDER BY e.election_day, s.id"
        )
    ]
    return data


def audit(db: Database) -> list[Finding]:
    """Every check on what is in the database now, failures and passes alike."""
    return run_audit(gather(db))
