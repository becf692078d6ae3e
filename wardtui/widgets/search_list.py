"""The behaviour shared by list screens with a search box above a table."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input


class SearchListMixin:
    """`/` focuses the search, Esc clears it and returns to the table, ↓ leaves the box.

    A screen using it names its widgets in SEARCH_ID and TABLE_ID and adds
    ``search_bindings(prefix)`` to its BINDINGS.
    """

    SEARCH_ID: str
    TABLE_ID: str

    @staticmethod
    def search_bindings(prefix: str) -> list[Binding]:
        return [
            Binding("slash", "focus_search", "검색", id=f"{prefix}.search", key_display="/"),
            Binding("escape", "clear_search", "검색 지우기", id=f"{prefix}.clear"),
        ]

    def action_focus_search(self) -> None:
        self.query_one(f"#{self.SEARCH_ID}", Input).focus()  # type: ignore[attr-defined]

    def action_clear_search(self) -> None:
        search = self.query_one(f"#{self.SEARCH_ID}", Input)  # type: ignore[attr-defined]
        if search.value:
            search.value = ""
        self.query_one(f"#{self.TABLE_ID}").focus()  # type: ignore[attr-defined]

    def on_key(self, event: events.Key) -> None:
        if event.key == "down" and self.focused is self.query_one(f"#{self.SEARCH_ID}", Input):  # type: ignore[attr-defined]
            self.query_one(f"#{self.TABLE_ID}").focus()  # type: ignore[attr-defined]
            event.stop()
