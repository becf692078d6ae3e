"""The help screen: every key binding, from the same Binding objects the footer shows."""

from __future__ import annotations

import importlib

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static


from wardtui.screens.base import WardModalScreen


#: Every screen whose keys the help lists, in order: (title, "module:Class").
#: A screen may add keys that are not bindings (Enter on a table …) in HELP_EXTRA_KEYS.
HELP_SCREENS: list[tuple[str, str]] = [
    ("홈", "wardtui.screens.home:HomeScreen"),
    ("1 시설 목록", "wardtui.screens.facilities:FacilitiesScreen"),
    ("시설 상세", "wardtui.screens.facility_detail:FacilityDetailScreen"),
    ("2 사업 목록", "wardtui.screens.projects:ProjectsScreen"),
    ("사업 상세", "wardtui.screens.project_detail:ProjectDetailScreen"),
    ("예산 현황", "wardtui.screens.budget:BudgetScreen"),
    ("3 수당·장학금", "wardtui.screens.payments.screen:PaymentsScreen"),
    ("수당 — 지급 내역 (l)", "wardtui.screens.payments.ledger:LedgerView"),
    ("수당 — 대상자 (m)", "wardtui.screens.payments.recipients:RecipientsView"),
    ("수당 — 단가 (u)", "wardtui.screens.payments.rates:RatesView"),
    ("지급 실행", "wardtui.screens.payment_run:PaymentRunScreen"),
    ("4 선거", "wardtui.screens.elections:ElectionsScreen"),
    ("보고서 점검 (홈 a, Ctrl+P 감사)", "wardtui.screens.audit:AuditScreen"),
]


def _own(bindings: list) -> list[Binding]:  # type: ignore[type-arg]
    return [b for b in bindings if isinstance(b, Binding) and b.description]


def _section_bindings() -> list[tuple[str, type | None, list[Binding]]]:
    """(title, the screen or view whose keys these are, its keys), in the order shown."""
    from wardtui.app import WardApp

    sections: list[tuple[str, type | None, list[Binding]]] = [
        ("어디서나", None, _own(WardApp.BINDINGS) + [Binding("ctrl+q", "quit", "끝내기 (입력 중에도)")]),
    ]
    for title, path in HELP_SCREENS:
        module_name, _, class_name = path.partition(":")
        screen_class = getattr(importlib.import_module(module_name), class_name)
        extra = [Binding(key, "noop", description) for key, description in getattr(screen_class, "HELP_EXTRA_KEYS", [])]
        bindings = _own(screen_class.BINDINGS) + extra
        if bindings:
            sections.append((title, screen_class, bindings))
    return sections


class HelpScreen(WardModalScreen[None]):
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

    def __init__(self, shown: list[type] | None = None) -> None:
        super().__init__()
        #: What the user was on, nearest first (the focused widget up to its screen): help opens
        #: at the keys of the first of them it lists.
        self.shown = shown or []
        self._shown_line = 0

    def compose(self) -> ComposeResult:
        # Keys and words go in as values, never as markup: '[' is a key here.
        lines = [Content.from_markup("[b]도움말 — 키 안내[/b]"), Content(""),
                 Content("글자 키는 입력창에 글자를 쓰는 동안에는 동작하지 않습니다."), Content("")]
        sections = _section_bindings()
        listed = [screen_class for _, screen_class, _ in sections]
        nearest = next((c for c in self.shown if c in listed), None)
        for title, screen_class, bindings in sections:
            if screen_class is not None and screen_class is nearest:
                self._shown_line = len(lines)
            lines.append(Content.from_markup("[b $accent]$title[/]", title=title))
            for b in bindings:
                key = b.key_display or self.app.get_key_display(b)
                lines.append(Content.from_markup("  [b]$key[/b] $description", key=key.ljust(8), description=b.description))
            lines.append(Content(""))
        lines.append(Content.from_markup("[dim]Esc 닫기[/dim]"))
        with VerticalScroll(id="help"):
            yield Static(Content("\n").join(lines))

    def on_mount(self) -> None:
        self.call_after_refresh(self.query_one("#help", VerticalScroll).scroll_to, y=self._shown_line, animate=False)
