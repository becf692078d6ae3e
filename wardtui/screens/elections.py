"""Section 4: the election countdown — statutory schedule, D-days, recorded dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from wardtui.core.dates import dday_label, format_date, weekday_ko
from wardtui.db.elections import (
    ORIGIN_LABELS,
    ElectionDetail,
    ElectionInfo,
    ElectionStatRow,
    HolidayOverrides,
    ScheduleRow,
    add_election,
    record_event,
    all_elections,
    election_detail,
    holiday_overrides,
    next_election,
)
from wardtui.errors import WardError
from wardtui.screens.base import FailureWords, WardScreen, db_work
from wardtui.widgets.footer import WardFooter
from wardtui.widgets.form import FormField, FormScreen
from wardtui.widgets.tables import fill_table

#: Short names for the table at 80 columns; the full name shows under the table.
SHORT_NAMES = {
    "resign_tong_head": "통·리·반장 등 사직",
    "head_influence_ban": "단체장 선거영향 행위 금지",
    "overseas_absentee_report": "국외부재자 신고",
    "guide_mailing": "투표안내문·선거공보 발송",
    "roll_inspection": "선거인명부 열람·이의신청",
}

COLUMNS = (("D-day", "dday"), ("날짜", "date"), ("요일", "weekday"), ("일정", "name"), ("근거", "article"), ("기록", "recorded"))

RECORD_FAILED = FailureWords("기록", "기록하지 않았습니다")
ADD_FAILED = FailureWords("선거 추가", "추가하지 않았습니다")

HIGHLIGHT = "bold reverse"
PAST = "dim"


def short_date(day: dt.date, year: int) -> str:
    """'03.25', or "'20.12.08" when it falls in another year than the election."""
    return f"{day:%m.%d}" if day.year == year else f"'{day:%y.%m.%d}"


def span(row_start: dt.date, row_end: dt.date, year: int) -> str:
    first = short_date(row_start, year)
    return first if row_start == row_end else f"{first}~{short_date(row_end, year)}"


def day_mark(day: dt.date, holidays: HolidayOverrides, election_day: dt.date | None = None) -> Text:
    """'목', or a marked '토' / '일' / '공휴일' (a regular election day is a holiday too)."""
    if holidays.is_holiday(day) or day == election_day:
        return Text("공휴일", style="bold red")
    if day.weekday() == 6:
        return Text("일", style="bold red")
    if day.weekday() == 5:
        return Text("토", style="bold blue")
    return Text(weekday_ko(day))


def weekday_cell(row: ScheduleRow, holidays: HolidayOverrides, election_day: dt.date | None) -> Text:
    first = day_mark(row.start, holidays, election_day)
    if row.start == row.end:
        return first
    return Text.assemble(first, "~", day_mark(row.end, holidays, election_day))


def dday_cell(row: ScheduleRow, today: dt.date) -> str:
    state = row.state(today)
    if state == "ongoing":
        return f"~{dday_label(row.end, today)}"
    return dday_label(row.start, today)


def stat_value(stat: ElectionStatRow) -> str:
    """'114개소', '327,879명'; the printed figure where the unit is not a count ('68.61%')."""
    if stat.unit in ("개소", "명", "개", "일"):
        return f"{stat.value:,}{stat.unit}"
    return stat.printed


def _by_election_choice(text: str) -> bool | None:
    return {"yes": True, "no": False, "": False}.get(text)


def validate_election_form(raw: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The add-election form: dates parse, and the election rules accept the request."""
    from wardtui.core.dates import DateParseError, parse_day
    from wardtui.db.elections import kind_of, statutory_schedule

    values: dict[str, Any] = {"name": raw.get("name", "").strip() or None}
    errors: dict[str, str] = {}
    try:
        values["kind"] = kind_of(raw.get("kind", ""))
    except WardError as exc:
        errors["kind"] = "선거 종류를 고르십시오" if not raw.get("kind") else exc.message
    try:
        values["day"] = parse_day(raw.get("day", ""))
    except DateParseError as exc:
        errors["day"] = str(exc)
    values["by_election"] = _by_election_choice(raw.get("by_election", "")) or False
    cause_text = raw.get("cause", "").strip()
    values["cause"] = None
    if cause_text:
        try:
            values["cause"] = parse_day(cause_text)
        except DateParseError as exc:
            errors["cause"] = str(exc)
    if not errors:
        try:
            statutory_schedule(values["day"], values["kind"], by_election=values["by_election"], cause=values["cause"])
        except WardError as exc:
            field = "cause" if values["cause"] is not None or "궐위" in exc.message else "day"
            errors[field] = exc.message
    return values, errors


