"""One project: purpose, 사업개요, the budget table by source and the milestone timeline.

Staff log here: milestones (n/e/space/d) and budget execution (x to add; e/d on the
execution list when it has the focus); h shows the change log.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import partial
from dataclasses import dataclass
from typing import Any

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from wardtui.core.dates import format_date
from wardtui.core.money import format_rate, format_thousand, format_won
from wardtui.core.projects import (
    FORM_STATES,
    SOURCES,
    FundingLine,
    TimelineItem,
    milestone_dates_text,
    split_timeline,
    validate_execution,
    validate_milestone,
)
from wardtui.db.projects import (
    ChangeRow,
    ExecutionRow,
    MilestoneRow,
    ProjectRow,
    add_execution,
    add_milestone,
    change_log_for,
    edit_execution,
    edit_milestone,
    executions_for,
    funding_lines,
    get_project,
    milestones_for,
    overview_lines,
    remove_execution,
    remove_milestone,
    toggle_milestone,
)
from wardtui.screens.base import WardModalScreen, WardScreen, db_work
from wardtui.widgets.footer import WardFooter
from wardtui.widgets.form import FormField, FormScreen
from wardtui.widgets.rate_bar import rate_bar

TODAY_KEY = "__today__"
UNDATED_KEY = "__undated__"
STATE_STYLES = {"완료": "green", "진행": "yellow", "계획": "", "취소": "dim strike"}
ACTIONS = {"add": "추가", "edit": "수정", "remove": "삭제", "restore": "복원"}
ENTITIES = {"milestone": "일정", "execution_entry": "집행"}
FIELD_LABELS = {
    "title": "내용", "state": "상태", "note": "메모", "date_text": "날짜", "amount_won": "금액",
    "source": "재원", "executed_on": "집행일",
}


@dataclass(frozen=True)
class ProjectView:
    project: ProjectRow
    overview: list[tuple[str | None, str]]
    funding: list[FundingLine]
    milestones: list[MilestoneRow]
    executions: list[ExecutionRow]


def milestone_date_input(m: MilestoneRow) -> str:
    """The stored dates as form text the one date parser reads back ('2021. 3. ~ 2021. 5.')."""
    return milestone_dates_text(m.starts_on, m.start_precision, m.ends_on, m.end_precision)


def milestone_fields(m: MilestoneRow | None = None) -> list[FormField]:
    states = list(FORM_STATES)
    if m is not None and m.state not in states:
        states.insert(1, m.state)
    return [
        FormField("date", "날짜", value=milestone_date_input(m) if m else "", placeholder="2021-03-15 · 2021.3.15 · '21. 3. 15. · 2021.3",
                  help="월까지만: 2021.3 · '21. 3. / 기간: 2021. 5. ~ 7."),
        FormField("title", "내용", value=m.title if m else "", placeholder="예: 설계공모 공고"),
        FormField("note", "메모", value=(m.note or "") if m else ""),
        FormField("state", "상태", value=m.state if m else "계획", choices=[(s, s) for s in states]),
    ]


def execution_fields(today_text: str, entry: ExecutionRow | None = None) -> list[FormField]:
    """The 집행 기록 form; given an entry, prefilled with its stored values (for e)."""
    return [
        FormField("amount", "금액(원)", value=f"{entry.amount_won:,}" if entry else "", placeholder="1,234,000 · 1234000 · 1,234천원"),
        FormField("date", "집행일", value=format_date(entry.executed_on) if entry else today_text),
        FormField("source", "재원", value=entry.source if entry else "구비", choices=[(s, s) for s in SOURCES]),
        FormField("note", "메모", value=(entry.note or "") if entry else ""),
    ]


def _shown(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value) if value else "-"


def change_summary(row: ChangeRow) -> str:
    old = json.loads(row.old_values) if row.old_values else {}
    new = json.loads(row.new_values) if row.new_values else {}
    if row.action == "edit":
        parts = [
            f"{FIELD_LABELS.get(k, k)}: {_shown(old.get(k))} → {_shown(new.get(k))}"
            for k in sorted(set(old) | set(new))
            if k in FIELD_LABELS and old.get(k) != new.get(k)
        ]
        return "; ".join(parts)
    values = new or old
    if row.entity == "execution_entry":
        amount = values.get("amount_won")
        return f"{values.get('executed_on', '')} {values.get('source', '')} {amount:,}원" if isinstance(amount, int) else ""
    return f"{values.get('date_text') or ''} {values.get('title', '')} ({values.get('state', '')})"


class ChangeLogScreen(WardModalScreen[None]):
    """Every change to the project's logged data, newest first."""

    CSS_PATH = "projects.tcss"
    BINDINGS = [
        Binding("escape", "dismiss", "닫기", id="changelog.close"),
        Binding("h", "dismiss", "닫기", show=False, id="changelog.close_h"),
    ]

    def __init__(self, title: str, rows: list[ChangeRow]) -> None:
        super().__init__()
        self.log_title = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        lines = [f"[b]변경 기록 — {escape(self.log_title)}[/b] ({len(self.rows)}건)", ""]
        if not self.rows:
            lines.append("아직 기록된 변경이 없습니다.")
        for r in self.rows:
            when = r.changed_at.astimezone().strftime("%Y-%m-%d %H:%M") if r.changed_at else ""
            what = f"{ENTITIES.get(r.entity, r.entity)} {ACTIONS.get(r.action, r.action)}"
            lines.append(f"{when}  {escape(r.changed_by)}  [b]{what}[/b]  {escape(change_summary(r))}")
        lines += ["", "[dim]Esc 닫기[/dim]"]
        with VerticalScroll(id="change-log"):
            yield Static("\n".join(lines))


