"""A section whose screens have not been built yet."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header, Static

from wardtui.widgets.footer import WardFooter


class PlaceholderScreen(Screen[None]):
    """Says plainly that the section is not ready, and how to get elsewhere."""

    def __init__(self, section: str, title: str) -> None:
        super().__init__(id=f"{section}-screen")
        self.section_title = title

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            f"[b]{self.section_title}[/b]\n\n이 화면은 아직 준비 중입니다.\n"
            "1 시설 · 2 사업 · 3 수당·장학금 · 4 선거 · ? 도움말",
            classes="notice",
        )
        yield WardFooter()