def validate_record_form(raw: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The recorded-date form: a start day, and an end day for a period."""
    from wardtui.core.dates import DateParseError, parse_day

    values: dict[str, Any] = {"end": None}
    errors: dict[str, str] = {}
    try:
        values["start"] = parse_day(raw.get("start", ""))
    except DateParseError as exc:
        errors["start"] = str(exc)
    if raw.get("end", "").strip():
        try:
            values["end"] = parse_day(raw["end"])
        except DateParseError as exc:
            errors["end"] = str(exc)
    if not errors and values["end"] is not None and values["end"] < values["start"]:
        errors["end"] = "끝 날짜가 시작 날짜보다 앞섭니다"
    return values, errors


ELECTION_FORM = [
    FormField("kind", "선거 종류", value="local", choices=[("presidential", "대통령선거"), ("assembly", "국회의원선거"), ("local", "지방선거")]),
    FormField("day", "선거일", placeholder="예: 2027-04-07"),
    FormField("by_election", "보궐선거 여부", value="no", choices=[("no", "임기만료 선거"), ("yes", "보궐선거 등 (대통령: 궐위선거)")]),
    FormField("cause", "궐위 사유 확정일 (대통령 궐위선거만)", placeholder="예: 2025-04-04", help="다른 선거는 비워 두십시오."),
    FormField("name", "이름 (비우면 자동)", placeholder="예: 2027. 4. 7. 재·보궐선거"),
]


class ElectionsScreen(WardScreen[None]):
    """One election at a time: its D-day, every statutory step with its own D-day."""

    CSS_PATH = "elections.tcss"
    STATUS_ID = "election-title"
    HELP_EXTRA_KEYS = [("down", "일정 고르기: 아래 줄에 전체 이름·근거·기록")]
    BINDINGS = [
        Binding("left_square_bracket", "step(-1)", "이전 선거", id="elections.previous", key_display="["),
        Binding("right_square_bracket", "step(1)", "다음 선거", id="elections.next", key_display="]"),
        Binding("t", "next_election", "가장 가까운 선거", id="elections.nearest"),
        Binding("n", "add_election", "선거 추가", id="elections.add"),
        Binding("r", "record_event", "실제 날짜 기록", id="elections.record"),
    ]

    def __init__(self) -> None:
        super().__init__(id="elections-screen")
        self.elections: list[ElectionInfo] = []
        self.holidays = HolidayOverrides()
        self.index = 0
        self.detail: ElectionDetail | None = None
        self.pending_key: str | None = None
        self.list_generation = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("불러오는 중…", id="election-title")
        yield Static("", id="election-next")
        yield Static("", id="election-stats")
        yield DataTable(id="election-table", cursor_type="row", zebra_stripes=False)
        yield Static("", id="election-row-detail")
        yield WardFooter()

    def on_mount(self) -> None:
        self.query_one("#election-table", DataTable).focus()

    # -- loading ------------------------------------------------------------------------
    def reload(self) -> None:
        self.read_elections()

    def read_elections(self, select_key: str | None = None) -> None:
        """Read the list again, then show ``select_key``'s election (by default the one shown)."""
        self.list_generation += 1
        self.load_elections(self.list_generation, select_key)

    @db_work(group="elections-list")
    def load_elections(self, generation: int, select_key: str | None) -> None:
        db = self.db
        holidays = holiday_overrides(db)
        elections = all_elections(db, self.today, holidays)
        self.app.call_from_thread(self.show_elections, generation, elections, holidays, select_key)

    def show_elections(self, generation: int, elections: list[ElectionInfo], holidays: HolidayOverrides,
                       select_key: str | None) -> None:
        if generation != self.list_generation:
            return  # an older read's answer arriving late
        # The election asked for, else one a jump from home asked for before the list was there,
        # else the one shown now (a jump may have moved it since the list was asked for).
        key = select_key or self.pending_key or (self.elections[self.index].key if self.elections else None)
        self.pending_key = None
        self.elections = elections
        self.holidays = holidays
        keys = [e.key for e in elections]
        if key in keys:
            self.index = keys.index(key)
        else:
            nearest = next_election(elections, self.today)
            self.index = elections.index(nearest) if nearest else max(len(elections) - 1, 0)
        self.load_detail()

    def load_detail(self) -> None:
        if not self.elections:
            self.query_one("#election-title", Static).update("선거가 없습니다. n 선거 추가")
            return
        self._load_detail(self.elections[self.index])

    @db_work(group="elections-detail")
    def _load_detail(self, election: ElectionInfo) -> None:
        detail = election_detail(self.db, election)
        self.app.call_from_thread(self.show_detail, detail)

    # -- showing ------------------------------------------------------------------------
    def show_detail(self, detail: ElectionDetail) -> None:
        if not self.elections or detail.election.key != self.elections[self.index].key:
            return  # the user moved on while it loaded
        table = self.query_one("#election-table", DataTable)
        # The same election read again: the cursor stays on the step it was on.
        before = self.detail
        kept = (before.rows[table.cursor_row].key
                if before is not None and before.election.key == detail.election.key and table.row_count
                and table.cursor_row < len(before.rows) else None)
        self.detail = detail
        e = detail.election
        today = self.today
        position = f"[{self.index + 1}/{len(self.elections)}]"
        title = Text.assemble(
            (f"{position} ", "dim"),
            (f"{e.name}", "bold"),
            f"  {e.kind_label} · {format_date(e.day)}({weekday_ko(e.day)}) ",
            (f" {dday_label(e.day, today)} ", "bold reverse"),
            (f"  {ORIGIN_LABELS[e.origin]}", "dim"),
        )
        self.query_one("#election-title", Static).update(title)

        highlight = detail.highlight_index(today)
        next_line = self.query_one("#election-next", Static)
        if detail.error:
            next_line.update(Text(f"법정 일정을 만들 수 없습니다: {detail.error}", style="bold red"))
        elif highlight is not None:
            row = detail.rows[highlight]
            next_line.update(
                Text.assemble(
                    "다음 기한: ",
                    (f"{row.name} {format_date(row.start)}({weekday_ko(row.start)}) {dday_label(row.start, today)}", "bold"),
                )
            )
        else:
            next_line.update(Text("남은 기한이 없습니다 (지난 선거).", style="dim"))

        self.query_one("#election-stats", Static).update(self._stats_text(detail))
        self.query_one("#election-stats", Static).display = bool(detail.stats or detail.contests or e.note)

        regular_day = e.day if not e.by_election else None
        rows = []
        for i, row in enumerate(detail.rows):
            style = HIGHLIGHT if i == highlight else (PAST if row.state(today) == "past" else "")
            recorded = ""
            if row.recorded:
                rec_start = row.recorded_start or row.recorded_end
                assert rec_start is not None
                recorded = span(rec_start, row.recorded_end or rec_start, e.day.year)
                if row.differs:
                    recorded += " ≠"
            cells: list[str | Text] = [
                dday_cell(row, today),
                span(row.start, row.end, e.day.year),
                weekday_cell(row, self.holidays, regular_day),
                SHORT_NAMES.get(row.key, row.name),
                row.article or "기록",
                recorded,
            ]
            rows.append([self._styled(c, style) for c in cells])
        fill_table(table, COLUMNS, rows)
        if detail.rows:
            keys = [r.key for r in detail.rows]
            at = keys.index(kept) if kept in keys else highlight if highlight is not None else 0
            table.move_cursor(row=at, animate=False)
            self._show_row_detail(table.cursor_row)

    @staticmethod
    def _styled(cell: str | Text, style: str) -> Text:
        text = cell.copy() if isinstance(cell, Text) else Text(cell)
        if style:
            text.stylize(style)
        return text

    @staticmethod
    def _stats_text(detail: ElectionDetail) -> Text:
        parts = [f"{s.label} {stat_value(s)}" for s in detail.stats]
        text = Text(" · ".join(parts))
        if detail.contests:
            if parts:
                text.append("\n")
            text.append("선거: " + " · ".join(c.label for c in detail.contests))
        if detail.election.note and detail.election.origin == "computed":
            text.append(detail.election.note, style="dim")
        return text

    def _show_row_detail(self, index: int) -> None:
        line = self.query_one("#election-row-detail", Static)
        if self.detail is None or not 0 <= index < len(self.detail.rows):
            line.update("")
            return
        row = self.detail.rows[index]
        span_text = format_date(row.start) if row.start == row.end else f"{format_date(row.start)} ~ {format_date(row.end)}"
        bits = [row.name, row.article or "보고서 기록", span_text]
        if row.hours:
            bits.append(row.hours)
        if row.recorded_text:
            bits.append(f"기록: {row.recorded_text}")
        elif row.note:
            bits.append(row.note)
        line.update(" · ".join(bits))

    @on(DataTable.RowHighlighted, "#election-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_row_detail(event.cursor_row)

    # -- actions ------------------------------------------------------------------------
    def action_step(self, delta: int) -> None:
        if not self.elections:
            return
        new = min(max(self.index + delta, 0), len(self.elections) - 1)
        if new != self.index:
            self.index = new
            self.load_detail()

    def action_next_election(self) -> None:
        nearest = next_election(self.elections, self.today)
        if nearest is not None:
            self.index = self.elections.index(nearest)
            self.load_detail()

    def show_target(self, key: str | None) -> None:
        """Show the election with this key (the home dashboard jumps here)."""
        if key is None:
            return
        keys = [e.key for e in self.elections]
        if key in keys:
            self.index = keys.index(key)
            self.load_detail()
        else:
            self.pending_key = key

    def action_add_election(self) -> None:
        self.app.push_screen(FormScreen("선거 추가 — 법정 일정을 만듭니다", ELECTION_FORM, validate_election_form,
                                        save=self.save_election))

    def action_record_event(self) -> None:
        detail = self.detail
        table = self.query_one("#election-table", DataTable)
        if detail is None or not detail.rows:
            return
        row = detail.rows[table.cursor_row]
        if detail.election.id is None:
            self.notify("계산된 선거에는 기록할 수 없습니다: 먼저 n으로 선거를 추가하십시오", severity="warning")
            return
        if row.recorded:
            self.notify(f"이미 기록된 일정입니다: {row.recorded_text or row.recorded_day}", severity="warning")
            return
        fields = [
            FormField("start", f"{row.name} — 실제 날짜 (법정 {format_date(row.start)})", value=row.start.isoformat()),
            FormField("end", "끝 날짜 (기간일 때)", value="" if row.start == row.end else row.end.isoformat()),
        ]

        def save(values: dict[str, Any], form: FormScreen) -> None:
            self.save_record(detail.election, row, values, form)

        self.app.push_screen(FormScreen("실제 날짜 기록", fields, validate_record_form, save=save))

    def save_record(self, election: ElectionInfo, row: ScheduleRow, values: dict[str, Any], form: FormScreen) -> None:
        def written(_: object) -> None:
            self.notify(f"{row.name}: 실제 날짜를 기록했습니다", title="기록")
            self.load_detail()

        self.save_form(form, lambda db: record_event(db, election, row, **values), written, failure=RECORD_FAILED)

    def save_election(self, values: dict[str, Any], form: FormScreen) -> None:
        def written(election: ElectionInfo) -> None:
            self.notify(f"{election.name}을(를) 추가했습니다", title="선거 추가")
            self.read_elections(election.key)

        self.save_form(form, lambda db: add_election(db, **values), written, failure=ADD_FAILED)
