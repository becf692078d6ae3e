"""The help screen: every key binding, from the same Binding objects the footer shows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from rich.markup import escape


def _section_bindings() -> list[tuple[str, list[Binding]]]:
    from wardtui.app import WardApp
    from wardtui.screens.facilities import FacilitiesScreen
    from wardtui.screens.facility_detail import FacilityDetailScreen

    def own(bindings: list) -> list[Binding]:  # type: ignore[type-arg]
        return [b for b in bindings if isinstance(b, Binding) and b.description]

    return [
        ("어디서나", own(WardApp.BINDINGS)
         + [Binding("ctrl+p", "command_palette", "명령 팔레트 (화면 이동 등)"),
            Binding("ctrl+q", "quit", "끝내기 (입력 중에도)")]),
        ("1 시설 목록", own(FacilitiesScreen.BINDINGS)
         + [Binding("enter", "select", "시설 상세 보기"), Binding("down", "down", "검색창에서 목록으로")]),
        ("시설 상세", own(FacilityDetailScreen.BINDINGS)),
    ]


class HelpScreen(ModalScreen[None]):
    """Lists every binding by where it works; any of Esc, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help { width: 72; max-width: 100%; height: auto; max-height: 90%;
            border: round $accent; background: $surface; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "dismiss", "닫기", id="help.close"),
        Binding("q", "dismiss", "닫기", show=False),
        Binding("question_mark", "dismiss", "닫기", show=False),
    ]

    def compose(self) -> ComposeResult:
        lines = ["[b]도움말 — 키 안내[/b]", "", "글자 키는 입력창에 글자를 쓰는 동안에는 동작하지 않습니다.", ""]
        for title, bindings in _section_bindings():
            lines.append(f"[b $accent]{escape(title)}[/]")
            for b in bindings:
                key = b.key_display or self.app.get_key_display(b)
                lines.append(f"  [b]{escape(key):<8}[/b] {escape(b.description)}")
            lines.append("")
        lines.append("[dim]Esc 닫기[/dim]")
        with VerticalScroll(id="help"):
            yield Static("\n".join(lines))
