"""Section 3: allowances and scholarships — totals per programme and period, the ledger
page by page, the recipient register with each person's history, and the rate table.

The register can be searched (name, 동), added to, edited and appointments ended; the
rate view sets a new unit amount. Every write carries the version the user saw.

Totals come from one SQL aggregate in a worker; the ledger is read one page at a time.
Names are masked (김*숙) until the user reveals a row with ``r``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from wardtui.core.money import format_thousand, format_won
from wardtui.core.payments import (
    RECIPIENT_ROLES,
    SCHOOL_LEVELS,
    mask_name,
    validate_end_form,
    validate_rate_form,
    validate_recipient_form,
)
from wardtui.widgets.footer import WardFooter
from wardtui.widgets.form import FormField, FormScreen
from wardtui.widgets.line_table import Column, LineTable

PAGE = 50


@dataclass
class LedgerFilter:
    """Which ledger rows the ledger view shows: a programme and period, or one person."""

    program_id: int | None = None
    period: str | None = None
    recipient_id: int | None = None
    title: str = ""


@dataclass
class LedgerPage:
    """Where the ledger view is: the page number, and the rows that anchor the next turn.

    Pages are found by key (the payment id), never by OFFSET: the next page is the rows
    below the last one shown, the previous the rows just above the first, and a reload
    starts again at the first row shown (the first page is always read afresh).
    """

    index: int = 0
    first_id: str | None = None
    last_id: str | None = None
    has_next: bool = False
    anchor: tuple[str, str] | None = None  # ("before" | "start" | "after", payment id); None: the newest rows


def _right(text: str) -> Text:
    return Text(text, justify="right")


class PaymentsScreen(Screen[None]):
    """Programme totals, the ledger and the recipient register, in one table."""

    CSS_PATH = "payments.tcss"
    HELP_EXTRA_KEYS = [
        ("enter", "합계 행: 그 기간의 지급 내역 · 대상자 행: 그 사람의 지급 이력"),
        ("a", "대상자 보기: 대상자 등록 · 단가 보기: 새 단가"),
    ]
    BINDINGS = [
        Binding("t", "show_totals", "합계", id="payments.totals"),
        Binding("l", "show_ledger", "내역", id="payments.ledger"),
        Binding("m", "show_recipients", "대상자", id="payments.recipients"),
        Binding("r", "reveal", "이름 보기", id="payments.reveal"),
        Binding("p", "run", "지급 실행", id="payments.run"),
        Binding("x", "reverse", "정정(환수)", id="payments.reverse"),
        Binding("u", "show_rates", "단가", id="payments.rates"),
        Binding("a", "add", "추가", id="payments.add"),
        Binding("e", "edit_recipient", "수정", id="payments.edit_recipient"),
        Binding("o", "end_recipient", "임기 종료", id="payments.end_recipient"),
        Binding("slash", "search", "검색", id="payments.search", key_display="/"),
        Binding("right_square_bracket", "page(1)", "다음 쪽", id="payments.next_page", key_display="]", show=False),
        Binding("left_square_bracket", "page(-1)", "이전 쪽", id="payments.prev_page", key_display="[", show=False),
        Binding("escape", "back", "합계로", show=False, id="payments.back"),
    ]

    def __init__(self) -> None:
        super().__init__(id="payments-screen")
        #: The view the footer's keys were last worked out for: the first footer is built for
        #: the view the screen opens on, so a first show must not rebuild it again.
        self._footer_view: str | None = "totals"
        self.view = "totals"  # totals | ledger | recipients | rates
        self.ledger_filter = LedgerFilter()
        self.page = LedgerPage()
        self.page_keys = 0  # ] and [ pressed while a page was on its way: each turns one more
        self.page_loading = False
        self.names: dict[str, str] = {}  # row key → full name, shown only once revealed
        self.revealed: set[str] = set()
        self.total_rows: dict[str, Any] = {}
        self.generation = 0  # bumped per load; an older load's answer is dropped
        self.ledger_rows: dict[str, Any] = {}
        self.recipient_rows: dict[str, Any] = {}
        self.search_query = ""
        self.select_key: str | None = None  # the row to put the cursor on after the next load
        self.rate_rows: dict[str, Any] = {}
        self.program_list: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="pay-budget")
        yield Static("사업·기간별 합계", id="pay-title")
        yield Input(placeholder="대상자 검색: 이름·동 (초성 가능), Enter: 목록으로", id="pay-search")
        yield LineTable([], fixed_columns=0, id="pay-table")
        yield Static("", id="pay-status")
        yield WardFooter()

    def on_mount(self) -> None:
        self.query_one("#pay-table", LineTable).focus()

    def on_screen_resume(self) -> None:
        # Sent on first show (twice, by Textual's modes) and after a payment run closes:
        # the totals may have moved, but a load already under way will show them.
        if not self._loading():
            self.reload()

    def _loading(self) -> bool:
        from textual.worker import WorkerState

        return any(
            w.group == "payments-load" and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
            for w in self.workers
        )

    def on_ward_app_data_changed(self) -> None:
        self.reload()  # another desk wrote

    def reload(self) -> None:
        self.generation += 1
        search = self.query_one("#pay-search", Input)
        search.display = self.view == "recipients"
        if self.view != "recipients" and search.has_focus:
            self.query_one("#pay-table", LineTable).focus()
        if self.view != self._footer_view:  # the footer's keys depend on the view; rebuilding it is costly
            self._footer_view = self.view
            self.refresh_bindings()
        if self.view == "totals":
            self.load_totals(self.generation)
        elif self.view == "ledger":
            self.page_loading = True
            self.load_ledger(self.generation, self.ledger_filter, self.page.index, self.page.anchor)
        elif self.view == "rates":
            self.load_rates(self.generation)
        else:
            self.load_recipients(self.generation, self.search_query)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Register and rate keys only where they act; elsewhere they leave the footer.
        if action == "add":
            return self.view in ("recipients", "rates")
        if action in ("edit_recipient", "end_recipient", "search"):
            return self.view == "recipients"
        return True

    def action_back(self) -> None:
        search = self.query_one("#pay-search", Input)
        if search.has_focus:
            self.query_one("#pay-table", LineTable).focus()
            return
        self.action_show_totals()

    # -- totals ------------------------------------------------------------------------
    def action_show_totals(self) -> None:
        self.view = "totals"
        self.reload()

    @work(thread=True, exclusive=True, group="payments-load")
    def load_totals(self, generation: int) -> None:
        from wardtui.db.payments.ledger import budget, totals
        from wardtui.db.payments.programs import programs, rate_on

        db, today = self.app.db, self.app.today  # type: ignore[attr-defined]

        def read() -> tuple[Any, ...]:
            rows = totals(db)
            return rows, budget(db, rows), {p.id: rate_on(db, p.id, today) for p in programs(db)}

        self._answer(generation, self.show_totals, read)

    def show_totals(self, generation: int, rows: list[Any], money: Any, rates: dict[int, Any]) -> None:
        if generation != self.generation:
            return
        rate = f" ({money.rate_percent}%)" if money.rate_percent is not None else ""
        self.query_one("#pay-budget", Static).update(
            f"통반장 활동 지원 예산 {format_thousand(money.budget_won or 0)}천원 · 집행 "
            f"{format_thousand(money.executed_won or 0)}천원{rate}\n"
            f"장부 지급 {money.ledger_count:,}건 · {format_won(money.ledger_won)} (보고서 이후 기록)"
        )
        self._title("사업·기간별 합계 (Enter: 그 기간의 지급 내역)")
        self.total_rows = {}
        lines = []
        for i, r in enumerate(rows):
            key = f"t{i}"
            self.total_rows[key] = r
            unit = rates.get(r.program_id)
            lines.append((key, (
                r.program, r.period, _right("-" if r.headcount is None else f"{r.headcount:,}명"),
                _right(format_won(r.amount_won)), _right(format_won(unit.unit_amount_won) if unit else "-"),
                r.source,
            )))
        self._fill((("사업", "program"), ("기간", "period"), ("인원", "headcount"), ("금액", "amount"),
                    ("단가", "rate"), ("출처", "source")), lines)
        self._status(
            f"{len(rows)}건 · 합계 {format_won(sum(r.amount_won for r in rows))} · p 지급 실행 · m 대상자 · u 단가"
        )

    # -- ledger ------------------------------------------------------------------------
    def action_show_ledger(self) -> None:
        chosen = self._current_total()
        if chosen is not None and chosen.source == "보고서":
            self.notify("보고서의 일괄 지급입니다: 개인별 내역이 없습니다", title="지급 내역")
            return
        if chosen is None:
            self.open_ledger(LedgerFilter(title="전체 지급 내역"))
        else:
            self.open_ledger(LedgerFilter(chosen.program_id, chosen.period, title=f"{chosen.program} {chosen.period}"))

    def open_ledger(self, which: LedgerFilter) -> None:
        self.view = "ledger"
        self.ledger_filter = which
        self.page = LedgerPage()
        self.page_keys = 0
        self.revealed.clear()
        self.reload()

    @work(thread=True, exclusive=True, group="payments-load")
    def load_ledger(self, generation: int, which: LedgerFilter, index: int, anchor: tuple[str, str] | None) -> None:
        from wardtui.db.payments.ledger import ledger_count, ledger_page

        db = self.app.db  # type: ignore[attr-defined]
        args = {"program_id": which.program_id, "period": which.period, "recipient_id": which.recipient_id}

        def read() -> tuple[Any, ...]:
            kind, key = anchor or ("", None)
            rows: list[Any] = []
            if kind == "after":
                rows = ledger_page(db, after=key, limit=PAGE, **args)
                has_next = bool(rows) and bool(ledger_page(db, before=rows[-1].id, limit=1, **args))
                if len(rows) < PAGE:  # reached the newest rows: that is the first page
                    kind, rows = "", []
            if kind != "after" or not rows:
                found = ledger_page(db, before=key if kind == "before" else None,
                                    start=key if kind == "start" else None, limit=PAGE + 1, **args)
                if not found and kind:  # the rows this page stood on are gone: back to the first
                    found = ledger_page(db, limit=PAGE + 1, **args)
                    kind = ""
                rows, has_next = found[:PAGE], len(found) > PAGE
            shown = index if kind else 0
            page = LedgerPage(shown, rows[0].id if rows else None, rows[-1].id if rows else None, has_next,
                              ("start", rows[0].id) if shown and rows else None)
            return which, page, rows, ledger_count(db, **args)

        self._answer(generation, self.show_ledger, read)

    def show_ledger(self, generation: int, which: LedgerFilter, page: LedgerPage, rows: list[Any], count: int) -> None:
        if generation != self.generation:
            return
        self.page, self.page_loading = page, False
        pages = max(1, -(-count // PAGE), page.index + 1)
        self._title(f"지급 내역: {which.title} ({page.index + 1}/{pages}쪽, {count:,}건)")
        self.names = {r.id: r.name or "-" for r in rows}
        self.ledger_rows = {r.id: r for r in rows}
        self._fill((("이름", "name"), ("사업", "program"), ("기간", "period"), ("금액", "amount"),
                    ("지급일", "paid_on"), ("상태", "state")),
                   [(r.id, (self._shown_name(r.id), r.program, r.period, _right(format_won(r.amount_won)),
                            r.paid_on.isoformat(), r.state)) for r in rows])
        self._status("r 이름 보기 · x 정정 · ] 다음 쪽 · [ 이전 쪽 · Esc 합계로")
        if self.page_keys:
            step = 1 if self.page_keys > 0 else -1
            self.page_keys -= step
            if not self._turn_page(step):
                self.page_keys = 0

    def action_page(self, step: int) -> None:
        if self.view != "ledger":
            return
        if self.page_loading:  # the page this key turns from is not shown yet
            self.page_keys += step
            return
        self._turn_page(step)

    def _turn_page(self, step: int) -> bool:
        page = self.page
        if step > 0 and page.has_next and page.last_id is not None:
            self.page = LedgerPage(page.index + 1, anchor=("before", page.last_id))
        elif step < 0 and page.index > 0 and page.first_id is not None:
            back = page.index - 1
            self.page = LedgerPage(back, anchor=("after", page.first_id) if back else None)
        else:
            return False
        self.reload()
        return True

    # -- recipients --------------------------------------------------------------------
    def action_show_recipients(self) -> None:
        self.view = "recipients"
        self.revealed.clear()
        self.reload()

    @work(thread=True, exclusive=True, group="payments-load")
    def load_recipients(self, generation: int, query: str = "") -> None:
        from wardtui.db.payments.register import find_recipients

        def read() -> tuple[Any, ...]:
            found = find_recipients(self.app.db, query)  # type: ignore[attr-defined]  # a page and a count, in SQL
            return found.rows, found.count

        self._answer(generation, self.show_recipients, read)

    def show_recipients(self, generation: int, rows: list[Any], count: int) -> None:
        if generation != self.generation:
            return
        today = self.app.today  # type: ignore[attr-defined]
        found = f" · '{self.search_query}' 검색" if self.search_query.strip() else ""
        shown = f" (앞 {len(rows):,}명 표시)" if count > len(rows) else ""
        self._title(f"대상자 {count:,}명{shown}{found} (Enter: 지급 이력)")
        self.names = {}
        self.recipient_rows = {}
        lines = []
        for r in rows:
            key = f"r{r.id}"
            self.names[key] = r.name
            self.recipient_rows[key] = r
            state = "재임" if r.active_on(today) else "종료"
            if r.ended_on is not None:
                state += f" ({r.ended_on.isoformat()}까지)"
            lines.append((key, (_right(str(r.id)), self._shown_name(key), r.role, r.place,
                                r.appointed_on.isoformat() if r.appointed_on else "-", state)))
        self._fill((("번호", "id"), ("이름", "name"), ("역할", "role"), ("소속", "place"), ("위촉일", "since"),
                    ("상태", "active")), lines)
        self._select_pending()
        self._status(
            "/ 검색 · a 등록 · e 수정 · o 임기 종료 · r 이름 보기 · Enter 지급 이력 · Esc 합계로"
        )

    def action_search(self) -> None:
        self.query_one("#pay-search", Input).focus()

    @on(Input.Changed, "#pay-search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value == self.search_query:
            return
        self.search_query = event.value
        if self.view == "recipients":
            self.reload()

    @on(Input.Submitted, "#pay-search")
    def _search_submitted(self) -> None:
        self.query_one("#pay-table", LineTable).focus()

    def _current_recipient(self) -> Any:
        if self.view != "recipients":
            return None
        return self.recipient_rows.get(self._current_key() or "")

    def action_add(self) -> None:
        if self.view == "rates":
            self.add_rate()
        elif self.view == "recipients":
            self.add_recipient()

    def add_recipient(self) -> None:
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

        def saved(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            from wardtui.db.payments.register import add_recipient

            self.write(
                lambda db: add_recipient(
                    db, name=values["name"], dong=values["dong"], role=values["role"], tong=values["tong"],
                    ban=values["ban"], since=values["since"], parent_id=values["parent_id"],
                    school_level=values["school_level"],
                ),
                lambda row: f"등록했습니다: {row.id} {row.masked} {row.role} {row.place}",
            )

        self.app.push_screen(FormScreen("대상자 등록", fields, validate_recipient_form, submit_label="등록"), saved)

    def action_edit_recipient(self) -> None:
        r = self._current_recipient()
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

        def saved(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            from wardtui.db.payments.register import edit_recipient

            self.write(
                lambda db: edit_recipient(db, r.id, r.version, name=values["name"], dong=values["dong"],
                                          tong=values["tong"], ban=values["ban"], since=values["since"]),
                lambda row: f"고쳤습니다: {row.id} {row.masked} {row.role} {row.place}",
            )

        title = f"대상자 수정 — 번호 {r.id} {r.role} (역할은 바꾸지 않습니다)"
        self.app.push_screen(FormScreen(title, fields, partial(validate_recipient_form, role=r.role)), saved)

    def action_end_recipient(self) -> None:
        r = self._current_recipient()
        if r is None:
            self.notify("대상자(m)에서 임기를 끝낼 사람을 고르십시오", title="임기 종료")
            return
        if r.ended_on is not None:
            self.notify(f"이미 {r.ended_on.isoformat()}에 임기가 끝났습니다", title="임기 종료", severity="warning")
            return
        today = self.app.today  # type: ignore[attr-defined]
        fields = [FormField("on", "종료일 (임기 마지막 날)", value=today.isoformat(),
                            help="이 날 뒤의 지급 대상에서 빠집니다. 지급 기록은 그대로 남습니다.")]

        def saved(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            from wardtui.db.payments.register import end_recipient

            self.write(
                lambda db: end_recipient(db, r.id, r.version, on=values["on"]),
                lambda row: f"임기를 끝냈습니다: {row.id} {row.masked} ({values['on'].isoformat()}까지)",
            )

        title = f"임기 종료 — 번호 {r.id} {self._shown_name(f'r{r.id}')} {r.role} {r.place}"
        self.app.push_screen(
            FormScreen(title, fields, partial(validate_end_form, appointed_on=r.appointed_on), submit_label="종료"), saved
        )

    # -- rates -------------------------------------------------------------------------
    def action_show_rates(self) -> None:
        self.view = "rates"
        self.reload()

    @work(thread=True, exclusive=True, group="payments-load")
    def load_rates(self, generation: int) -> None:
        from wardtui.db.payments.programs import programs, rates

        db = self.app.db  # type: ignore[attr-defined]
        self._answer(generation, self.show_rates, lambda: (rates(db), programs(db)))

    def show_rates(self, generation: int, rows: list[Any], every: list[Any]) -> None:
        if generation != self.generation:
            return
        self.program_list = every
        today = self.app.today  # type: ignore[attr-defined]
        self._title(f"지급 단가 {len(rows)}건 (a: 새 단가 — 이전 단가는 전날로 끝납니다)")
        self.rate_rows = {}
        lines = []
        for r in rows:
            key = f"u{r.id}"
            self.rate_rows[key] = r
            current = r.valid_from <= today and (r.valid_to is None or r.valid_to >= today)
            state = "적용 중" if current else ("예정" if r.valid_from > today else "지남")
            lines.append((key, (_right(str(r.id)), r.program, _right(format_won(r.unit_amount_won)), r.unit,
                                r.valid_from.isoformat(), r.valid_to.isoformat() if r.valid_to else "-", state)))
        self._fill((("번호", "id"), ("사업", "program"), ("단가", "amount"), ("단위", "unit"), ("시작", "from"),
                    ("끝", "to"), ("상태", "state")), lines)
        self._select_pending()
        text = "a 새 단가 · Esc 합계로" if rows else "정한 단가가 없습니다 · a 새 단가 · Esc 합계로"
        self._status(text)

    def add_rate(self) -> None:
        if not self.program_list:
            return
        chosen = self.rate_rows.get(self._current_key() or "") if self.view == "rates" else None
        latest: dict[str, Any] = {}
        for r in self.rate_rows.values():
            key = str(r.program_id)
            latest[key] = max(latest.get(key, r.valid_from), r.valid_from)
        cadences = {str(p.id): p.cadence for p in self.program_list}
        by_id = {p.id: p for p in self.program_list}
        today = self.app.today  # type: ignore[attr-defined]
        fields = [
            FormField("program", "사업", value=str(chosen.program_id) if chosen else "",
                      choices=[(str(p.id), p.name) for p in self.program_list]),
            FormField("amount", "단가(원)", placeholder="예: 300,000", help="반장 보상품은 연 50,000원 이내 (명절 2회)"),
            FormField("since", "적용 시작일", value=today.isoformat(),
                      help="이전 단가는 이 날의 전날로 끝납니다. 이미 있는 단가의 시작일보다 뒤여야 합니다."),
            FormField("unit", "단위", placeholder="비우면 사업에 맞게 (월·인·명절·반기)"),
        ]

        def saved(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            from wardtui.db.payments.programs import set_rate

            program = by_id[values["program_id"]]
            self.write(
                lambda db: set_rate(db, program, values["amount_won"], values["since"], unit=values["unit"]),
                lambda rate: f"단가를 정했습니다: {rate.program} {format_won(rate.unit_amount_won)}/{rate.unit} "
                f"({rate.valid_from.isoformat()}부터)",
                select=lambda rate: f"u{rate.id}",
            )

        validate = partial(validate_rate_form, cadences=cadences, latest=latest)
        self.app.push_screen(FormScreen("새 단가", fields, validate, submit_label="정하기"), saved)

    # -- writes ------------------------------------------------------------------------
    @work(thread=True, group="payments-edit")
    def write(
        self, change: Callable[[Any], Any], done: Callable[[Any], str], select: Callable[[Any], str] | None = None
    ) -> None:
        """Run one write off the UI thread; report it, then reload whatever happened."""
        from wardtui.errors import WardError

        try:
            result = change(self.app.db)  # type: ignore[attr-defined]
        except WardError as exc:
            self.app.call_from_thread(self.notify, exc.message, title="저장하지 못했습니다", severity="error")
        except Exception as exc:  # noqa: BLE001 - a locked database must not close the app
            from wardtui.screens.payment_run import unexpected_failure

            message = unexpected_failure(exc, "저장하지 않았습니다")
            self.app.call_from_thread(self.notify, message, title="저장하지 못했습니다", severity="error")
        else:
            key = select(result) if select else f"r{getattr(result, 'id', '')}"
            self.app.call_from_thread(self._written, done(result), key)
            return
        self.app.call_from_thread(self.reload)

    def _written(self, message: str, key: str) -> None:
        self.notify(message, title="저장했습니다")
        self.select_key = key
        self.reload()

    def _select_pending(self) -> None:
        key, self.select_key = self.select_key, None
        if key is None:
            return
        table = self.query_one("#pay-table", LineTable)
        try:
            table.move_cursor(row=table.get_row_index(key))
        except Exception:  # noqa: BLE001 - the row may be filtered out by the search
            pass

    # -- shared ------------------------------------------------------------------------
    def _answer(self, generation: int, show: Callable[..., None], read: Callable[[], tuple[Any, ...]]) -> None:
        """In a load worker: read, then show; a failed read is a message, not a closed app."""
        from wardtui.errors import WardError

        try:
            answer = read()
        except Exception as exc:  # noqa: BLE001 - a damaged or unreachable database must not close the app
            from wardtui.screens.payment_run import unexpected_failure

            message = exc.message if isinstance(exc, WardError) else unexpected_failure(exc, "불러오지 못했습니다")
            self.app.call_from_thread(self._load_failed, generation, message)
            return
        self.app.call_from_thread(show, generation, *answer)

    def _load_failed(self, generation: int, message: str) -> None:
        if generation != self.generation:
            return
        self.page_loading, self.page_keys = False, 0
        self._status(Text(message, style="bold red"))
        self.notify(message, title="불러오지 못했습니다", severity="error")

    # One line each, always: updated without a layout of the whole screen.
    def _title(self, text: str | Text) -> None:
        self.query_one("#pay-title", Static).update(text, layout=False)

    def _status(self, text: str | Text) -> None:
        self.query_one("#pay-status", Static).update(text, layout=False)

    def _fill(self, columns: tuple[tuple[str, str], ...], lines: list[tuple[str, tuple[Any, ...]]]) -> None:
        """Show a view's rows, the cursor on the first (LineTable: a few hundred rows cost ~10 ms
        where DataTable took ~150 ms to measure and draw them)."""
        table = self.query_one("#pay-table", LineTable)
        if [c.key for c in table.columns] != [key for _, key in columns]:
            table.set_columns([Column(label, key) for label, key in columns])
        table.set_rows(lines)

    def _shown_name(self, key: str) -> str:
        full = self.names.get(key, "-")
        return full if key in self.revealed else mask_name(full)

    def _current_key(self) -> str | None:
        return self.query_one("#pay-table", LineTable).cursor_key

    def _current_total(self) -> Any:
        if self.view != "totals":
            return None
        return self.total_rows.get(self._current_key() or "")

    def action_reveal(self) -> None:
        key = self._current_key()
        if key is None or key not in self.names:
            return
        self.revealed ^= {key}
        self.query_one("#pay-table", LineTable).update_cell(key, "name", self._shown_name(key))

    def action_run(self) -> None:
        from wardtui.screens.payment_run import PaymentRunScreen

        chosen = self._current_total()
        program_id = chosen.program_id if chosen is not None else None
        self.app.push_screen(PaymentRunScreen(program_id=program_id))

    def show_target(self, key: str | None) -> None:
        """Open a payment run for ``code:period`` (the home dashboard jumps here)."""
        from wardtui.db.payments.programs import programs
        from wardtui.screens.payment_run import PaymentRunScreen

        code, _, period = (key or "").partition(":")
        program_id = next((p.id for p in programs(self.app.db) if p.code == code), None)  # type: ignore[attr-defined]
        if program_id is not None:
            self.app.push_screen(PaymentRunScreen(program_id=program_id, period=period or None))

    def action_reverse(self) -> None:
        """Correct the payment under the cursor with a 환수 row (never an edit or a delete)."""
        row = self.ledger_rows.get(self._current_key() or "") if self.view == "ledger" else None
        if row is None:
            self.notify("지급 내역(l)에서 정정할 지급을 고르십시오", title="정정")
            return
        if row.state != "지급":
            self.notify(f"이 행은 '{row.state}' 상태라 정정할 수 없습니다", title="정정", severity="warning")
            return
        from wardtui.widgets.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.write_reversal(row.id)

        shown = self._shown_name(row.id)
        self.app.push_screen(ConfirmScreen(
            f"{row.program} {row.period} {shown} {format_won(row.amount_won)}\n"
            f"이 지급을 정정할까요? 환수 {format_won(-row.amount_won)} 행을 더합니다.",
            yes="정정 (y)", no="취소 (n)",
        ), answered)

    @work(thread=True, exclusive=True, group="payments-write")
    def write_reversal(self, payment_id: str) -> None:
        from wardtui.db.payments.paying import reverse_payment
        from wardtui.errors import WardError

        try:
            reverse_payment(self.app.db, payment_id, on=self.app.today)  # type: ignore[attr-defined]
        except WardError as exc:
            problem = exc.message
        except Exception as exc:  # noqa: BLE001 - whatever failed, the app stays open and says so
            from wardtui.screens.payment_run import unexpected_failure

            problem = unexpected_failure(exc, "정정하지 않았습니다. 아무것도 기록하지 않았습니다")
        else:
            self.app.call_from_thread(self._reversed)
            return
        self.app.call_from_thread(self.notify, problem, title="정정하지 않았습니다", severity="error")

    def _reversed(self) -> None:
        self.notify("환수 행을 더했습니다", title="정정했습니다")
        self.reload()

    @on(LineTable.RowSelected, "#pay-table")
    def _row_selected(self, event: LineTable.RowSelected) -> None:
        key = event.key
        if self.view == "totals":
            self.action_show_ledger()
        elif self.view == "recipients" and key.startswith("r"):
            rid = int(key[1:])
            label = self.names.get(key, "")
            shown = label if key in self.revealed else mask_name(label)
            self.open_ledger(LedgerFilter(recipient_id=rid, title=f"{shown} (번호 {rid})"))
