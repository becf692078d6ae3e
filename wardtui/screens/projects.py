"""Section 2: projects — budget, executed amount and the execution rate, by year."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from wardtui.widgets.search_list import SearchListMixin
from wardtui.core.money import format_rate, format_thousand
from wardtui.db.projects import ProjectRow, search_projects
from wardtui.widgets.footer import WardFooter

#: The year filter cycles through these (None: every year).
YEARS: tuple[int | None, ...] = (None, 2020, 2021)
BAR_WIDTH = 5
#: (label, key, width): fixed widths keep the rate bar on screen at 80 columns.
COLUMNS = (
    ("사업명", "name", 24),
    ("연도", "year", 4),
    ("상태", "status", 4),
    ("예산(천원)", "budget", 10),
    ("집행(천원)", "executed", 10),
    ("집행률", "rate", 12),
)


def rate_bar(rate: Decimal | None, width: int = BAR_WIDTH) -> Text:
    """'███████░░░  72.4%' (the bar is capped at 100%; the number is not)."""
    if rate is None:
        return Text("—".rjust(width + 7), style="dim")
    filled = min(width, int(rate * width / 100)) if rate > 0 else 0
    style = "green" if rate >= 90 else "yellow" if rate >= 50 else "red"
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "dim"), " ", format_rate(rate).rjust(6))


def year_label(year: int | None) -> str:
    return "전체" if year is None else str(year)


class ReloadOnReturn:
    """A screen that reads its data on mount, and again whenever it is shown after being away
    (a detail closed, another section left): execution logged meanwhile changes the figures.

    Textual sends a new mode's screen ScreenResume twice on its first show, while the read
    started on mount is still under way; only a resume that follows a suspend reloads.
    """

    _away = False

    def reload(self) -> None:
        raise NotImplementedError

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self) -> None:
        if self._away:
            self._away = False
            self.reload()


class ProjectsScreen(ReloadOnReturn, SearchListMixin, Screen[None]):
    """The project list with a year filter and a search box over the names."""

    SEARCH_ID = "project-search"
    TABLE_ID = "project-table"
    CSS_PATH = "projects.tcss"
    HELP_EXTRA_KEYS = [("enter", "사업 상세 보기"), ("down", "검색창에서 목록으로")]
    BINDINGS = [
        *SearchListMixin.search_bindings("projects"),
        Binding("y", "cycle_year", "연도", id="projects.year"),
        Binding("b", "budget", "예산 현황", id="projects.budget"),
    ]

    def __init__(self) -> None:
        super().__init__(id="projects-screen")
        self.rows: list[ProjectRow] = []
        self.year: int | None = None
        self.load_count = 0  # reads of the list so far: a first show reads once (tests check it)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ 검색: 사업명 (초성 가능, 예: ㅌㅂ)", id="project-search")
        yield DataTable(id="project-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="project-count")
        yield WardFooter()

    def on_mount(self) -> None:
        table = self.query_one("#project-table", DataTable)
        for label, key, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        table.focus()
        self.reload()

    def on_ward_app_data_changed(self) -> None:
        self.reload()  # another desk wrote

    def reload(self) -> None:
        self.load(self.query_one("#project-search", Input).value, self.year)

    @work(thread=True, exclusive=True, group="project-search")
    def load(self, query: str, year: int | None) -> None:
        self.load_count += 1
        found = search_projects(self.app.db, query, year)  # type: ignore[attr-defined]
        self.app.call_from_thread(self.show, query, year, found.rows, found.total)

    def show(self, query: str, year: int | None, rows: list[ProjectRow], total: int) -> None:
        if query != self.query_one("#project-search", Input).value or year != self.year:
            return  # an older request's answer arriving late
        self.rows = rows
        table = self.query_one("#project-table", DataTable)
        selected = self._selected_key()
        table.clear()
        for p in rows:
            table.add_row(
                p.name,
                str(p.year),
                p.status,
                Text(format_thousand(p.budget_won) if p.budget_won is not None else "-", justify="right"),
                Text(format_thousand(p.executed_won) if p.executed_won is not None else "-", justify="right"),
                rate_bar(p.rate),
                key=str(p.id),
            )
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected), animate=False)
        filters = f"연도 {year_label(year)}" + (f" · '{query}'" if query.strip() else "")
        self.query_one("#project-count", Static).update(
            f"사업 {len(rows)}/{total}개 · {filters} · y 연도 · b 예산 현황 · Enter 상세"
        )

    def _selected_key(self) -> str | None:
        table = self.query_one("#project-table", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @on(Input.Changed, "#project-search")
    def _search_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#project-search")
    def _search_submitted(self) -> None:
        if len(self.rows) == 1:
            self.open_project(self.rows[0].id)
        else:
            self.query_one("#project-table", DataTable).focus()

    @on(DataTable.RowSelected, "#project-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_project(int(event.row_key.value))

    def open_project(self, project_id: int) -> None:
        from wardtui.screens.project_detail import ProjectDetailScreen

        self.app.push_screen(ProjectDetailScreen(project_id))

    def show_target(self, key: str | None) -> None:
        """Open the project with this id (the home dashboard jumps here)."""
        if key is not None and key.isascii() and key.isdigit():
            self.open_project(int(key))

    def action_cycle_year(self) -> None:
        self.year = YEARS[(YEARS.index(self.year) + 1) % len(YEARS)]
        self.reload()

    def action_budget(self) -> None:
        from wardtui.screens.budget import BudgetScreen

        self.app.push_screen(BudgetScreen())
