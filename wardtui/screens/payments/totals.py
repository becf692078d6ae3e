"""The totals view: one row per programme and period, the report's 2020 batches and the ledger."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.message import Message

from wardtui.core.money import format_thousand, format_won
from wardtui.screens.base import db_work
from wardtui.screens.payments.view import LedgerFilter, PaymentsView, right
from wardtui.widgets.line_table import LineTable

if TYPE_CHECKING:
    from wardtui.db.payments.ledger import Budget, PeriodTotal
    from wardtui.db.payments.programs import Rate


class TotalsView(PaymentsView):
    """Totals per programme and period; Enter opens that period's ledger."""

    COLUMNS = (("사업", "program"), ("기간", "period"), ("인원", "headcount"), ("금액", "amount"),
               ("단가", "rate"), ("출처", "source"))

    class BudgetRead(Message):
        """The division's budget line, read with the totals."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__(id="pay-totals")
        self.title_text = Text("사업·기간별 합계")
        self.rows: dict[str, PeriodTotal] = {}

    def reload(self) -> None:
        self.generation += 1
        self.load(self.generation)

    @db_work(group="payments-totals")
    def load(self, generation: int) -> None:
        from wardtui.db.payments.ledger import budget, totals
        from wardtui.db.payments.programs import rates

        rows = totals(self.db)
        money = budget(self.db, rows)
        self.app.call_from_thread(self.show, generation, rows, money, rates(self.db))

    def show(self, generation: int, rows: list[PeriodTotal], money: Budget, every_rate: list[Rate]) -> None:
        from wardtui.db.payments.programs import rate_for_period

        if generation != self.generation:
            return
        rate = f" ({money.rate_percent}%)" if money.rate_percent is not None else ""
        self.post_message(self.BudgetRead(
            f"통반장 활동 지원 예산 {format_thousand(money.budget_won or 0)}천원 · 집행 "
            f"{format_thousand(money.executed_won or 0)}천원{rate}\n"
            f"장부 지급 {money.ledger_count:,}건 · {format_won(money.ledger_won)} (보고서 이후 기록)"
        ))
        self.rows = {}
        lines = []
        for i, r in enumerate(rows):
            key = f"{i}"
            self.rows[key] = r
            # The rate a run for that period pays; none for the report's own 2020 batches.
            unit = None if r.source == "보고서" else rate_for_period(every_rate, r.program_id, r.period)
            lines.append((key, (
                r.program, r.period, right("-" if r.headcount is None else f"{r.headcount:,}명"),
                right(format_won(r.amount_won)), right(format_won(unit.unit_amount_won) if unit else "-"),
                r.source,
            )))
        self.fill(lines)
        self.say(
            title="사업·기간별 합계 (Enter: 그 기간의 지급 내역)",
            status=f"{len(rows)}건 · 합계 {format_won(sum(r.amount_won for r in rows))} · p 지급 실행 · m 대상자 · u 단가",
        )

    def current(self) -> PeriodTotal | None:
        return self.rows.get(self.current_key() or "")

    def open_ledger(self) -> None:
        """The ledger of the total under the cursor (the whole ledger on an empty list)."""
        chosen = self.current()
        if chosen is not None and chosen.source == "보고서":
            self.notify("보고서의 일괄 지급입니다: 개인별 내역이 없습니다", title="지급 내역")
            return
        which = (LedgerFilter(title="전체 지급 내역") if chosen is None
                      else LedgerFilter(chosen.program_id, chosen.period, title=f"{chosen.program} {chosen.period}"))
        self.post_message(self.OpenLedger(which))

    @on(LineTable.RowSelected)
    def _row_selected(self) -> None:
        self.open_ledger()
