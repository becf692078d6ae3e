"""Section 1: facility lookup — every 동주민센터 and 자치회관, searchable as you type."""

from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from wardtui.core.dates import age_label, format_date
from wardtui.core.money import format_area
from wardtui.db.facilities import SHOWN_ROWS, FacilityRow, FacilityTotals, count_facilities, page_facilities, totals
from wardtui.screens.base import WardScreen, db_work
from wardtui.widgets.footer import WardFooter
from wardtui.widgets.line_table import Column, LineTable
from wardtui.widgets.search_list import SearchListMixin

TOTAL_KEY = "total"
#: How long a keystroke holds this screen's next frame for its results (seconds).
ANSWER_WAIT = 0.1
COLUMNS = (
    Column("동명", "name"),
    Column("소재지", "address"),
    Column("대지(㎡)", "land", "right"),
    Column("건물(㎡)", "building", "right"),
    Column("층수", "floors"),
    Column("준공일", "completed"),
    Column("경과연수", "age", "right"),
)


def _area(hundredths: int | None) -> str:
    return "-" if hundredths is None else format_area(hundredths)  # its column aligns it right


class FacilitiesScreen(SearchListMixin, WardScreen[None]):
    """The facility table with its 계 row, and a search box over name and address."""

    SEARCH_ID = "facility-search"
    TABLE_ID = "facility-table"
    CSS_PATH = "facilities.tcss"
    STATUS_ID = "facility-count"
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
        self._answered = asyncio.Event()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ 검색: 동명·주소 (초성 가능, 예: ㅅㄱ4)", id="facility-search")
        yield LineTable(COLUMNS, fixed_columns=1, id="facility-table")
        yield Static("", id="facility-count")
        yield WardFooter()

    def on_mount(self) -> None:
        self.query_one("#facility-table", LineTable).focus()

    def first_load(self) -> None:
        if not self.db.dialect.reads_are_local:
            self.reload()
            return
        # The first page of the whole list walks an index (~1 ms on SQLite even at 100,000
        # rows): fetched here, it is in the first frame instead of a worker round trip later.
        try:
            rows = page_facilities(self.db, "", limit=SHOWN_ROWS)
        except Exception as exc:  # noqa: BLE001 - told as a worker's failure would be
            self.report_failure("first_load", exc)
            return
        self.show("", rows)

    def reload(self) -> None:
        self.load(self.query_one("#facility-search", Input).value)

    @db_work(group="facility-search")
    def load(self, query: str) -> None:
        """The first page, painted at once; the count and sums follow after that frame."""
        rows = page_facilities(self.db, query, limit=SHOWN_ROWS)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, query, rows)

    @db_work(group="facility-count")
    def load_count(self, query: str) -> None:
        count, sums = count_facilities(self.db, query)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_count, query, count, sums)

    def work_failed(self, name: str, message: str) -> None:
        super().work_failed(name, message)
        self._answered.set()  # a keystroke waiting for its answer need not wait longer

    def show(self, query: str, rows: list[FacilityRow]) -> None:
        """Fill the table with the first rows; a full page's count and sums follow the frame."""
        if query != self.query_one("#facility-search", Input).value:
            return  # an older keystroke's answer arriving late
        self._answered.set()
        counted = (len(rows), totals(rows)) if len(rows) < SHOWN_ROWS else None
        if counted is None:  # counted after this frame is painted, not competing with it
            self.call_after_refresh(self.load_count, query)
        self.rows = rows
        today = self.today
        table = self.query_one("#facility-table", LineTable)
        lines: list[tuple[str, tuple[Any, ...]]] = []
        if not query.strip() and (counted is None or counted[1].count):  # the report's 계 row heads the list
            lines.append((TOTAL_KEY, self._total_cells(counted[1] if counted else None)))
        for row in rows:
            lines.append((str(row.id), (
                row.name,
                row.address,
                _area(row.land_m2_x100),
                _area(row.building_m2_x100),
                row.floors_label,
                format_date(row.completed_on) if row.completed_on else "",
                age_label(row.completed_on, today),
            )))
        # Stay on the facility the user had; else land on the first facility, not the 계 row.
        selected = table.cursor_key
        if selected is None or selected not in {key for key, _ in lines}:
            selected = str(rows[0].id) if rows else TOTAL_KEY
        table.set_rows(lines, cursor_key=selected)
        self.shown_query = query
        self.match_count = counted[0] if counted else None
        self._show_status(query, counted[1] if counted else None)

    def show_count(self, query: str, count: int, sums: FacilityTotals) -> None:
        """The count and sums of a query whose first rows are already shown."""
        if query != self.shown_query or query != self.query_one("#facility-search", Input).value:
            return
        self.match_count = count
        table = self.query_one("#facility-table", LineTable)
        if TOTAL_KEY in table:
            table.update_row(TOTAL_KEY, self._total_cells(sums))
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
            text = f"'{query}' 검색 결과 {found}{sums} · Enter 상세 · Esc 지우기"
        else:
            text = f"시설 {found} · / 검색 · Enter 상세"
        count.update(Text(text), layout=False)  # one line, always: no layout of the screen per keystroke

    @on(Input.Changed, "#facility-search")
    async def _search_changed(self, event: Input.Changed) -> None:
        """Look the query up in a thread, and hold this screen's next frame for the answer.

        The event loop stays free while the query runs; only this screen's messages wait, so
        the typed character and its results are painted in the same frame. Without the wait
        the results miss the frame that echoes the key, and Textual paints the next one 17–33 ms
        later. A slow answer (more than ANSWER_WAIT) is painted when it comes.
        """
        self._answered.clear()
        self.load(event.value)
        with suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._answered.wait(), ANSWER_WAIT)

    @on(Input.Submitted, "#facility-search")
    def _search_submitted(self) -> None:
        if self.match_count == 1:
            self.open_facility(self.rows[0].id)
        else:
            self.query_one("#facility-table", LineTable).focus()

    @on(LineTable.RowSelected, "#facility-table")
    def _row_selected(self, event: LineTable.RowSelected) -> None:
        if event.key != TOTAL_KEY:
            self.open_facility(int(event.key))

    def open_facility(self, facility_id: int) -> None:
        from wardtui.screens.facility_detail import FacilityDetailScreen

        self.app.push_screen(FacilityDetailScreen(facility_id))
