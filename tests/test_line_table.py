"""The line-rendered results table, driven through a real app with Pilot."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult

from wardtui.widgets.line_table import Column, LineTable

COLUMNS = [Column("이름", "name"), Column("주소", "address"), Column("면적", "area", "right")]


def rows(n: int) -> list[tuple[str, tuple[object, ...]]]:
    return [(str(i), (f"시설{i}", f"도로{i}길 {i}", Text(f"{i * 10:,}", justify="right"))) for i in range(n)]


class TableApp(App[None]):
    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n
        self.selected: list[str] = []
        self.highlighted: list[str] = []

    def compose(self) -> ComposeResult:
        yield LineTable(COLUMNS, id="t")

    def on_mount(self) -> None:
        table = self.query_one(LineTable)
        table.set_rows(rows(self.n))
        table.focus()

    def on_line_table_row_selected(self, event: LineTable.RowSelected) -> None:
        self.selected.append(event.key)

    def on_line_table_row_highlighted(self, event: LineTable.RowHighlighted) -> None:
        self.highlighted.append(event.key)


def screen_lines(app: App[None]) -> list[str]:
    """What the terminal shows, line by line (the compositor's own render)."""
    return ["".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()]


def cell_end(line: str, token: str) -> int:
    """The terminal column just after ``token`` (a Hangul syllable takes two)."""
    return cell_len(line[: line.index(token) + len(token)])


async def test_keys_move_the_cursor_and_enter_selects() -> None:
    app = TableApp(50)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(LineTable)
        assert table.cursor_key == "0"
        await pilot.press("down", "down")
        assert table.cursor_key == "2"
        await pilot.press("end")
        assert table.cursor_key == "49"
        assert round(table.scroll_y) > 0, "the cursor row is scrolled into view"
        await pilot.press("pageup")
        assert table.cursor_key == str(49 - 11)  # one page: 12 lines less the header
        await pilot.press("home", "up")
        assert table.cursor_key == "0", "the cursor stops at the first row"
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == ["0"]
        assert app.highlighted[-1] == "0"


async def test_the_header_stays_while_rows_scroll() -> None:
    app = TableApp(50)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("end")
        await pilot.pause()
        lines = screen_lines(app)
        assert lines[0].split()[:2] == ["이름", "주소"]
        assert "시설49" in lines[-1]
        assert not any("시설0 " in line for line in lines)


async def test_click_moves_then_selects() -> None:
    app = TableApp(5)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(LineTable)
        await pilot.click(LineTable, offset=(2, 3))  # line 0 is the header: line 3 is row 2
        assert table.cursor_key == "2"
        assert app.selected == []
        await pilot.click(LineTable, offset=(2, 3))
        await pilot.pause()
        assert app.selected == ["2"]
        await pilot.click(LineTable, offset=(2, 0))  # the header selects nothing
        await pilot.click(LineTable, offset=(2, 10))  # below the last row
        await pilot.pause()
        assert table.cursor_key == "2" and app.selected == ["2"]


async def test_cells_are_cut_to_the_column_and_numbers_align_right() -> None:
    app = TableApp(3)
    async with app.run_test(size=(60, 8)) as pilot:
        table = app.query_one(LineTable)
        table.set_rows([("a", ("가" * 60, "x", "1")), ("b", ("나", "y", "1,000"))])
        await pilot.pause()
        lines = screen_lines(app)
        assert " " + "가" * 19 + "… " in lines[1], "a cell wider than its column's 40 cells is cut and ends in …"
        assert cell_end(lines[1], " 1 ") - 1 == cell_end(lines[2], "1,000"), "right-aligned numbers end together"


async def test_horizontal_scroll_keeps_the_first_column() -> None:
    app = TableApp(3)
    async with app.run_test(size=(20, 8)) as pilot:
        table = app.query_one(LineTable)
        await pilot.press("right", "right", "right")
        await pilot.pause()
        assert table.scroll_x > 0
        line = screen_lines(app)[1]
        assert line.startswith(" 시설0 "), line
        assert "도로0길" not in line  # scrolled past the address's start


async def test_update_row_and_set_rows_keep_the_cursor_where_asked() -> None:
    app = TableApp(5)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(LineTable)
        await pilot.press("down", "down", "down")
        table.update_row("3", ("바뀐이름", "새주소", "7"))
        await pilot.pause()
        assert table.get_row("3") == ["바뀐이름", "새주소", "7"]
        assert "바뀐이름" in screen_lines(app)[4]
        table.set_rows(rows(5)[2:], cursor_key="3")
        assert table.cursor_key == "3" and table.cursor_row == 1
        table.set_rows(rows(2), cursor_key="3")  # gone: back to the first row
        assert table.cursor_key == "0"
        table.set_rows([])
        assert table.cursor_key is None and table.row_count == 0
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.selected == []
