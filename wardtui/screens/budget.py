"""예산 현황: the report's 8 unit budgets with their 계 row, and what staff logged since."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from wardtui.core.money import format_rate, format_thousand
from wardtui.core.projects import execution_rate
from wardtui.db.projects import UnitBudgetRow, unit_budgets
from wardtui.screens.base import WardScreen, db_work
from wardtui.widgets.footer import WardFooter

TOTAL_KEY = "total"
#: (label, key, width): fixed widths fit every column at 80 columns; amounts in 천원.
COLUMNS = (
    ("단위사업", "name", 20),
    ("예산", "budget", 11),
    ("집행 10.31", "executed", 11),
    ("집행률", "rate", 6),
    ("예정 12.31", "projected", 11),
    ("예정률", "projected_rate", 6),
)


def _num(won: int, style: str = "") -> Text:
    return Text(format_thousand(won), style=style, justify="right")


def _rate(rate: Decimal | None, style: str = "") -> Text:
    return Text(format_rate(rate), style=style, justify="right")


class BudgetScreen(WardScreen[None]):
    """Executed at 10.31 plus execution logged for linked projects; rates computed."""

    CSS_PATH = "projects.tcss"
    STATUS_ID = "budget-count"
    BINDINGS = [Binding("escape", "app.pop_screen", "사업 목록으로", id="budget.back")]

    def __init__(self) -> None:
        super().__init__(id="budget-screen")
        self.load_count = 0  # reads so far: a first show reads once (tests check it)

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="budget-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="budget-count")
        yield WardFooter()

    def on_mount(self) -> None:
        self.sub_title = "예산 현황"
        table = self.query_one("#budget-table", DataTable)
        for label, key, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        table.focus()

    def reload(self) -> None:
        self.load()

    @db_work(group="budget-load")
    def load(self) -> None:
        self.load_count += 1
        rows = unit_budgets(self.db)
        self.app.call_from_thread(self.show, rows)

    def show(self, rows: list[UnitBudgetRow]) -> None:
        table = self.query_one("#budget-table", DataTable)
        table.clear()
        budget = sum(r.budget_won for r in rows)
        executed = sum(r.executed_won for r in rows)
        projected = sum(r.projected_won for r in rows)
        bold = "bold"
        table.add_row(
            Text(f"계 ({len(rows)}개)", style=bold), _num(budget, bold), _num(executed, bold),
            _rate(execution_rate(executed, budget), bold), _num(projected, bold),
            _rate(execution_rate(projected, budget), bold), key=TOTAL_KEY,
        )
        for r in rows:
            table.add_row(
                r.name, _num(r.budget_won), _num(r.executed_won), _rate(r.rate),
                _num(r.projected_won), _rate(r.projected_rate), key=str(r.id),
            )
        logged = sum(r.logged_won for r in rows)
        as_of = rows[0].executed_as_of if rows else None
        note = f" · 기록한 집행 {format_thousand(logged)}천원 포함" if logged else ""
        self.query_one("#budget-count", Static).update(
            f"단위사업 {len(rows)}개 · 금액 천원 · 집행은 {as_of.month}.{as_of.day} 기준{note} · Esc 사업 목록" if as_of else "예산 자료가 없습니다"
        )
