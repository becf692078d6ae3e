"""A payment run: pick a programme and a period, see who is eligible and how much, confirm.

The run is written in one transaction; the database still refuses anyone already paid
for that programme and period (someone else may have paid them meanwhile).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input, Select, Static

from wardtui.core.money import format_won
from wardtui.core.payments import mask_name
from wardtui.screens.base import FailureWords, WardScreen, db_work
from wardtui.widgets.footer import WardFooter

DEFAULT_PROGRAM_CODE = "tong_activity"


def default_period(cadence: str, today: Any) -> str:
    """A sensible first period for the cadence, counted from today."""
    if cadence == "monthly":
        return f"{today.year:04d}-{today.month:02d}"
    if cadence == "half_year":
        return f"{today.year:04d}-{'상반기' if today.month <= 6 else '하반기'}"
    if cadence == "holiday":
        return f"{today.year + (today.month >= 10):04d}-{'설' if today.month >= 10 or today.month <= 2 else '추석'}"
    return f"{today.year:04d}"


PROGRAMS_FAILED = FailureWords("지급 실행", "사업을 불러오지 못했습니다")
PLAN_FAILED = FailureWords("지급 실행", "대상자를 불러오지 못했습니다")
RUN_FAILED = FailureWords("지급하지 않았습니다", "지급하지 않았습니다. 아무것도 기록하지 않았습니다")


class PaymentRunScreen(WardScreen[None]):
    """Eligible recipients × the unit rate valid on the period's reference day."""

    CSS_PATH = "payment_run.tcss"
    STATUS_ID = "run-summary"
    BINDINGS = [
        Binding("ctrl+s", "confirm", "지급 확정", id="run.confirm", priority=True),
        Binding("r", "reveal", "이름 보기", id="run.reveal"),
        Binding("escape", "back", "돌아가기", id="run.back"),
    ]

    def __init__(self, program_id: int | None = None, period: str | None = None) -> None:
        super().__init__(id="payment-run-screen")
        self.initial_program = program_id
        self.initial_period = period
        self.programs: dict[int, Any] = {}
        self.plan: Any = None
        self.revealed: set[str] = set()
        self.busy = False
        self.requested: tuple[int, str] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("지급 실행: 사업과 기간을 고르면 대상자와 금액이 나옵니다", id="run-title")
        with Horizontal(id="run-form"):
            yield Select([], prompt="사업", allow_blank=True, id="run-program")
            yield Input(placeholder="기간 (예: 2021-03, 2021-설, 2021-상반기)", id="run-period")
        yield Static("", id="run-summary")
        yield DataTable(id="run-table", cursor_type="row", zebra_stripes=True)
        yield WardFooter()

    def on_mount(self) -> None:
        table = self.query_one("#run-table", DataTable)
        # Fixed widths: rows arrive later, and auto-sized columns would widen a frame after them.
        for label, key, width in (("번호", "id", 6), ("이름", "name", 10), ("역할", "role", 8),
                                  ("소속", "place", 24), ("금액", "amount", 14)):
            table.add_column(label, key=key, width=width)

    def reload(self) -> None:
        if self.programs:
            self.refresh_plan(force=True)  # who is due may have changed
        else:
            self.load_programs()

    @db_work(group="run-programs", failure=PROGRAMS_FAILED)
    def load_programs(self) -> None:
        from wardtui.db.payments.programs import programs

        self.app.call_from_thread(self.show_programs, programs(self.db))

    def show_programs(self, found: list[Any]) -> None:
        self.programs = {p.id: p for p in found}
        select = self.query_one("#run-program", Select)
        select.set_options([(f"{p.name} ({p.recipient_role})", p.id) for p in found])
        chosen = self.initial_program
        if chosen not in self.programs:
            chosen = next((p.id for p in found if p.code == DEFAULT_PROGRAM_CODE), found[0].id if found else None)
        if chosen is None:
            return
        period = self.query_one("#run-period", Input)
        with self.prevent(Input.Changed, Select.Changed):
            select.value = chosen
            period.value = self.initial_period or default_period(self.programs[chosen].cadence, self.today)
        self.refresh_plan()
        period.focus()

    # -- the plan ----------------------------------------------------------------------
    @on(Select.Changed, "#run-program")
    def _program_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, int) and event.value in self.programs:
            period = self.query_one("#run-period", Input)
            with self.prevent(Input.Changed):
                period.value = default_period(self.programs[event.value].cadence, self.today)
        self.refresh_plan()

    @on(Input.Changed, "#run-period")
    def _period_changed(self) -> None:
        self.refresh_plan()

    @on(Input.Submitted, "#run-period")
    def _period_submitted(self) -> None:
        self.query_one("#run-table", DataTable).focus()

    def refresh_plan(self, *, force: bool = False) -> None:
        program_id = self.query_one("#run-program", Select).value
        period = self.query_one("#run-period", Input).value
        if not isinstance(program_id, int) or program_id not in self.programs:
            return
        if not force and (program_id, period) == self.requested:
            return  # the same question is already asked (a Select echo, say)
        self.requested = (program_id, period)
        self.load_plan(self.programs[program_id], period)

    @db_work(group="run-plan", failure=PLAN_FAILED)
    def load_plan(self, program: Any, period: str) -> None:
        from wardtui.db.payments.runs import plan_run
        from wardtui.errors import StorageError, WardError

        key = (program.id, period)
        try:
            plan = plan_run(self.db, program, period)
        except WardError as exc:
            if isinstance(exc, StorageError):
                raise  # the app's one handler says it
            self.app.call_from_thread(self.show_plan, key, None, exc.message)  # a wrong period: said in the summary
            return
        self.app.call_from_thread(self.show_plan, key, plan, "")

    def show_plan(self, key: tuple[int, str], plan: Any, problem: str) -> None:
        if key != self.requested:
            return  # an older question's answer arriving late
        table = self.query_one("#run-table", DataTable)
        # The same question asked again (another desk wrote): the cursor and the names shown stay.
        same = self.plan is not None and plan is not None and (self.plan.program.id, self.plan.period.code) == (
            plan.program.id, plan.period.code)
        cursor = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value if same and table.row_count else None
        if not same:
            self.revealed.clear()
        self.plan = plan
        table.clear()
        summary = self.query_one("#run-summary", Static)
        if plan is None:
            summary.update(Text(problem, style="bold red"))
            return
        unit = plan.unit_amount_won
        for r in plan.recipients:
            name = r.name if str(r.id) in self.revealed else mask_name(r.name)
            # Text, not str: a DataTable reads a plain string as markup, and these are what people typed.
            table.add_row(Text(str(r.id), justify="right"), Text(name), Text(r.role), Text(r.place),
                          Text(format_won(unit) if plan.rate else "-", justify="right"), key=str(r.id))
        if cursor is not None and cursor in table.rows:
            table.move_cursor(row=table.get_row_index(cursor), animate=False)
        paid = f" · 이미 지급 {plan.already_paid:,}명" if plan.already_paid else ""
        if plan.rate is None:
            summary.update(Text(
                f"{plan.reference_day.isoformat()}에 유효한 단가가 없습니다 (wardtui rates set) · 대상자 {len(plan.recipients):,}명{paid}",
                style="bold red",
            ))
            return
        summary.update(Text(
            f"기준일 {plan.reference_day.isoformat()} · 대상자 {len(plan.recipients):,}명 × {format_won(unit)} "
            f"= 합계 {format_won(plan.total_won)}{paid} · Ctrl+S 확정"
        ))

    # -- actions -----------------------------------------------------------------------
    def action_reveal(self) -> None:
        table = self.query_one("#run-table", DataTable)
        if self.plan is None or table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        person = next((r for r in self.plan.recipients if str(r.id) == key), None)
        if person is None:
            return
        self.revealed ^= {key}
        table.update_cell(key, "name", Text(person.name if key in self.revealed else mask_name(person.name)))

    def action_confirm(self) -> None:
        plan = self.plan
        if self.busy:
            return
        if plan is None or plan.rate is None or not plan.recipients:
            self.notify("지급할 대상자나 단가가 없습니다", title="지급 실행", severity="warning")
            return
        from wardtui.widgets.confirm import ConfirmScreen

        question = (
            f"{plan.program.name} {plan.period.code}\n{len(plan.recipients):,}명 × {format_won(plan.unit_amount_won)}"
            f" = {format_won(plan.total_won)}\n지급할까요? (한 번에 기록합니다)"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.busy = True
                self.write_run(plan)

        self.app.push_screen(ConfirmScreen(question, yes="지급 (y)", no="취소 (n)"), answered)

    def write_run(self, plan: Any) -> None:
        from wardtui.db.payments.runs import execute_run

        self.write(lambda db: execute_run(db, plan, paid_on=self.today), self._written, failure=RUN_FAILED)

    def _written(self, result: Any) -> None:
        self.busy = False
        self.notify(f"{result.program} {result.period}: {result.headcount:,}명, {format_won(result.amount_won)}",
                    title="지급했습니다")
        self.refresh_plan(force=True)

    def work_failed(self, name: str, message: str) -> None:
        if name == "write":
            self.busy = False
            self.refresh_plan(force=True)  # what the plan offers now
            return
        if name == "load_plan":
            self.plan = None
            self.query_one("#run-table", DataTable).clear()
        super().work_failed(name, message)

    def action_back(self) -> None:
        if self.busy:  # the run is being written: its answer belongs on this screen
            self.notify("지급을 기록하는 중입니다. 끝나면 돌아갈 수 있습니다.", title="지급 실행")
            return
        self.app.pop_screen()
