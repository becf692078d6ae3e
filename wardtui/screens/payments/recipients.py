"""The register view: 통장·반장·통장자녀, searchable; register, correct, end a term."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from wardtui.core.payments import RECIPIENT_ROLES, SCHOOL_LEVELS, validate_end_form, validate_recipient_form
from wardtui.screens.base import db_work
from wardtui.screens.payments.view import LedgerFilter, NameMask, PaymentsView, right
from wardtui.widgets.form import FormField, FormScreen
from wardtui.widgets.line_table import LineTable

if TYPE_CHECKING:
    from wardtui.db.payments.register import RecipientRow


class RecipientsView(PaymentsView):
    """The register; Enter shows the person's payments."""

    HELP_EXTRA_KEYS = [("enter", "그 사람의 지급 이력"), ("down", "검색창에서 목록으로")]

    COLUMNS = (("번호", "id"), ("이름", "name"), ("역할", "role"), ("소속", "place"), ("위촉일", "since"),
               ("상태", "active"))
    BINDINGS = [
        Binding("r", "reveal", "이름 보기", id="payments.recipients.reveal"),
        Binding("a", "add", "추가", id="payments.add"),
        Binding("e", "edit", "수정", id="payments.edit_recipient"),
        Binding("o", "end", "임기 종료", id="payments.end_recipient"),
        Binding("slash", "search", "검색", id="payments.search", key_display="/"),
        Binding("escape", "leave_search", "검색창에서 목록으로", id="payments.leave_search", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="pay-recipients")
        self.query_text = ""
        self.mask = NameMask()
        self.rows: dict[str, RecipientRow] = {}

    def compose(self) -> ComposeResult:
        yield Input(placeholder="대상자 검색: 이름·동 (초성 가능), Enter: 목록으로", id="pay-search")
        yield from super().compose()

    def reload(self) -> None:
        self.generation += 1
        self.load(self.generation, self.query_text)

    @db_work(group="payments-recipients")
    def load(self, generation: int, query: str) -> None:
        from wardtui.db.payments.register import find_recipients

        found = find_recipients(self.db, query)  # a page and a count, in SQL
        self.app.call_from_thread(self.show, generation, found.rows, found.count)

    def show(self, generation: int, rows: list[RecipientRow], count: int) -> None:
        if generation != self.generation:
            return
        found = f" · '{self.query_text}' 검색" if self.query_text.strip() else ""
        shown = f" (앞 {len(rows):,}명 표시)" if count > len(rows) else ""
        self.mask.names = {str(r.id): r.name for r in rows}
        self.rows = {str(r.id): r for r in rows}
        lines = []
        for r in rows:
            state = "재임" if r.active_on(self.today) else "종료"
            if r.ended_on is not None:
                state += f" ({r.ended_on.isoformat()}까지)"
            lines.append((str(r.id), (right(str(r.id)), self.mask.shown(str(r.id)), r.role, r.place,
                                      r.appointed_on.isoformat() if r.appointed_on else "-", state)))
        self.fill(lines)
        self.say(title=f"대상자 {count:,}명{shown}{found} (Enter: 지급 이력)",
                 status="/ 검색 · a 등록 · e 수정 · o 임기 종료 · r 이름 보기 · Enter 지급 이력 · Esc 합계로")

    # -- search ----------------------------------------------------------------------------
    def action_search(self) -> None:
        self.query_one("#pay-search", Input).focus()

    def action_leave_search(self) -> None:
        """Esc in the search box goes back to the list; on the list, to the totals (the screen's Esc)."""
        self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_search":
            return self.query_one("#pay-search", Input).has_focus
        return True

    def on_key(self, event: events.Key) -> None:
        if event.key == "down" and self.query_one("#pay-search", Input).has_focus:
            self.table.focus()
            event.stop()

    @on(Input.Changed, "#pay-search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value != self.query_text:
            self.query_text = event.value
            self.reload()

    @on(Input.Submitted, "#pay-search")
    def _search_submitted(self) -> None:
        self.table.focus()

    # -- rows ------------------------------------------------------------------------------
    def current(self) -> RecipientRow | None:
        return self.rows.get(self.current_key() or "")

    def action_reveal(self) -> None:
        self.mask.toggle(self.table)

    @on(LineTable.RowSelected)
    def _row_selected(self, event: LineTable.RowSelected) -> None:
        person = self.rows.get(event.key)
        if person is not None:
            self.post_message(self.OpenLedger(
                LedgerFilter(recipient_id=person.id, title=f"{self.mask.shown(event.key)} (번호 {person.id})")
            ))

    def saved_as(self, done: Callable[[RecipientRow], str]) -> Callable[[RecipientRow], None]:
        """After a write: say it, and read again with the cursor on the person written."""

        def written(row: RecipientRow) -> None:
            self.notify(done(row), title="저장했습니다")
            self.select_key = str(row.id)
            self.reload()

        return written

    def action_add(self) -> None:
        fields = [
            FormField("name", "이름"),
            FormField("dong", "동", placeholder="예: 신길4동"),
            FormField("role", "역할", value="통장", choices=[(r, r) for r in RECIPIENT_ROLES]),
            FormField("tong", "통", placeholder="예: 3"),
            FormField("ban", "반", placeholder="반장만: 예: 2"),
            FormField("since", "위촉일", placeholder="예: 2021-01-01 (모르면 비워 둠)"),
            FormField("parent", "부모 통장 번호", placeholder="통장자녀만"),
            FormField("school", "학교급", choices=[(s, s) for s in SCHOOL_LEVELS], help="통장자녀만"),
        ]

        def save(values: dict[str, Any], form: FormScreen) -> None:
            from wardtui.db.payments.register import add_recipient

            self.save_form(
                form,
                lambda db: add_recipient(
                    db, name=values["name"], dong=values["dong"], role=values["role"], tong=values["tong"],
                    ban=values["ban"], since=values["since"], parent_id=values["parent_id"],
                    school_level=values["school_level"],
                ),
                self.saved_as(lambda row: f"등록했습니다: {row.id} {row.masked} {row.role} {row.place}"),
            )

        self.app.push_screen(FormScreen("대상자 등록", fields, validate_recipient_form, submit_label="등록", save=save))

    def action_edit(self) -> None:
        r = self.current()
        if r is None:
            self.notify("대상자(m)에서 고칠 사람을 고르십시오", title="대상자 수정")
            return
        fields = [
            FormField("name", "이름", value=r.name),
            FormField("dong", "동", value=r.dong),
            FormField("tong", "통", value="" if r.tong is None else str(r.tong)),
            FormField("ban", "반", value="" if r.ban is None else str(r.ban)),
            FormField("since", "위촉일", value=r.appointed_on.isoformat() if r.appointed_on else "",
                      placeholder="예: 2021-01-01"),
        ]

        def save(values: dict[str, Any], form: FormScreen) -> None:
            from wardtui.db.payments.register import edit_recipient

            self.save_form(
                form,
                lambda db: edit_recipient(db, r.id, r.version, name=values["name"], dong=values["dong"],
                                          tong=values["tong"], ban=values["ban"], since=values["since"]),
                self.saved_as(lambda row: f"고쳤습니다: {row.id} {row.masked} {row.role} {row.place}"),
            )

        title = f"대상자 수정 — 번호 {r.id} {r.role} (역할은 바꾸지 않습니다)"
        self.app.push_screen(FormScreen(title, fields, partial(validate_recipient_form, role=r.role), save=save))

    def action_end(self) -> None:
        r = self.current()
        if r is None:
            self.notify("대상자(m)에서 임기를 끝낼 사람을 고르십시오", title="임기 종료")
            return
        if r.ended_on is not None:
            self.notify(f"이미 {r.ended_on.isoformat()}에 임기가 끝났습니다", title="임기 종료", severity="warning")
            return
        fields = [FormField("on", "종료일 (임기 마지막 날)", value=self.today.isoformat(),
                            help="이 날 뒤의 지급 대상에서 빠집니다. 지급 기록은 그대로 남습니다.")]

        def save(values: dict[str, Any], form: FormScreen) -> None:
            from wardtui.db.payments.register import end_recipient

            until = values["on"].isoformat()
            self.save_form(
                form,
                lambda db: end_recipient(db, r.id, r.version, on=values["on"]),
                self.saved_as(lambda row: f"임기를 끝냈습니다: {row.id} {row.masked} ({until}까지)"),
            )

        title = f"임기 종료 — 번호 {r.id} {self.mask.shown(str(r.id))} {r.role} {r.place}"
        self.app.push_screen(
            FormScreen(title, fields, partial(validate_end_form, appointed_on=r.appointed_on), submit_label="종료",
                       save=save)
        )
