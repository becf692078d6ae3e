"""A read-only table drawn line by line: the search results that change on every keystroke.

Textual's DataTable renders each visible cell through Rich's console again whenever any
row changes (its cell cache is keyed on an update counter), which costs ~80 ms per
keystroke for a screen of results. Here a row is turned into segments once, when it
arrives; drawing a line is a dictionary lookup and a crop. It keeps what the facility
list and the payments section need from DataTable: a header, fixed first columns, zebra
stripes, a row cursor, Enter and click to select, and horizontal scrolling.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import ClassVar, Literal, Union

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

Cell = Union[str, Text]
Justify = Literal["left", "right"]

PADDING = 1  # blank cells either side of a cell, as DataTable's default cell_padding


@dataclass(frozen=True)
class Column:
    label: str
    key: str
    justify: Justify = "left"
    max_width: int = 40


@dataclass(frozen=True)
class _Cell:
    text: str
    style: Style | None
    justify: Justify | None


def _cell(value: Cell) -> _Cell:
    if isinstance(value, Text):
        style = value.style if isinstance(value.style, Style) else (Style.parse(value.style) if value.style else None)
        justify = value.justify if value.justify in ("left", "right") else None
        return _Cell(value.plain, style, justify)
    return _Cell(str(value), None, None)


def _fit(text: str, width: int, justify: Justify) -> tuple[str, str, str]:
    """``text`` cut or padded to ``width`` cells, with the cell padding: (before, text, after),
    apart so that a cell's own style (bold) covers its text only."""
    length = cell_len(text)
    if length > width:  # cut, and say so; a wide character that does not fit is left out
        text = set_cell_size(text, max(width - 1, 0)).rstrip(" ") + "…" if width > 0 else ""
        length = cell_len(text)
    gap = " " * (width - length)
    pad = " " * PADDING
    return (pad + gap, text, pad) if justify == "right" else (pad, text, gap + pad)


