"""Section 3: allowances and scholarships — four views of one screen, one at a time.

Totals per programme and period (t), the ledger page by page (l), the recipient register (m)
and the rate table (u). Each view reads its own rows and brings its own keys, so the footer
and the help show what works where; the screen shows the current view's title and status.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import ContentSwitcher, Header, Static

from wardtui.screens.base import WardScreen, db_work
from wardtui.screens.payments.ledger import LedgerView
from wardtui.screens.payments.rates import RatesView
from wardtui.screens.payments.recipients import RecipientsView
from wardtui.screens.payments.totals import TotalsView
from wardtui.screens.payments.view import LedgerFilter, PaymentsView
from wardtui.widgets.footer import WardFooter


class PaymentsScreen(WardScreen[None]):
    """The budget line, then the view shown: totals, ledger, register or rates."""

    CSS_PATH = "payments.tcss"
    HELP_EXTRA_KEYS = [("enter", "합계 행: 그 기간의 지급 내역")]
    BINDINGS = [
        Binding("t", "show('pay-totals')", "합계", id="payments.totals"),
        Binding("l", "show_ledger", "내역", id="payments.ledger"),
        Binding("m", "show('pay-recipients')", "대상자", id="payments.recipients"),
        Binding("u", "show('pay-rates')", "단가", id="payments.rates"),
        Binding("p", "run", "지급 실행", id="payments.run"),
        Binding("escape", "show('pay-totals')", "합계로", show=False, id="payments.back"),
    ]

    def __init__(self) -> None:
        super().__init__(id="payments-screen")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="pay-budget")
        yield Static("사업·기간별 합계", id="pay-title")
        with ContentSwitcher(initial="pay-totals", id="pay-views"):
            yield TotalsView()
            yield LedgerView()
            yield RecipientsView()
            yield RatesView()
        yield Static("", id="pay-status")
        yield WardFooter()

    def on_mount(self) -> None:
        self.view.table.focus()

    @property
    def view(self) -> PaymentsView:
        """The view shown."""
        switcher = self.query_one(ContentSwitcher)
        return self.query_one(f"#{switcher.current}", PaymentsView)

    def reload(self) -> None:
        self.view.reload()  # the others read when they are shown

    def show_view(self, view: PaymentsView) -> None:
        self.query_one(ContentSwitcher).current = view.id
        view.table.focus()
        self._show_said(view)

    def action_show(self, view_id: str) -> None:
        view = self.query_one(f"#{view_id}", PaymentsView)
        if isinstance(view, RecipientsView):
            view.mask.hide_all(view.table)  # names shown last time are not shown again by going back
        self.show_view(view)
        view.reload()

    def action_show_ledger(self) -> None:
        """The ledger of the total under the cursor, or the whole ledger from another view."""
        if isinstance(self.view, TotalsView):
            self.view.open_ledger()
        else:
            self.open_ledger(LedgerFilter(title="전체 지급 내역"))

    def open_ledger(self, which: LedgerFilter) -> None:
        ledger = self.query_one(LedgerView)
        self.show_view(ledger)
        ledger.open(which)

    @on(PaymentsView.OpenLedger)
    def _open_ledger(self, event: PaymentsView.OpenLedger) -> None:
        self.open_ledger(event.which)

    @on(PaymentsView.Said)
    def _said(self, event: PaymentsView.Said) -> None:
        if event.view is self.view:
            self._show_said(event.view)

    def _show_said(self, view: PaymentsView) -> None:
        # One line each, always: updated without a layout of the whole screen.
        self.query_one("#pay-title", Static).update(view.title_text, layout=False)
        self.query_one("#pay-status", Static).update(view.status_text, layout=False)

    @on(TotalsView.BudgetRead)
    def _budget_read(self, event: TotalsView.BudgetRead) -> None:
        self.query_one("#pay-budget", Static).update(event.text)

    def action_run(self) -> None:
        from wardtui.screens.payment_run import PaymentRunScreen

        chosen = self.view.current() if isinstance(self.view, TotalsView) else None
        self.app.push_screen(PaymentRunScreen(program_id=chosen.program_id if chosen is not None else None))

    def show_target(self, key: str | None) -> None:
        """Open a payment run for ``code:period`` (the home dashboard jumps here)."""
        code, _, period = (key or "").partition(":")
        self.open_run(code, period or None)

    @db_work(group="payments-target")
    def open_run(self, code: str, period: str | None) -> None:
        from wardtui.db.payments.programs import programs

        program_id = next((p.id for p in programs(self.db) if p.code == code), None)
        if program_id is not None:
            self.app.call_from_thread(self._open_run, program_id, period)

    def _open_run(self, program_id: int, period: str | None) -> None:
        from wardtui.screens.payment_run import PaymentRunScreen

        if self.app.screen is self:  # the user may have gone elsewhere while the programmes were read
            self.app.push_screen(PaymentRunScreen(program_id=program_id, period=period))
