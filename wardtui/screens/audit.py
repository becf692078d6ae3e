"""보고서 점검: every relation between the report's figures, disagreements first; and export.

The audit and the export run in thread workers; the export shows a progress bar per table.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Header, ProgressBar, Static

from wardtui.app import WardApp
from wardtui.core.audit import AGREE, DISAGREE, NOTE, Finding
from wardtui.screens.base import FailureWords, WardModalScreen, WardScreen, db_work
from wardtui.widgets.footer import WardFooter

COLUMNS = (("구분", "level"), ("단원", "section"), ("점검", "check"), ("기대", "expected"), ("실제", "actual"), ("차이", "difference"))
LEVEL_STYLES = {DISAGREE: "bold red", NOTE: "yellow", AGREE: "green"}


def summary_text(findings: list[Finding]) -> Text:
    counts = {level: sum(1 for f in findings if f.level == level) for level in (DISAGREE, NOTE, AGREE)}
    return Text.assemble(
        ("보고서 점검", "bold"), f"  점검 {len(findings)}건: ",
        (f"불일치 {counts[DISAGREE]}건", LEVEL_STYLES[DISAGREE] if counts[DISAGREE] else ""),
        f" · 참고 {counts[NOTE]}건 · 일치 {counts[AGREE]}건",
    )


class AuditScreen(WardScreen[None]):
    """The audit of the figures in the database now; nothing here writes."""

    CSS_PATH = "audit.tcss"
    STATUS_ID = "audit-summary"
    HELP_EXTRA_KEYS = [("↑ ↓", "점검 항목 고르기 (아래에 설명)")]
    BINDINGS = [
        Binding("a", "toggle_all", "모두/문제만", id="audit.all"),
        Binding("r", "reload", "다시 점검", id="audit.reload"),
        Binding("e", "export", "내보내기", id="audit.export"),
        Binding("escape", "app.pop_screen", "뒤로", id="audit.back"),
    ]

    def __init__(self) -> None:
        super().__init__(id="audit-screen")
        self.findings: list[Finding] = []
        self.shown: list[Finding] = []
        self.show_all = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("점검하는 중…", id="audit-summary")
        yield DataTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="audit-note")
        yield WardFooter()

    def on_mount(self) -> None:
        self.sub_title = "보고서 점검"
        self.query_one("#audit-table", DataTable).focus()

    def reload(self) -> None:
        self.load()  # another desk (or the CLI) may have changed figures: check again

    @db_work(group="audit-load")
    def load(self) -> None:
        from wardtui.db.audit import audit

        found = audit(self.db)
        self.app.call_from_thread(self.show, found)

    def show(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.shown = findings if self.show_all else [f for f in findings if not f.ok]
        which = "모든 점검" if self.show_all else "불일치와 참고만"
        summary = summary_text(findings)
        summary.append(f"  ({which} · a 전환 · e 내보내기)", style="dim")
        self.query_one("#audit-summary", Static).update(summary)
        table = self.query_one("#audit-table", DataTable)
        table.clear(columns=True)
        # The 점검 column takes what the others leave; the line below shows it in full.
        fixed = {"level": 6, "section": 22, "expected": 13, "actual": 13, "difference": 12}
        rest = max(24, self.app.size.width - sum(fixed.values()) - 2 * len(COLUMNS) - 2)
        for label, key in COLUMNS:
            table.add_column(label, key=key, width=fixed.get(key, rest))
        for i, f in enumerate(self.shown):
            table.add_row(
                Text(f.level, style=LEVEL_STYLES.get(f.level, "")), f.section, f.check,
                Text(f.expected_text, justify="right"), Text(f.actual_text, justify="right"),
                Text(f.difference_text, justify="right"), key=str(i),
            )
        self._describe(0)

    def _describe(self, index: int) -> None:
        note = self.query_one("#audit-note", Static)
        if not self.shown:
            note.update("맞지 않는 수치가 없습니다." if self.findings else "")
            return
        f = self.shown[min(index, len(self.shown) - 1)]
        note.update(Text.assemble((f"{f.section} · {f.check}", "bold"), "\n", f.note or ""))

    @on(DataTable.RowHighlighted, "#audit-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe(event.cursor_row)

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.show(self.findings)

    def action_reload(self) -> None:
        self.load()

    def action_export(self) -> None:
        open_export(self.app)


# -- export -------------------------------------------------------------------------------------
EXPORT_FAILED = FailureWords("내보내기", "내보내지 못했습니다")
KINDS = (("xlsx", "모든 표 XLSX (표마다 시트)"), ("csv", "모든 표 CSV (표마다 파일, 폴더에)"),
         ("report", "보고서 표 XLSX (인력·시설·예산, 천원)"))


def default_export_path(today: dt.date) -> str:
    return str(Path.home() / f"wardtui-{today.isoformat()}")


def export_target(kind: str, path_text: str) -> tuple[Path | None, str | None]:
    """Where to write, or a Korean message: XLSX gets '.xlsx' added; CSV needs a folder."""
    text = path_text.strip()
    if not text:
        return None, "저장 위치를 입력하십시오"
    path = Path(text).expanduser()
    if kind in ("xlsx", "report") and path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    parent = path.parent
    if not parent.is_dir():
        return None, f"폴더가 없습니다: {parent}"
    if kind == "csv" and path.exists() and not path.is_dir():
        return None, f"파일이 있습니다: {path} (CSV는 폴더에 씁니다)"
    if kind != "csv" and path.is_dir():
        return None, f"폴더입니다: {path}"
    return path, None


def open_export(app: WardApp) -> None:
    """The export form (what, which table, where), then the progress of the export."""
    from wardtui.db.exchange import TABLE_TITLES
    from wardtui.widgets.form import FormField, FormScreen

    today = app.today
    tables = (("all", "모든 표"), *((name, title) for name, title in TABLE_TITLES.items()))
    fields = [
        FormField("kind", "형식", value="xlsx", choices=KINDS),
        FormField("table", "표 (보고서 표에는 쓰지 않음)", value="all", choices=tables),
        FormField("path", "저장 위치", value=default_export_path(today),
                  help="XLSX는 .xlsx를 붙여 파일로, CSV는 이 이름의 폴더에 표마다 파일로 씁니다"),
    ]

    def validate(raw: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
        kind = raw.get("kind") or "xlsx"
        path, problem = export_target(kind, raw.get("path", ""))
        if problem:
            return {}, {"path": problem}
        table = raw.get("table") or "all"
        return {"kind": kind, "table": None if table == "all" or kind == "report" else table, "path": path}, {}

    def chosen(values: dict[str, Any] | None) -> None:
        if values:
            app.push_screen(ExportScreen(values["kind"], values["table"], values["path"]))

    app.push_screen(FormScreen("내보내기", fields, validate, submit_label="내보내기"), chosen)


class ExportScreen(WardModalScreen[Path | None]):
    """Runs one export in a thread worker with a progress bar for the table being written."""

    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    ExportScreen > Vertical { width: 72; max-width: 100%; height: auto; border: round $accent;
                              background: $surface; padding: 1 2; }
    ExportScreen #export-title { text-style: bold; }
    ExportScreen ProgressBar { margin: 1 0; }
    ExportScreen #export-error { color: $error; }
    """
    BINDINGS = [Binding("escape", "close", "닫기", id="export.close")]

    def __init__(self, kind: str, table: str | None, path: Path) -> None:
        super().__init__(id="export-screen")
        self.kind, self.table, self.path = kind, table, path
        self.finished = False

    def compose(self) -> ComposeResult:
        label = dict(KINDS)[self.kind]
        with Vertical():
            yield Static(f"내보내기: {label}", id="export-title")
            yield Static(str(self.path), id="export-path", markup=False)
            yield ProgressBar(total=None, show_eta=False, id="export-progress")
            yield Static("준비하는 중…", id="export-status")
            yield Static("", id="export-error")

    def on_mount(self) -> None:
        self.run_export()

    @db_work(group="export", failure=EXPORT_FAILED)
    def run_export(self) -> None:
        from wardtui.db.exchange import export_report, export_tables

        def progress(title: str, done: int, total: int) -> None:
            self.app.call_from_thread(self.step, title, done, total)

        if self.kind == "report":
            result = export_report(self.db, self.path, progress)
        else:
            result = export_tables(self.db, self.kind, self.path, self.table, progress)
        self.app.call_from_thread(self.done, len(result.rows), sum(result.rows.values()))

    def step(self, title: str, done: int, total: int) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=max(total, 1), progress=done)
        unit = "개" if self.kind == "report" else "행"
        self.query_one("#export-status", Static).update(f"{title}: {done:,}/{total:,}{unit}")

    def done(self, tables: int, rows: int) -> None:
        self.finished = True
        what = f"보고서 표 {tables}개를" if self.kind == "report" else f"표 {tables}개, {rows:,}행을"
        self.app.notify(f"{what} 썼습니다: {self.path}", title="내보내기")
        self.dismiss(self.path)

    def work_failed(self, name: str, message: str) -> None:
        self.finished = True
        self.query_one("#export-error", Static).update(Text(f"{message}\nEsc 닫기"))

    def action_close(self) -> None:
        if self.finished:
            self.dismiss(None)
        else:
            self.app.notify("내보내는 중입니다. 끝나면 닫힙니다.", title="내보내기")
