"""One facility: every field, its age, and the vehicles held there."""

from __future__ import annotations

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from wardtui.core.dates import format_date, years_elapsed
from wardtui.core.money import format_area
from wardtui.db.facilities import FacilityRow, VehicleRow, get_facility, vehicles_for


class FacilityDetailScreen(Screen[None]):
    """Pushed over the facility list; Esc goes back with the cursor where it was."""

    CSS_PATH = "facilities.tcss"
    BINDINGS = [Binding("escape", "app.pop_screen", "목록으로", id="facility.back")]

    def __init__(self, facility_id: int) -> None:
        super().__init__(id="facility-detail-screen")
        self.facility_id = facility_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="facility-detail"):
            yield Static("불러오는 중…", id="facility-fields")
            yield Static("", id="vehicle-title", classes="section-title")
            yield DataTable(id="vehicle-table", cursor_type="row", show_cursor=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#vehicle-table", DataTable)
        table.add_columns("구분", "차종", "대수", "용도", "비고")
        table.display = False
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        db = self.app.db  # type: ignore[attr-defined]
        facility = get_facility(db, self.facility_id)
        vehicles = vehicles_for(db, facility) if facility else []
        self.app.call_from_thread(self.show, facility, vehicles)

    def show(self, facility: FacilityRow | None, vehicles: list[VehicleRow]) -> None:
        fields = self.query_one("#facility-fields", Static)
        if facility is None:
            fields.update("이 시설을 찾을 수 없습니다 (삭제되었을 수 있습니다). Esc: 목록으로")
            return
        self.sub_title = facility.name
        fields.update(self._fields_markup(facility))
        title = self.query_one("#vehicle-title", Static)
        table = self.query_one("#vehicle-table", DataTable)
        if not vehicles:
            title.update("[b]차량[/b]  없음")
            return
        shared = facility.kind == "동주민센터"
        title.update(
            "[b]차량[/b]  동주민센터 공통 보유 (보고서에 동별 배정은 없습니다)" if shared else "[b]차량[/b]"
        )
        for v in vehicles:
            model = f"{v.model} ({v.model_year}년식)" if v.model_year else v.model
            table.add_row(v.category or "", model, f"{v.count}대", v.use or "-", v.note or "")
        table.display = True

    def _fields_markup(self, f: FacilityRow) -> str:
        today = self.app.today  # type: ignore[attr-defined]
        lines = [f"[b]{escape(f.name)}[/b]  {escape(f.kind)}", ""]

        def field(label: str, value: str | None) -> None:
            if value:
                lines.append(f"[dim]{label:<6}[/dim] {escape(value)}")

        field("동", f.dong)
        field("소재지", f.address)
        field("대지", f"{format_area(f.land_m2_x100)}㎡" if f.land_m2_x100 is not None else None)
        field("건물", f"{format_area(f.building_m2_x100)}㎡" if f.building_m2_x100 is not None else None)
        field("층수", f.floors_label)
        if f.completed_on:
            built = format_date(f.completed_on)
            field("준공일", f"{built} (보고서 표기: {f.completed_on_text})" if f.completed_on_text and f.completed_on_text != f.completed_on.strftime("%Y.%m.%d") else built)
            field("경과연수", f"{years_elapsed(f.completed_on, today)}년 (기준일 {format_date(today)})")
        field("운영", f.operator)
        field("센터장", f.head)
        field("비고", f.note)
        return "\n".join(lines)
