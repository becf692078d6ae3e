"""The audit view (from home and the palette) and the export action with its progress bar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, Input, ProgressBar, Select, Static

from tests.test_app_facilities import rendered
from tests.app_helpers import settle
from wardtui.screens.audit import AuditScreen, ExportScreen, export_target
from wardtui.widgets.form import FormScreen


def audit_rows(app) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#audit-table", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_home_shows_the_count_and_a_opens_the_audit(make_app) -> None:
    app = make_app(section="home", today=dt.date(2026, 11, 24))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        line = rendered(app.screen.query_one("#home-audit", Static))
        assert line.startswith("보고서 점검: 13건 불일치 · 참고 3건")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        rows = audit_rows(app)
        assert len(rows) == 16
        assert rows[0] == ["불일치", "Ⅰ.2 인력", "정원 계 = 직급별 합", "20명", "21명", "+1명"]
        assert ["불일치", "Ⅱ③ 자치회관 운영 활성화", "집행액 = 재원별 집행 합", "508,793천원", "532,987천원", "+24,194천원"] in rows
        note = rendered(app.screen.query_one("#audit-note", Static))
        assert "일반직 5급 1 + 일반직 6급 7" in note
        await pilot.press("down")
        await pilot.pause()
        assert "현원 계" in rendered(app.screen.query_one("#audit-note", Static))
        await pilot.press("a")  # every check, agreeing ones too
        await settle(pilot)
        assert len(audit_rows(app)) > 100 and any(r[0] == "일치" for r in audit_rows(app))
        await pilot.press("escape")
        await settle(pilot)
        assert app.current_mode == "home" and not isinstance(app.screen, AuditScreen)


async def test_the_palette_opens_the_audit(make_app) -> None:
    app = make_app(section="facilities")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"보고서 점검")
        await settle(pilot)  # the palette's search is a worker
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)


async def test_export_from_the_app_with_a_progress_bar(make_app, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    app = make_app(section="home")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.action_export()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-kind", Select).value = "report"
        form.query_one("#field-path", Input).value = str(tmp_path / "보고서 표")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen) or (tmp_path / "보고서 표.xlsx").exists()
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
        book = load_workbook(tmp_path / "보고서 표.xlsx")
        assert book.sheetnames[0] == "인력"


async def test_export_screen_shows_progress_and_errors(make_app, tmp_path: Path) -> None:
    app = make_app(section="home")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = ExportScreen("csv", "facility", tmp_path / "표")
        await app.push_screen(screen)
        await settle(pilot)
        assert (tmp_path / "표" / "시설.csv").exists()
        screen = ExportScreen("xlsx", "없는표", tmp_path / "x.xlsx")
        await app.push_screen(screen)
        await settle(pilot)
        assert app.screen is screen
        assert "알 수 없는 표입니다" in rendered(screen.query_one("#export-error", Static))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen


async def test_progress_steps_update_the_bar(make_app, tmp_path: Path) -> None:
    app = make_app(section="home")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = ExportScreen("xlsx", None, tmp_path / "a.xlsx")
        screen.run_export = lambda: None  # type: ignore[method-assign]  # drive the steps by hand
        await app.push_screen(screen)
        await pilot.pause()
        screen.step("지급 장부", 5_000, 20_000)
        await pilot.pause()
        bar = screen.query_one("#export-progress", ProgressBar)
        assert (bar.total, bar.progress) == (20_000, 5_000)
        assert rendered(screen.query_one("#export-status", Static)).strip() == "지급 장부: 5,000/20,000행"
        await pilot.press("escape")  # still running: stays open
        await pilot.pause()
        assert app.screen is screen


def test_export_target(tmp_path: Path) -> None:
    assert export_target("xlsx", str(tmp_path / "표")) == (tmp_path / "표.xlsx", None)
    assert export_target("report", str(tmp_path / "a.xlsx")) == (tmp_path / "a.xlsx", None)
    assert export_target("csv", str(tmp_path / "폴더")) == (tmp_path / "폴더", None)
    assert export_target("csv", "") == (None, "저장 위치를 입력하십시오")
    assert export_target("xlsx", str(tmp_path / "없음" / "a")) == (None, f"폴더가 없습니다: {tmp_path / '없음'}")
    (tmp_path / "f").write_text("x")
    assert export_target("csv", str(tmp_path / "f"))[1] == f"파일이 있습니다: {tmp_path / 'f'} (CSV는 폴더에 씁니다)"
