"""The ledger view: payments newest first, a page at a time, found by key (never OFFSET)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from wardtui.core.money import format_won
from wardtui.screens.base import FailureWords, db_work
from wardtui.db.payments.ledger import LEDGER_PAGE, LedgerPage
from wardtui.screens.payments.view import LedgerFilter, NameMask, PaymentsView, right

if TYPE_CHECKING:
    from wardtui.db.payments.ledger import LedgerRow

REVERSE_FAILED = FailureWords("정정하지 않았습니다", "정정하지 않았습니다. 아무것도 기록하지 않았습니다")


class LedgerView(PaymentsView):
    """The payments of one total or one person; ``x`` corrects one with a 환수 row."""

    COLUMNS = (("이름", "name"), ("사업", "program"), ("기간", "period"), ("금액", "amount"),
               ("지급일", "paid_on"), ("상태", "state"))
    BINDINGS = [
        Binding("r", "reveal", "이름 보기", id="payments.ledger.reveal"),
        Binding("x", "reverse", "정정(환수)", id="payments.reverse"),
        Binding("right_square_bracket", "page(1)", "다음 쪽", id="payments.next_page", key_display="]", show=False),
        Binding("left_square_bracket", "page(-1)", "이전 쪽", id="payments.prev_page", key_display="[", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="pay-ledger")
        self.which = LedgerFilter()
        self.page = LedgerPage()
        self.page_keys = 0  # ] and [ pressed while a page was on its way: each turns one more
        self.page_loading = False
        self.mask = NameMask()
        self.rows: dict[str, LedgerRow] = {}

    def open(self, which: LedgerFilter) -> None:
        self.which, self.page, self.page_keys = which, LedgerPage(), 0
        self.mask.hide_all(self.table)
        self.reload()

    def reload(self) -> None:
        self.generation += 1
        self.page_loading = True
        self.load(self.generation, self.which, self.page.index, self.page.anchor)

    @db_work(group="payments-ledger")
    def load(self, generation: int, which: LedgerFilter, index: int, anchor: tuple[str, str] | None) -> None:
        from wardtui.db.payments.ledger import ledger_page_at

        page, rows, count = ledger_page_at(self.db, program_id=which.program_id, period=which.period,
                                           recipient_id=which.recipient_id, index=index, anchor=anchor)
        self.app.call_from_thread(self.show, generation, which, page, rows, count)

    def show(self, generation: int, which: LedgerFilter, page: LedgerPage, rows: list[LedgerRow], count: int) -> None:
        if generation != self.generation:
            return
        self.page, self.page_loading = page, False
        pages = max(1, -(-count // LEDGER_PAGE), page.index + 1)
        self.mask.names = {r.id: r.name or "-" for r in rows}
        self.rows = {r.id: r for r in rows}
        self.fill([(r.id, (self.mask.shown(r.id), r.program, r.period, right(format_won(r.amount_won)),
                           r.paid_on.isoformat(), r.state)) for r in rows])
        self.say(title=f"지급 내역: {which.title} ({page.index + 1}/{pages}쪽, {count:,}건)",
                 status="r 이름 보기 · x 정정 · ] 다음 쪽 · [ 이전 쪽 · Esc 합계로")
        if self.page_keys:
            step = 1 if self.page_keys > 0 else -1
            self.page_keys -= step
            if not self._turn_page(step):
                self.page_keys = 0

    def work_failed(self, name: str, message: str) -> None:
        self.page_loading, self.page_keys = False, 0
        if name == "write":
            self.reload()  # show what is stored now
        super().work_failed(name, message)

    def action_page(self, step: int) -> None:
        if self.page_loading:  # the page this key turns from is not shown yet
            self.page_keys += step
            return
        self._turn_page(step)

    def _turn_page(self, step: int) -> bool:
        page = self.page
        if step > 0 and page.has_next and page.last_id is not None:
            self.page = LedgerPage(page.index + 1, anchor=("before", page.last_id))
        elif step < 0 and page.index > 0 and page.first_id is not None:
            back = page.index - 1
            self.page = LedgerPage(back, anchor=("after", page.first_id) if back else None)
        else:
            return False
        self.reload()
        return True

    def action_reveal(self) -> None:
        self.mask.toggle(self.table)

    def action_reverse(self) -> None:
        """Correct the payment under the cursor with a 환수 row (never an edit or a delete)."""
        row = self.rows.get(self.current_key() or "")
        if row is None:
            self.notify("지급 내역(l)에서 정정할 지급을 고르십시오", title="정정")
            return
        if row.state != "지급":
            self.notify(f"이 행은 '{row.state}' 상태라 정정할 수 없습니다", title="정정", severity="warning")
            return
        from wardtui.widgets.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.reverse(row.id)

        self.app.push_screen(ConfirmScreen(
            f"{row.program} {row.period} {self.mask.shown(row.id)} {format_won(row.amount_won)}\n"
            f"이 지급을 정정할까요? 환수 {format_won(-row.amount_won)} 행을 더합니다.",
            yes="정정 (y)", no="취소 (n)",
        ), answered)

    def reverse(self, payment_id: str) -> None:
        from wardtui.db.payments.paying import reverse_payment

        def done(_: object) -> None:
            self.notify("환수 행을 더했습니다", title="정정했습니다")
            self.reload()

        self.write(lambda db: reverse_payment(db, payment_id, on=self.today), done, failure=REVERSE_FAILED)
