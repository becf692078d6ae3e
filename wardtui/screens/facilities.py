"""Section 1: facility lookup — every 동주민센터 and 자치회관, searchable as you type."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from wardtui.widgets.search_list import SearchListMixin
from wardtui.core.dates import format_date, years_elapsed
from wardtui.core.money import format_area
from wardtui.db.facilities import SHOWN_ROWS, FacilityRow, FacilityTotals, count_facilities, page_facilities, totals

TOTAL_KEY = "total"
COLUMNS = (
    ("동명", "name"),
    ("소재지", "address"),
    ("대지(㎡)", "land"),
    ("건물(㎡)", "building"),
    ("층수", "floors"),
    ("준공일", "completed"),
    ("경과연수", "age"),
)


def _area(hundredths: int | None) -> Text:
    return Text("-" if hundredths is None else format_area(hundredths), justify="right")


class FacilitiesScreen(SearchListMixin, Screen[None]):
    """The facility table with its 계 row, and a search box over name and address."""

    SEARCH_ID = "facility-search"
    TABLE_ID = "facility-table"
    CSS_PATH = "facilities.tcss"
    HELP_EXTRA_KEYS = [("enter", "시설 상세 보기"), ("down", "검색창에서 목록으로")]
    BINDINGS = [
        *SearchListMixin.search_bindings("facilities"),
    ]

    def __init__(self) -> None:
        super().__init__(id="facilities-screen")
        self.rows: list[FacilityRow] = []
        self.match_count: int | None = 0  # None while a full page's count is pending
        #: The query whose answer the table shows (None before the first one arrives).
        self.shown_query: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ 검색: 동명·주소 (초성 가능, 예: ㅅㄱ4)", id="facility-search")
        yield DataTable(id="facility-table", cursor_type="row", zebra_stripes=True, fixed_columns=1)
        yield Static("", id="facility-count")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#facility-table", DataTable)
        for label, key in COLUMNS:
            table.add_column(label, key=key)
        table.focus()
        db = self.app.db  # type: ignore[attr-defined]
        if db.dialect != "sqlite":
            self.load("")
            return
        # The first page of the whole list walks an index (~1 ms on SQLite even at 100,000
        # rows): fetched here, it is in the first frame instead of a worker round trip later.
        rows = page_facilities(db, "", limit=SHOWN_ROWS)
        counted = (len(rows), totals(rows)) if len(rows) < SHOWN_ROWS else None
        self.show("", rows, counted)
        if counted is None:  # after the first frame, not competing with it
            self.call_after_refresh(self.load_count, "")

    def on_ward_app_data_changed(self) -> None:
        self.load(self.query_one("#facility-search", Input).value)  # another desk wrote

    @work(thread=True, exclusive=True, group="facility-search")
    def load(self, query: str) -> None:
        """Page first, painted at once; the count and sums follow when the page is full."""
        if query != self.query_one("#facility-search", Input).value:
            return  # typed over before this worker started
        db = self.app.db  # type: ignore[attr-defined]
        rows = page_facilities(db, query, limit=SHOWN_ROWS)
        counted = (len(rows), totals(rows)) if len(rows) < SHOWN_ROWS else None
        self.app.call_from_thread(self.show, query, rows, counted)
        if counted is not None or get_current_worker().is_cancelled:
            return
        self._count(query)

    @work(thread=True, exclusive=True, group="facility-search")
    def load_count(self, query: str) -> None:
        self._count(query)

    def _count(self, query: str) -> None:
        count, sums = count_facilities(self.app.db, query)  # type: ignore[attr-defined]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_count, query, count, sums)

    def show(self, query: str, rows: list[FacilityRow], counted: tuple[int, FacilityTotals] | None) -> None:
        """Fill the table with the first rows; ``counted`` is None while the count is pending."""
        if query != self.query_one("#facility-search", Input).value:
            return  # an older keystroke's answer arriving late
        self.rows = rows
        today = self.app.today  # type: ignore[attr-defined]
        table = self.query_one("#facility-table", DataTable)
        selected = self._selected_key()
        table.clear()
        if not query.strip() and (counted is None or counted[1].count):  # the report's 계 row heads the list
            table.add_row(*self._total_cells(counted[1] if counted else None), key=TOTAL_KEY)
        for row in rows:
            table.add_row(
                row.name,
                row.address,
                _area(row.land_m2_x100),
                _area(row.building_m2_x100),
                row.floors_label,
                format_date(row.completed_on) if row.completed_on else "",
                Text(f"{years_elapsed(row.completed_on, today)}년", justify="right") if row.completed_on else "",
                key=str(row.id),
            )
        self._restore_cursor(selected)
        self.shown_query = query
        self.match_count = counted[0] if counted else None
        self._show_status(query, counted[1] if counted else None)

    def show_count(self, query: str, count: int, sums: FacilityTotals) -> None:
        """The count and sums of a query whose first rows are already shown."""
        if query != self.shown_query or query != self.query_one("#facility-search", Input).value:
            return
        self.match_count = count
        table = self.query_one("#facility-table", DataTable)
        if TOTAL_KEY in table.rows:
            for (_, column), cell in zip(COLUMNS, self._total_cells(sums)):
                table.update_cell(TOTAL_KEY, column, cell)
        self._show_status(query, sums)

    @staticmethod
    def _total_cells(total: FacilityTotals | None) -> tuple[Any, ...]:
        if total is None:
            return (Text("계 (세는 중…)", style="bold"), "", "", "", "", "", "")
        return (
            Text(f"계 ({total.count:,}곳)", style="bold"),
            "",
            Text(format_area(total.land_m2_x100), style="bold", justify="right"),
            Text(format_area(total.building_m2_x100), style="bold", justify="right"),
            "",
            "",
            "",
        )

    def _show_status(self, query: str, total: FacilityTotals | None) -> None:
        count = self.query_one("#facility-count", Static)
        if self.match_count is None:
            found = f"{SHOWN_ROWS:,}곳 이상 (세는 중…)"
        elif self.match_count > len(self.rows):
            found = f"{self.match_count:,}곳 (앞 {len(self.rows):,}곳 표시)"
        else:
            found = f"{self.match_count:,}곳"
        if query.strip():
            sums = (
                f" · 대지 {format_area(total.land_m2_x100)}㎡ · 건물 {format_area(total.building_m2_x100)}㎡"
                if total is not None and total.count > 1
                else ""
            )
            count.update(f"'{query}' 검색 결과 {found}{sums} · Enter 상세 · Esc 지우기")
        else:
            count.update(f"시설 {found} · / 검색 · Enter 상세")

    def _selected_key(self) -> str | None:
        table = self.query_one("#facility-table", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _restore_cursor(self, key: str | None) -> None:
        table = self.query_one("#facility-table", DataTable)
        if table.row_count == 0:
            return
        # Land on the first facility rather than the 계 row unless the user had it.
        target = key if key is not None and key in table.rows else None
        if target is None:
            target = str(self.rows[0].id) if self.rows else TOTAL_KEY
        table.move_cursor(row=table.get_row_index(target), animate=False)

    @on(Input.Changed, "#facility-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.load(event.value)

    @on(Input.Submitted, "#facility-search")
    def _search_submitted(self) -> None:
        if self.match_count == 1:
            self.open_facility(self.rows[0].id)
        else:
            self.query_one("#facility-table", DataTable).focus()

    @on(DataTable.RowSelected, "#facility-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value not in (None, TOTAL_KEY):
            self.open_facility(int(event.row_key.value))

    def open_facility(self, facility_id: int) -> None:
        from wardtui.screens.facility_detail import FacilityDetailScreen

        self.app.push_screen(FacilityDetailScreen(facility_id))
