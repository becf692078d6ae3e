"""The floor for cold start: a minimal Textual app (Header, Footer, Input, a DataTable of
24 rows) that imports nothing of wardtui. Run as ``python bench/floor_app.py``."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header, Input

NAMES = ["영등포본동", "영등포동", "여의동", "당산1동", "당산2동", "도림동", "문래동", "양평1동", "양평2동",
         "신길1동", "신길3동", "신길4동", "신길5동", "신길6동", "신길7동", "대림1동", "대림2동", "대림3동",
         "문래동자치회관", "당산1동자치회관", "신길1동자치회관", "대림2동자치회관", "영등포동舊청사", "자원봉사센터"]


class FloorApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="검색")
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("동명", "소재지", "대지(㎡)", "건물(㎡)", "층수", "준공일", "경과연수")
        for i, name in enumerate(NAMES):
            table.add_row(name, f"신길로{i + 1}길 1", "792.00", "2,306.41", "지하2·지상4", "2020. 9. 15.", "6년")
        table.focus()


if __name__ == "__main__":
    FloorApp().run()
