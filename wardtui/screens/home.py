"""Home: what is due next across the app, nearest first; Enter jumps to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from wardtui.core.dates import dday_label, format_date, weekday_ko
from wardtui.screens.base import WardScreen, db_work
from wardtui.widgets.footer import WardFooter
from wardtui.widgets.tables import fill_table

if TYPE_CHECKING:
    from wardtui.core.audit import Finding
    from wardtui.db.due import DueItem, DueList

COLUMNS = (("D-day", "dday"), ("날짜", "date"), ("구분", "section"), ("할 일 · 관련", "title"))
DAYS = 90
LIMIT = 200


class HomeScreen(WardScreen[None]):
    """The dashboard the app opens on: election deadlines, project milestones, payments."""

    CSS_PATH = "home.tcss"
    STATUS_ID = "home-summary"
    HELP_EXTRA_KEYS = [("enter", "그 항목의 화면으로 이동")]
    BINDINGS = [
        Binding("r", "reload", "새로 고침", id="home.reload"),
        Binding("a", "app.audit", "보고서 점검", id="home.audit"),
    ]

    def __init__(self) -> None:
        super().__init__(id="home-screen")
        self.items: list[DueItem] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("불러오는 중…", id="home-summary")
        yield Static("", id="home-audit")
        yield DataTable(id="home-table", cursor_type="row", zebra_stripes=True)
        yield Static("Enter 해당 화면으로 · 1 시설 · 2 사업 · 3 수당 · 4 선거", id="home-hint")
        yield WardFooter()

    def on_mount(self) -> None:
        self.query_one("#home-table", DataTable).focus()

    def reload(self) -> None:
        self.load()

    @db_work(group="home-due")
    def load(self) -> None:
        from wardtui.db.due import due

        found = due(self.db, self.today, days=DAYS, limit=LIMIT)
        self.app.call_from_thread(self.show, found)
        from wardtui.db.audit import audit

        self.app.call_from_thread(self.show_audit, audit(self.db))

    def show_audit(self, findings: list[Finding]) -> None:
        """One line: how many of the report's figures disagree (a opens the audit)."""
        from wardtui.core.audit import DISAGREE, NOTE

        wrong = sum(1 for f in findings if f.level == DISAGREE)
        notes = sum(1 for f in findings if f.level == NOTE)
        line = Text.assemble(("보고서 점검", "bold"), ": ", (f"{wrong}건 불일치", "bold red" if wrong else "green"),
                             f" · 참고 {notes}건 (점검 {len(findings)}건)", ("  a 보기", "dim"))
        self.query_one("#home-audit", Static).update(line)

    def show(self, found: DueList) -> None:
        from wardtui.db.due import SECTION_LABELS

        today = self.today
        self.items = found.items
        counts = " · ".join(f"{label} {found.counts.get(s, 0)}" for s, label in SECTION_LABELS.items())
        shown = f" (가까운 {len(found.items)}건 표시)" if len(found.items) < found.total else ""
        summary = Text.assemble(
            ("다가오는 기한", "bold"),
            f"  {format_date(today)}부터 {found.days}일 안: {found.total}건 — {counts}{shown}",
        )
        for warning in found.warnings:
            summary.append("\n" + warning, style="bold red")
        self.query_one("#home-summary", Static).update(summary)
        table = self.query_one("#home-table", DataTable)
        selected = table.cursor_row if table.row_count else 0
        rows = []
        for item in found.items:
            style = "bold" if item.days_left(today) <= 7 else ""
            rows.append([
                Text(dday_label(item.day, today), style=style),
                Text(f"{format_date(item.day)}({weekday_ko(item.day)})"),
                Text(item.section_label),
                Text.assemble((item.title, style), (f" · {item.detail}" if item.detail else "", "dim")),
            ])
        fill_table(table, COLUMNS, rows)
        if not found.items:
            self.query_one("#home-summary", Static).update(
                Text.assemble(("다가오는 기한", "bold"), f"  {found.days}일 안에 할 일이 없습니다.")
            )
        elif table.row_count:
            table.move_cursor(row=min(selected, table.row_count - 1), animate=False)

    @on(DataTable.RowSelected, "#home-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        index = int(event.row_key.value or 0)
        if 0 <= index < len(self.items):
            self.open_item(self.items[index])

    def open_item(self, item: DueItem) -> None:
        """Switch to the item's section; a section that can show the item itself is told which."""
        self.app.switch_mode(item.section)

        def point() -> None:
            if isinstance(self.app.screen, WardScreen):
                self.app.screen.show_target(item.target)

        self.app.call_after_refresh(point)

    def action_reload(self) -> None:
        self.load()