class LineTable(ScrollView, can_focus=True):
    """Rows of cells under a header; the cursor is a whole row, identified by its key."""

    DEFAULT_CSS = """
    LineTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        &:focus {
            background-tint: $foreground 5%;
            & > .line-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .line-table--header { background-tint: $foreground 5%; }
        }
        &:dark > .line-table--even-row { background: $surface-darken-1 40%; }
        & > .line-table--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .line-table--header { background: ansi_bright_blue; color: ansi_default; }
        & > .line-table--fixed { background: $secondary-muted; color: $foreground; }
        & > .line-table--even-row { background: $surface-lighten-1 50%; }
        & > .line-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-table--header",
        "line-table--fixed",
        "line-table--even-row",
        "line-table--cursor",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "선택", show=False),
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home,ctrl+home", "first", show=False),
        Binding("end,ctrl+end", "last", show=False),
        Binding("left", "scroll_left", show=False),
        Binding("right", "scroll_right", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True, repaint=False, init=False)

    class _RowMessage(Message):
        def __init__(self, table: LineTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> LineTable:
            return self.table

    class RowHighlighted(_RowMessage):
        """The cursor moved to the row ``key``."""

    class RowSelected(_RowMessage):
        """Enter, or a click on the cursor's row ``key``."""

    def __init__(self, columns: Sequence[Column], *, fixed_columns: int = 1, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns = list(columns)
        self.fixed_columns = fixed_columns
        self._keys: list[str] = []
        self._index: dict[str, int] = {}
        self._cells: list[list[_Cell]] = []
        self._widths: list[int] = [cell_len(c.label) for c in self.columns]
        #: Pre-cut text of each row at the current widths, three strings per column.
        self._texts: list[list[tuple[str, str, str]]] = []
        #: (row, cursor on it, focused) → the row's strip and the style that fills the line
        #: after it (row -1 is the header).
        self._lines: dict[tuple[int, bool, bool], tuple[Strip, Style]] = {}
        self._style_cache: dict[tuple[str, bool], dict[str, Style]] = {}
        self._metas = self._column_meta(0)
        self._header_metas = self._column_meta(-1)

    # -- data ---------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def row_keys(self) -> list[str]:
        return list(self._keys)

    @property
    def cursor_key(self) -> str | None:
        return self._keys[self.cursor_row] if self._keys else None

    def get_row(self, key: str) -> list[str]:
        """The plain text of a row's cells."""
        return [cell.text for cell in self._cells[self._index[key]]]

    def get_row_index(self, key: str) -> int:
        return self._index[key]

    def get_row_at(self, index: int) -> list[str]:
        """The plain text of the cells of the row at ``index`` (0 is the first row)."""
        return [cell.text for cell in self._cells[index]]

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Other columns (a screen showing another view): the rows go too."""
        self.columns = list(columns)
        self._metas = self._column_meta(0)
        self._header_metas = self._column_meta(-1)
        self.set_rows([])

    def update_cell(self, key: str, column_key: str, value: Cell) -> None:
        """Replace one cell of a row in place."""
        column = next(i for i, c in enumerate(self.columns) if c.key == column_key)
        index = self._index[key]
        cells = list(self._cells[index])
        cells[column] = _cell(value)
        self._replace_cells(index, cells)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def set_rows(self, rows: Sequence[tuple[str, Sequence[Cell]]], *, cursor_key: str | None = None) -> None:
        """Replace every row; the cursor goes to ``cursor_key`` if given and present, else row 0."""
        self._keys = [key for key, _ in rows]
        self._index = {key: i for i, key in enumerate(self._keys)}
        self._cells = [[_cell(value) for value in cells] for _, cells in rows]
        self._layout_columns()
        target = self._index.get(cursor_key, 0) if cursor_key is not None else 0
        self.set_reactive(LineTable.cursor_row, min(target, max(len(self._keys) - 1, 0)))
        self._scroll_cursor_into_view()
        self.refresh()
        if self._keys:
            self.post_message(self.RowHighlighted(self, self._keys[self.cursor_row]))

    def update_row(self, key: str, cells: Sequence[Cell]) -> None:
        """Replace one row's cells in place (widths are kept unless a cell no longer fits)."""
        self._replace_cells(self._index[key], [_cell(value) for value in cells])

    def _replace_cells(self, index: int, cells: list[_Cell]) -> None:
        self._cells[index] = cells
        if any(cell_len(c.text) > w for c, w in zip(cells, self._widths)):
            self._layout_columns()
        else:
            self._texts[index] = self._cut(cells)
            self._forget_row(index)
        self.refresh()

    def _layout_columns(self) -> None:
        widths = [cell_len(c.label) for c in self.columns]
        for cells in self._cells:
            for i, cell in enumerate(cells):
                length = cell_len(cell.text)
                if length > widths[i]:
                    widths[i] = length
        self._widths = [min(w, max(c.max_width, cell_len(c.label))) for w, c in zip(widths, self.columns)]
        self._texts = [self._cut(cells) for cells in self._cells]
        self._lines.clear()
        size = Size(sum(w + 2 * PADDING for w in self._widths), len(self._keys) + 1)
        if size != self.virtual_size:
            # Not through the reactive: that asks for a layout of the whole screen on every
            # keystroke. Only the scrollbars depend on it, and _scroll_update asks for a
            # layout itself when one appears or goes.
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)

    def _cut(self, cells: list[_Cell]) -> list[tuple[str, str, str]]:
        return [
            _fit(cell.text, width, cell.justify or column.justify)
            for cell, width, column in zip(cells, self._widths, self.columns)
        ]

    def _forget_row(self, index: int) -> None:
        for variant in [k for k in self._lines if k[0] == index]:
            del self._lines[variant]

    # -- cursor -------------------------------------------------------------------------
    def move_cursor(self, *, row: int) -> None:
        if not self._keys:
            return
        self.cursor_row = max(0, min(row, len(self._keys) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._forget_row(old)
        self._forget_row(new)
        self._scroll_cursor_into_view()
        self.refresh()
        if self._keys:
            self.post_message(self.RowHighlighted(self, self._keys[new]))

    def _visible_rows(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def _scroll_cursor_into_view(self) -> None:
        top = round(self.scroll_y)
        shown = self._visible_rows()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + shown:
            self.scroll_to(y=self.cursor_row - shown + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(row=self.cursor_row - self._visible_rows())

    def action_page_down(self) -> None:
        self.move_cursor(row=self.cursor_row + self._visible_rows())

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=len(self._keys) - 1)

    def action_select_cursor(self) -> None:
        if self._keys:
            self.post_message(self.RowSelected(self, self._keys[self.cursor_row]))

    def action_scroll_left(self) -> None:
        self.scroll_to(x=self.scroll_x - 4, animate=False)

    def action_scroll_right(self) -> None:
        self.scroll_to(x=self.scroll_x + 4, animate=False)

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        index = round(self.scroll_y) + offset.y - 1
        if 0 <= index < len(self._keys):
            if index == self.cursor_row:
                self.post_message(self.RowSelected(self, self._keys[index]))
            else:
                self.move_cursor(row=index)

    # -- drawing ------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()
        self._style_cache.clear()

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()  # the cursor's colour differs with focus; lines are keyed on it

    def _on_blur(self, event: events.Blur) -> None:
        self.refresh()

    def _fixed_width(self) -> int:
        return sum(w + 2 * PADDING for w in self._widths[: self.fixed_columns])

    def _styles(self) -> dict[str, Style]:
        """The row styles for the current theme and focus, worked out once per change."""
        key = ("styles", self.has_focus)
        styles = self._style_cache.get(key)
        if styles is None:
            base = self.rich_style
            part = partial(self.get_component_rich_style, partial=True)
            even, cursor, fixed = part("line-table--even-row"), part("line-table--cursor"), part("line-table--fixed")
            styles = {
                "base": base,
                "odd": base,
                "even": base + even,
                "odd-cursor": base + cursor,
                "even-cursor": base + even + cursor,
                "fixed": base + fixed,
                "fixed-cursor": base + fixed + cursor,
                "header": base + part("line-table--header"),
            }
            self._style_cache[key] = styles
        return styles

    def _column_meta(self, row: int) -> list[Style]:
        # Each cell's own style (meta naming its column) keeps its segments from merging with
        # the next cell's, so a saved SVG places every cell at its column as a terminal does.
        return [Style.from_meta({"column": i, "header": row < 0}) for i in range(len(self.columns))]

    def _row_line(self, index: int) -> tuple[Strip, Style]:
        cursor = index == self.cursor_row
        variant = (index, cursor, self.has_focus)
        line = self._lines.get(variant)
        if line is not None:
            return line
        styles = self._styles()
        suffix = "-cursor" if cursor else ""
        row_style = styles[("even" if index % 2 else "odd") + suffix]
        fixed_style = styles["fixed" + suffix]
        segments = []
        for i, ((before, text, after), cell, meta) in enumerate(zip(self._texts[index], self._cells[index], self._metas)):
            style = (fixed_style if i < self.fixed_columns else row_style) + meta
            if cell.style:
                segments += [Segment(before, style), Segment(text, style + cell.style), Segment(after, style)]
            else:  # one segment a cell: each is written to the terminal with its own escape codes
                segments.append(Segment(before + text + after, style))
        # The row's colour runs on to the right edge, as DataTable's does.
        line = self._lines[variant] = (Strip(segments), row_style)
        return line

    def _header_line(self) -> tuple[Strip, Style]:
        variant = (-1, False, self.has_focus)
        line = self._lines.get(variant)
        if line is None:
            style = self._styles()["header"]
            strip = Strip(
                Segment("".join(_fit(column.label, width, column.justify)), style + meta)
                for column, width, meta in zip(self.columns, self._widths, self._header_metas)
            )
            line = self._lines[variant] = (strip, style)
        return line

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            strip, fill = self._header_line()
        else:
            index = round(self.scroll_y) + y - 1
            if not 0 <= index < len(self._keys):
                return Strip.blank(width, self._styles()["base"])
            strip, fill = self._row_line(index)
        scroll_x = round(self.scroll_x)
        if scroll_x:
            fixed = self._fixed_width()
            strip = Strip.join([strip.crop(0, fixed), strip.crop(fixed + scroll_x, fixed + scroll_x + width - fixed)])
        return strip.crop_extend(0, width, fill)
