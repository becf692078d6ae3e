"""One facility: every field, its age, and the vehicles held there."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from wardtui.core.dates import age_label, format_date
from wardtui.core.money import format_area
from wardtui.db.facilities import FacilityRow, VehicleRow, get_facility, vehicles_for
from wardtui.screens.base import WardScreen, db_work
from wardtui.widgets.footer import WardFooter


class FacilityDetailScreen(WardScreen[None]):
    """Pushed over the facility list; Esc goes back with the cursor where it was."""

    CSS_PATH = "facilities.tcss"
    STATUS_ID = "facility-fields"
    BINDINGS = [Binding("escape", "app.pop_screen", "목록으로", id="facility.back")]

    def __init__(self, facility_id: int) -> None:
        super().__init__(id="facility-detail-screen")
        self.facility_id = facility_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="facility-detail"):
            yield Static("불러오는 중…", id="facility-fields")
            yield Static("", id="facility-vehicles", classes="section-title")
        yield WardFooter()

    def reload(self) -> None:
        self.load()

    @db_work(group="facility-detail")
    def load(self) -> None:
        db = self.db
        facility = get_facility(db, self.facility_id)
        vehicles = vehicles_for(db, facility) if facility else []
        self.app.call_from_thread(self.show, facility, vehicles)

    def show(self, facility: FacilityRow | None, vehicles: list[VehicleRow]) -> None:
        fields = self.query_one("#facility-fields", Static)
        if facility is None:
            fields.update("이 시설을 찾을 수 없습니다 (삭제되었을 수 있습니다). Esc: 목록으로")
            return
        self.sub_title = facility.name
        fields.update(self._fields(facility))
        self.query_one("#facility-vehicles", Static).update(self._vehicles(facility, vehicles))

    def _fields(self, f: FacilityRow) -> Group:
        today = self.today
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column()

        def field(label: str, value: str | None) -> None:
            if value:
                grid.add_row(label, value)

        field("동", f.dong)
        field("소재지", f.address)
        field("대지", f"{format_area(f.land_m2_x100)}㎡" if f.land_m2_x100 is not None else None)
        field("건물", f"{format_area(f.building_m2_x100)}㎡" if f.building_m2_x100 is not None else None)
        field("층수", f.floors_label)
        if f.completed_on:
            built = format_date(f.completed_on)
            printed = f.completed_on_text
            if printed and printed != f.completed_on.strftime("%Y.%m.%d"):
                built = f"{built} (보고서 표기: {printed})"
            field("준공일", built)
            field("경과연수", f"{age_label(f.completed_on, today)} (기준일 {format_date(today)})")
        field("운영", f.operator)
        field("센터장", f.head)
        field("비고", f.note)
        return Group(Text.assemble((f.name, "bold"), "  ", f.kind), Text(""), grid)

    def _vehicles(self, facility: FacilityRow, vehicles: list[VehicleRow]) -> Group:
        if not vehicles:
            return Group(Text.assemble(("차량", "bold"), "  없음"))
        title = Text.assemble(("차량", "bold"))
        if facility.kind == "동주민센터":
            title.append("  동주민센터 공통 보유 (보고서에 동별 배정은 없습니다)", style="dim")
        table = Table(box=None, padding=(0, 1), header_style="bold", pad_edge=False)
        for column in ("구분", "차종", "대수", "용도", "비고"):
            table.add_column(column, justify="right" if column == "대수" else "left")
        for v in vehicles:
            model = f"{v.model} ({v.model_year}년식)" if v.model_year else v.model
            table.add_row(v.category or "", model, f"{v.count}대", v.use or "-", v.note or "")
        return Group(title, table)
