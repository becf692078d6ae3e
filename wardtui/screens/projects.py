"""Section 2: projects — budget, executed amount and the execution rate, by year."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Input, Static

from wardtui.core.money import format_thousand
from wardtui.db.projects import ProjectRow, search_projects
from wardtui.screens.base import WardScreen, db_work
from wardtui.widgets.footer import WardFooter
from wardtui.widgets.rate_bar import rate_bar
from wardtui.widgets.search_list import SearchListMixin

#: The year filter cycles through these (None: every year).
YEARS: tuple[int | None, ...] = (None, 2020, 2021)
#: (label, key, width): fixed widths keep the rate bar on screen at 80 columns.
COLUMNS = (
    ("사업명", "name", 24),
    ("연도", "year", 4),
    ("상태", "status", 4),
    ("예산(천원)", "budget", 10),
    ("집행(천원)", "executed", 10),
    ("집행률", "rate", 12),
)


def year_label(year: int | None) -> str:
    return "전체" if year is None else str(year)


class ProjectsScreen(SearchListMixin, WardScreen[None]):
    """The project list with a year filter and a search box over the names."""

    SEARCH_ID = "project-search"
    TABLE_ID = "project-table"
    CSS_PATH = "projects.tcss"
    STATUS_ID = "project-count"
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

    def reload(self) -> None:
        self.load(self.query_one("#project-search", Input).value, self.year)

    @db_work(group="project-search")
    def load(self, query: str, year: int | None) -> None:
        self.load_count += 1
        found = search_projects(self.db, query, year)
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
                Text(p.name),  # a DataTable reads a plain string as markup
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
            Text(f"사업 {len(rows)}/{total}개 · {filters} · y 연도 · b 예산 현황 · Enter 상세")
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
