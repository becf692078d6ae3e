"""The help screen: every key binding, from the same Binding objects the footer shows."""

from __future__ import annotations

import importlib

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from rich.markup import escape

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


def _section_bindings() -> list[tuple[str, list[Binding]]]:
    from wardtui.app import WardApp

    sections = [
        ("어디서나", _own(WardApp.BINDINGS)
         + [Binding("ctrl+q", "quit", "끝내기 (입력 중에도)")]),
    ]
    for title, path in HELP_SCREENS:
        module_name, _, class_name = path.partition(":")
        screen_class = getattr(importlib.import_module(module_name), class_name)
        extra = [Binding(key, "noop", description) for key, description in getattr(screen_class, "HELP_EXTRA_KEYS", [])]
        bindings = _own(screen_class.BINDINGS) + extra
        if bindings:
            sections.append((title, bindings))
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