class ProjectDetailScreen(WardScreen[None]):
    """Pushed over the project list; Esc goes back."""

    CSS_PATH = "projects.tcss"
    HELP_EXTRA_KEYS = [("tab", "개요 · 집행 기록 · 일정 사이 이동 (e·d는 고른 목록에)")]
    # e and d act on the list that has the focus: check_action lets exactly one of each pair run.
    BINDINGS = [
        Binding("escape", "app.pop_screen", "목록으로", id="project.back"),
        Binding("n", "add_milestone", "일정 추가", id="project.milestone_add"),
        Binding("e", "edit_milestone", "수정", id="project.milestone_edit"),
        Binding("e", "edit_execution", "집행 수정", id="project.execution_edit"),
        Binding("space", "toggle_milestone", "완료 전환", id="project.milestone_toggle"),
        Binding("d", "remove_milestone", "삭제", id="project.milestone_remove"),
        Binding("d", "remove_execution", "집행 삭제", id="project.execution_remove"),
        Binding("x", "log_execution", "집행 기록", id="project.execution_add"),
        Binding("h", "change_log", "변경 기록", id="project.change_log"),
    ]
    EXECUTION_ACTIONS = frozenset({"edit_execution", "remove_execution"})
    MILESTONE_ONLY_ACTIONS = frozenset({"edit_milestone", "toggle_milestone", "remove_milestone"})

    def __init__(self, project_id: int) -> None:
        super().__init__(id="project-detail-screen")
        self.project_id = project_id
        self.view: ProjectView | None = None
        self.milestones: dict[str, MilestoneRow] = {}
        self.executions: dict[str, ExecutionRow] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="project-info"):
            yield Static("불러오는 중…", id="project-summary")
            yield Static("", id="project-funding")
        yield Static("집행 기록", id="execution-title", classes="list-title")
        yield DataTable(id="execution-table", cursor_type="row", zebra_stripes=True)
        yield Static("일정", id="milestone-title", classes="list-title")
        yield DataTable(id="milestone-table", cursor_type="row", zebra_stripes=True)
        yield WardFooter()

    def on_mount(self) -> None:
        table = self.query_one("#milestone-table", DataTable)
        for label, key in (("날짜", "date"), ("D-day", "dday"), ("상태", "state"), ("내용", "title")):
            table.add_column(label, key=key)
        entries = self.query_one("#execution-table", DataTable)
        for label, key in (("집행일", "date"), ("재원", "source"), ("금액(원)", "amount"), ("메모", "note")):
            entries.add_column(label, key=key)
        table.focus()

    # -- which list e / d act on -------------------------------------------------------
    def execution_focused(self) -> bool:
        focused = self.focused
        return focused is not None and focused.id == "execution-table"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EXECUTION_ACTIONS:
            return self.execution_focused()
        if action in self.MILESTONE_ONLY_ACTIONS:
            return not self.execution_focused()
        return True

    def on_descendant_focus(self) -> None:
        self._mark_active_list()

    def on_descendant_blur(self) -> None:
        self._mark_active_list()

    def _mark_active_list(self) -> None:
        focused_id = self.focused.id if self.focused is not None else None
        self.query_one("#execution-title").set_class(focused_id == "execution-table", "-active")
        self.query_one("#milestone-title").set_class(focused_id == "milestone-table", "-active")
        self.refresh_bindings()

    # -- reading -----------------------------------------------------------------------
    def reload(self) -> None:
        self.load()  # the cursor stays on its row

    @db_work(group="project-load")
    def load(self, select: str | None = None) -> None:
        db = self.db
        project = get_project(db, self.project_id)
        view = None
        if project is not None:
            view = ProjectView(
                project, overview_lines(db, project.id), funding_lines(db, project.id), milestones_for(db, project.id),
                executions_for(db, project.id),
            )
        self.app.call_from_thread(self.show, view, select)

    def show(self, view: ProjectView | None, select: str | None = None) -> None:
        summary = self.query_one("#project-summary", Static)
        if view is None:
            summary.update("이 사업을 찾을 수 없습니다. Esc: 목록으로")
            return
        self.view = view
        self.sub_title = view.project.name
        summary.update(self._summary(view))
        self.query_one("#project-funding", Static).update(self._funding(view.funding))
        self._fill_executions(view.executions, select)
        self._fill_timeline(view.milestones, select)

    def _summary(self, view: ProjectView) -> Group:
        p = view.project
        head = Text.assemble((p.name, "bold"), f"  {p.year} {p.part_label} · {p.status}")
        if p.team:
            head.append(f" · {p.team}")
        budget = f"{format_thousand(p.budget_won)}천원" if p.budget_won is not None else "없음"
        executed = f"{format_thousand(p.executed_won)}천원" if p.executed_won is not None else "아직 없음"
        rate = Text.assemble(f"예산 {budget} · 집행 {executed}  ", rate_bar(p.rate, 10))
        parts: list[Any] = [head, rate]
        if p.purpose:
            parts.append(Text.assemble(("목적 ", "dim"), p.purpose))
        if view.overview:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(style="dim", no_wrap=True)
            grid.add_column()
            for label, text in view.overview:
                grid.add_row(label or "·", text)
            parts += [Text("사업개요", style="bold"), grid]
        return Group(*parts)

    def _funding(self, lines: list[FundingLine]) -> Group:
        table = Table(box=None, padding=(0, 1), header_style="bold", pad_edge=False)
        table.add_column("재원")
        for column in ("예산(천원)", "집행(천원)", "집행률"):
            table.add_column(column, justify="right")
        for line in lines:
            style = "bold" if line.source == "계" else ""
            table.add_row(
                line.source, format_thousand(line.budget_won), format_thousand(line.executed_won), format_rate(line.rate), style=style
            )
        return Group(Text("재원별 예산·집행 (집행에는 기록한 집행 포함)", style="bold"), table)

    def _fill_timeline(self, milestones: list[MilestoneRow], select: str | None) -> None:
        today = self.today
        self.milestones = {m.id: m for m in milestones}
        timeline = split_timeline(
            [(m.id, m.starts_on, m.start_precision, m.ends_on, m.end_precision, m.seq) for m in milestones], today
        )
        table = self.query_one("#milestone-table", DataTable)
        previous = select if select not in self.executions else None
        previous = previous or self._selected_key()
        table.clear()
        marker_done = undated_done = False
        for item in timeline:
            if item.when != "past" and not marker_done:
                self._add_today(table, today)
                marker_done = True
            if item.when == "undated" and not undated_done:
                table.add_row("", "", "", Text("── 날짜 없는 일정 (매월·명절 등) ──", style="dim"), key=UNDATED_KEY)
                undated_done = True
            self._add_milestone_row(table, self.milestones[item.key], item)
        if not marker_done:
            self._add_today(table, today)
        upcoming = sum(1 for i in timeline if i.when == "upcoming")
        self.query_one("#milestone-title", Static).update(
            f"일정 {len(timeline)}건 (다가오는 일정 {upcoming}건) · n 추가 · e 수정 · space 완료 · d 삭제 · x 집행"
        )
        target = previous if previous is not None and previous in table.rows else TODAY_KEY
        table.move_cursor(row=table.get_row_index(target), animate=False)

    def _fill_executions(self, entries: list[ExecutionRow], select: str | None) -> None:
        table = self.query_one("#execution-table", DataTable)
        previous = select if select in {e.id for e in entries} else self._selected_key(table)
        previous_row = table.cursor_row
        self.executions = {e.id: e for e in entries}
        table.clear()
        for e in entries:
            table.add_row(format_date(e.executed_on), e.source, Text(f"{e.amount_won:,}", justify="right"), e.note or "", key=e.id)
        total = sum(e.amount_won for e in entries)
        self.query_one("#execution-title", Static).update(
            f"집행 기록 {len(entries)}건 (합계 {format_won(total)}) · x 추가 · Tab으로 이 목록을 골라 e 수정 · d 삭제"
            if entries else "집행 기록 없음 · x 추가"
        )
        table.display = bool(entries)  # nothing to pick: Tab skips it and the title says x adds
        if not entries:
            if self.focused is table:
                self.query_one("#milestone-table", DataTable).focus()
            return
        row = (table.get_row_index(previous) if previous is not None and previous in table.rows
               else min(max(previous_row, 0), len(entries) - 1))
        table.move_cursor(row=row, animate=False)

    @staticmethod
    def _add_today(table: DataTable[Any], today: dt.date) -> None:
        table.add_row(
            Text(format_date(today), style="bold reverse"), Text("오늘", style="bold reverse"), "", Text("── 오늘 ──", style="bold"),
            key=TODAY_KEY,
        )

    @staticmethod
    def _add_milestone_row(table: DataTable[Any], m: MilestoneRow, item: TimelineItem) -> None:
        label = item.label if item.when == "upcoming" else ""
        date = m.date_label or "—"
        title = Text(m.title, style=STATE_STYLES.get(m.state, ""))
        if m.note:
            title.append(f"  ({m.note})", style="dim")
        table.add_row(date, Text(label, style="bold" if label else ""), Text(m.state, style=STATE_STYLES.get(m.state, "")), title, key=m.id)

    def _selected_key(self, table: DataTable[Any] | None = None) -> str | None:
        table = table if table is not None else self.query_one("#milestone-table", DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def selected_milestone(self) -> MilestoneRow | None:
        key = self._selected_key()
        found = self.milestones.get(key) if key else None
        if found is None:
            self.notify("일정을 먼저 고르십시오 (↑↓)", severity="warning")
        return found

    def selected_execution(self) -> ExecutionRow | None:
        key = self._selected_key(self.query_one("#execution-table", DataTable))
        found = self.executions.get(key) if key else None
        if found is None:
            self.notify("집행 기록을 먼저 고르십시오 (x로 추가)", severity="warning")
        return found

    # -- writing -----------------------------------------------------------------------
    def save(self, change: Callable[[Any], Any], done: str, select: str | None = None, *,
             change_selects_result: bool = False, form: FormScreen | None = None) -> None:
        """Run one write off the UI thread; say it is done and read again, on the row it touched.
        From a form, the form stays open until the write is done (see save_form)."""

        def written(result: Any) -> None:
            self.notify(done)
            self.load(result if select is None and change_selects_result else select)  # the new milestone's id

        if form is None:
            self.write(change, written)
        else:
            self.save_form(form, change, written)

    def work_failed(self, name: str, message: str) -> None:
        if name == "write":
            self.load()  # show what is stored now, whatever the write did
        elif self.view is None:
            self.query_one("#project-summary", Static).update(Text(message, style="bold red"))

    def action_add_milestone(self) -> None:
        def saved(values: dict[str, Any], form: FormScreen) -> None:
            self.save(
                lambda db: add_milestone(
                    db, self.project_id, start=values["start"], end=values["end"], date_text=values["date_text"],
                    title=values["title"], note=values["note"], state=values["state"],
                ),
                f"일정을 추가했습니다: {values['title']}",
                change_selects_result=True, form=form,
            )

        self.app.push_screen(FormScreen("일정 추가", milestone_fields(), validate_milestone, save=saved))

    def action_edit_milestone(self) -> None:
        m = self.selected_milestone()
        if m is None:
            return

        def saved(values: dict[str, Any], form: FormScreen) -> None:
            self.save(
                lambda db: edit_milestone(
                    db, m.id, m.version, start=values["start"], end=values["end"], date_text=values["date_text"],
                    title=values["title"], note=values["note"], state=values["state"],
                ),
                f"일정을 고쳤습니다: {values['title']}",
                m.id, form=form,
            )

        undated = m.starts_on is None and m.ends_on is None
        validate = partial(validate_milestone, allow_blank_date=undated)
        self.app.push_screen(FormScreen("일정 수정", milestone_fields(m), validate, save=saved))

    def action_toggle_milestone(self) -> None:
        m = self.selected_milestone()
        if m is not None:
            self.save(lambda db: toggle_milestone(db, m.id, m.version), f"상태를 바꿨습니다: {m.title}", m.id)

    def action_remove_milestone(self) -> None:
        m = self.selected_milestone()
        if m is None:
            return
        from wardtui.widgets.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.save(lambda db: remove_milestone(db, m.id, m.version), f"일정을 지웠습니다: {m.title} (변경 기록에 남습니다)")

        self.app.push_screen(ConfirmScreen(f"이 일정을 지울까요?\n{m.date_label} {m.title}", yes="지우기 (y)", no="그대로 두기 (n)"), answered)

    def action_log_execution(self) -> None:
        today = self.today

        def saved(values: dict[str, Any], form: FormScreen) -> None:
            self.save(
                lambda db: add_execution(db, self.project_id, **values),
                f"집행을 기록했습니다: {values['source']} {values['amount_won']:,}원", form=form,
            )

        self.app.push_screen(FormScreen("집행 기록", execution_fields(format_date(today)), validate_execution, save=saved))

    def action_edit_execution(self) -> None:
        entry = self.selected_execution()
        if entry is None:
            return
        today = self.today

        def saved(values: dict[str, Any], form: FormScreen) -> None:
            self.save(
                lambda db: edit_execution(db, entry.id, entry.version, **values),
                f"집행 기록을 고쳤습니다: {values['source']} {values['amount_won']:,}원",
                entry.id, form=form,
            )

        self.app.push_screen(FormScreen("집행 기록 수정", execution_fields(format_date(today), entry), validate_execution,
                                        save=saved))

    def action_remove_execution(self) -> None:
        entry = self.selected_execution()
        if entry is None:
            return
        from wardtui.widgets.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.save(
                    lambda db: remove_execution(db, entry.id, entry.version),
                    f"집행 기록을 지웠습니다: {entry.source} {format_won(entry.amount_won)} (변경 기록에 남습니다)",
                )

        question = f"이 집행 기록을 지울까요?\n{format_date(entry.executed_on)} {entry.source} {format_won(entry.amount_won)}"
        if entry.note:
            question += f" ({entry.note})"
        self.app.push_screen(ConfirmScreen(question, yes="지우기 (y)", no="그대로 두기 (n)"), answered)

    def action_change_log(self) -> None:
        self.load_change_log()

    @db_work(group="project-log")
    def load_change_log(self) -> None:
        rows = change_log_for(self.db, self.project_id)
        title = self.view.project.name if self.view else ""
        self.app.call_from_thread(self.app.push_screen, ChangeLogScreen(title, rows))
