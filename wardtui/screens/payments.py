"""Section 3: allowances and scholarships — totals per programme and period, the ledger
page by page, the recipient register with each person's history.

Totals come from one SQL aggregate in a worker; the ledger is read one page at a time.
Names are masked (김*숙) until the user reveals a row with ``r``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from wardtui.core.money import format_thousand, format_won
from wardtui.core.payments import mask_name

PAGE = 50


@dataclass
class LedgerFilter:
    """Which ledger rows the ledger view shows: a programme and period, or one person."""

    program_id: int | None = None
    period: str | None = None
    recipient_id: int | None = None
    title: str = ""


def _right(text: str) -> Text:
    return Text(text, justify="right")


class PaymentsScreen(Screen[None]):
    """Programme totals, the ledger and the recipient register, in one table."""

    CSS_PATH = "payments.tcss"
    HELP_EXTRA_KEYS = [("enter", "합계 행: 그 기간의 지급 내역 · 대상자 행: 그 사람의 지급 이력")]
    BINDINGS = [
        Binding("t", "show_totals", "합계", id="payments.totals"),
        Binding("l", "show_ledger", "내역", id="payments.ledger"),
        Binding("m", "show_recipients", "대상자", id="payments.recipients"),
        Binding("r", "reveal", "이름 보기", id="payments.reveal"),
        Binding("p", "run", "지급 실행", id="payments.run"),
        Binding("x", "reverse", "정정(환수)", id="payments.reverse"),
        Binding("right_square_bracket", "page(1)", "다음 쪽", id="payments.next_page", key_display="]", show=False),
        Binding("left_square_bracket", "page(-1)", "이전 쪽", id="payments.prev_page", key_display="[", show=False),
        Binding("escape", "show_totals", "합계로", show=False, id="payments.back"),
    ]

    def __init__(self) -> None:
        super().__init__(id="payments-screen")
        self.view = "totals"  # totals | ledger | recipients
        self.ledger_filter = LedgerFilter()
        self.page_offset = 0
        self.row_count = 0
        self.names: dict[str, str] = {}  # row key → full name, shown only once revealed
        self.revealed: set[str] = set()
        self.total_rows: dict[str, Any] = {}
        self.generation = 0  # bumped per load; an older load's answer is dropped
        self.ledger_rows: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="pay-budget")
        yield Static("사업·기간별 합계", id="pay-title")
        yield DataTable(id="pay-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="pay-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pay-table", DataTable).focus()

    def on_screen_resume(self) -> None:
        # Also sent on first show, and again after a payment run closes: the totals may have moved.
        self.reload()

    def reload(self) -> None:
        self.generation += 1
        if self.view == "totals":
            self.load_totals(self.generation)
        elif self.view == "ledger":
            self.load_ledger(self.generation, self.ledger_filter, self.page_offset)
        else:
            self.load_recipients(self.generation)

    # -- totals ------------------------------------------------------------------------
    def action_show_totals(self) -> None:
        self.view = "totals"
        self.reload()

    @work(thread=True, exclusive=True, group="payments-load")
    def load_totals(self, generation: int) -> None:
        from wardtui.db.payments import budget, programs, rate_on, totals

        db, today = self.app.db, self.app.today  # type: ignore[attr-defined]
        rows = totals(db)
        rates = {p.id: rate_on(db, p.id, today) for p in programs(db)}
        self.app.call_from_thread(self.show_totals, generation, rows, budget(db), rates)

    def show_totals(self, generation: int, rows: list[Any], money: Any, rates: dict[int, Any]) -> None:
        if generation != self.generation:
            return
        rate = f" ({money.rate_percent}%)" if money.rate_percent is not None else ""
        self.query_one("#pay-budget", Static).update(
            f"통반장 활동 지원 예산 {format_thousand(money.budget_won or 0)}천원 · 집행 "
            f"{format_thousand(money.executed_won or 0)}천원{rate}\n"
            f"장부 지급 {money.ledger_count:,}건 · {format_won(money.ledger_won)} (보고서 이후 기록)"
        )
        self.query_one("#pay-title", Static).update("사업·기간별 합계 (Enter: 그 기간의 지급 내역)")
        table = self._reset_table(("사업", "program"), ("기간", "period"), ("인원", "headcount"),
                                  ("금액", "amount"), ("단가", "rate"), ("출처", "source"))
        self.total_rows = {}
        for i, r in enumerate(rows):
            key = f"t{i}"
            self.total_rows[key] = r
            unit = rates.get(r.program_id)
            table.add_row(
                r.program, r.period, _right("-" if r.headcount is None else f"{r.headcount:,}명"),
                _right(format_won(r.amount_won)), _right(format_won(unit.unit_amount_won) if unit else "-"),
                r.source, key=key,
            )
        self.query_one("#pay-status", Static).update(
            f"{len(rows)}건 · 합계 {format_won(sum(r.amount_won for r in rows))} · p 지급 실행 · m 대상자"
        )

    # -- ledger ------------------------------------------------------------------------
    def action_show_ledger(self) -> None:
        chosen = self._current_total()
        if chosen is not None and chosen.source == "보고서":
            self.notify("보고서의 일괄 지급입니다: 개인별 내역이 없습니다", title="지급 내역")
            return
        if chosen is None:
            self.open_ledger(LedgerFilter(title="전체 지급 내역"))
        else:
            self.open_ledger(LedgerFilter(chosen.program_id, chosen.period, title=f"{chosen.program} {chosen.period}"))

    def open_ledger(self, which: LedgerFilter) -> None:
        self.view = "ledger"
        self.ledger_filter = which
        self.page_offset = 0
        self.revealed.clear()
        self.reload()

    @work(thread=True, exclusive=True, group="payments-load")
    def load_ledger(self, generation: int, which: LedgerFilter, offset: int) -> None:
        from wardtui.db.payments import ledger_count, ledger_page

        db = self.app.db  # type: ignore[attr-defined]
        args = {"program_id": which.program_id, "period": which.period, "recipient_id": which.recipient_id}
        rows = ledger_page(db, offset=offset, limit=PAGE, **args)
        count = ledger_count(db, **args)
        self.app.call_from_thread(self.show_ledger, generation, which, offset, rows, count)

    def show_ledger(self, generation: int, which: LedgerFilter, offset: int, rows: list[Any], count: int) -> None:
        if generation != self.generation:
            return
        self.page_offset, self.row_count = offset, count
        pages = max(1, -(-count // PAGE))
        self.query_one("#pay-title", Static).update(f"지급 내역: {which.title} ({offset // PAGE + 1}/{pages}쪽, {count:,}건)")
        table = self._reset_table(("이름", "name"), ("사업", "program"), ("기간", "period"),
                                  ("금액", "amount"), ("지급일", "paid_on"), ("상태", "state"))
        self.names = {}
        self.ledger_rows = {r.id: r for r in rows}
        for r in rows:
            self.names[r.id] = r.name or "-"
            table.add_row(self._shown_name(r.id), r.program, r.period, _right(format_won(r.amount_won)),
                          r.paid_on.isoformat(), r.state, key=r.id)
        self.query_one("#pay-status", Static).update("r 이름 보기 · x 정정 · ] 다음 쪽 · [ 이전 쪽 · Esc 합계로")

    def action_page(self, step: int) -> None:
        if self.view != "ledger":
            return
        offset = self.page_offset + step * PAGE
        if 0 <= offset < max(self.row_count, 1):
            self.page_offset = offset
            self.reload()

    # -- recipients --------------------------------------------------------------------
    def action_show_recipients(self) -> None:
        self.view = "recipients"
        self.revealed.clear()
        self.reload()

    @work(thread=True, exclusive=True, group="payments-load")
    def load_recipients(self, generation: int) -> None:
        from wardtui.db.payments import search_recipients

        rows = search_recipients(self.app.db)  # type: ignore[attr-defined]
        self.app.call_from_thread(self.show_recipients, generation, rows)

    def show_recipients(self, generation: int, rows: list[Any]) -> None:
        if generation != self.generation:
            return
        today = self.app.today  # type: ignore[attr-defined]
        self.query_one("#pay-title", Static).update(f"대상자 {len(rows):,}명 (Enter: 지급 이력)")
        table = self._reset_table(("번호", "id"), ("이름", "name"), ("역할", "role"), ("소속", "place"),
                                  ("위촉일", "since"), ("상태", "active"))
        self.names = {}
        for r in rows:
            key = f"r{r.id}"
            self.names[key] = r.name
            table.add_row(_right(str(r.id)), self._shown_name(key), r.role, r.place,
                          r.appointed_on.isoformat() if r.appointed_on else "-",
                          "재임" if r.active_on(today) else "종료", key=key)
        self.query_one("#pay-status", Static).update("r 이름 보기 · Enter 지급 이력 · Esc 합계로")

    # -- shared ------------------------------------------------------------------------
    def _reset_table(self, *columns: tuple[str, str]) -> DataTable:
        table = self.query_one("#pay-table", DataTable)
        table.clear(columns=True)
        for label, key in columns:
            table.add_column(label, key=key)
        return table

    def _shown_name(self, key: str) -> str:
        full = self.names.get(key, "-")
        return full if key in self.revealed else mask_name(full)

    def _current_key(self) -> str | None:
        table = self.query_one("#pay-table", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _current_total(self) -> Any:
        if self.view != "totals":
            return None
        return self.total_rows.get(self._current_key() or "")

    def action_reveal(self) -> None:
        key = self._current_key()
        if key is None or key not in self.names:
            return
        self.revealed ^= {key}
        self.query_one("#pay-table", DataTable).update_cell(key, "name", self._shown_name(key))

    def action_run(self) -> None:
        from wardtui.screens.payment_run import PaymentRunScreen

        chosen = self._current_total()
        program_id = chosen.program_id if chosen is not None else None
        self.app.push_screen(PaymentRunScreen(program_id=program_id))

    def action_reverse(self) -> None:
        """Correct the payment under the cursor with a 환수 row (never an edit or a delete)."""
        row = self.ledger_rows.get(self._current_key() or "") if self.view == "ledger" else None
        if row is None:
            self.notify("지급 내역(l)에서 정정할 지급을 고르십시오", title="정정")
            return
        if row.state != "지급":
            self.notify(f"이 행은 '{row.state}' 상태라 정정할 수 없습니다", title="정정", severity="warning")
            return
        from wardtui.widgets.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.write_reversal(row.id)

        shown = self._shown_name(row.id)
        self.app.push_screen(ConfirmScreen(
            f"{row.program} {row.period} {shown} {format_won(row.amount_won)}\n"
            f"이 지급을 정정할까요? 환수 {format_won(-row.amount_won)} 행을 더합니다.",
            yes="정정 (y)", no="취소 (n)",
        ), answered)

    @work(thread=True, exclusive=True, group="payments-write")
    def write_reversal(self, payment_id: str) -> None:
        from wardtui.db.payments import reverse_payment
        from wardtui.errors import WardError

        try:
            reverse_payment(self.app.db, payment_id, on=self.app.today)  # type: ignore[attr-defined]
        except WardError as exc:
            self.app.call_from_thread(self.notify, exc.message, title="정정하지 않았습니다", severity="error")
            return
        self.app.call_from_thread(self._reversed)

    def _reversed(self) -> None:
        self.notify("환수 행을 더했습니다", title="정정했습니다")
        self.reload()

    @on(DataTable.RowSelected, "#pay-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value or ""
        if self.view == "totals":
            self.action_show_ledger()
        elif self.view == "recipients" and key.startswith("r"):
            rid = int(key[1:])
            label = self.names.get(key, "")
            shown = label if key in self.revealed else mask_name(label)
            self.open_ledger(LedgerFilter(recipient_id=rid, title=f"{shown} (번호 {rid})"))
