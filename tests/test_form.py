"""The shared form: errors under their fields, typed text kept, Esc asks before discarding."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.widgets import Input, Static

from wardtui.core.dates import DateParseError, parse_date
from wardtui.widgets.confirm import ConfirmScreen
from wardtui.widgets.form import FormField, FormScreen


def validate(raw: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {"title": raw["title"].strip()}
    if not values["title"]:
        errors["title"] = "제목을 입력하십시오"
    try:
        values["date"] = parse_date(raw["date"])
    except DateParseError as exc:
        errors["date"] = str(exc)
    values["state"] = raw["state"]
    return values, errors


FIELDS = [
    FormField("date", "날짜", placeholder="2021-03-15"),
    FormField("title", "제목"),
    FormField("state", "상태", value="계획", choices=[("계획", "계획"), ("완료", "완료")]),
]


class FormApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.result: Any = "not yet"

    def on_mount(self) -> None:
        self.push_screen(FormScreen("일정 추가", FIELDS, validate), self._done)

    def _done(self, value: Any) -> None:
        self.result = value


def error_text(app: App, name: str) -> str:  # type: ignore[type-arg]
    return str(app.screen.query_one(f"#error-{name}", Static).content)


async def test_errors_show_under_their_fields_and_the_text_stays() -> None:
    app = FormApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"2021-13-40", "ctrl+s")
        await pilot.pause()
        assert "날짜 형식" in error_text(app, "date") or "없는" in error_text(app, "date")
        assert error_text(app, "title") == "제목을 입력하십시오"
        assert app.screen.query_one("#field-date", Input).value == "2021-13-40"
        assert app.result == "not yet"


async def test_valid_input_dismisses_with_clean_values() -> None:
    app = FormApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"'21. 3. 15.", "enter", *"청사 이전", "ctrl+s")
        await pilot.pause()
        assert app.result == {"date": parse_date("2021-03-15"), "title": "청사 이전", "state": "계획"}


async def test_escape_on_a_changed_form_asks_and_can_keep_typing() -> None:
    app = FormApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("x", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#field-date", Input).value == "x"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.result is None


async def test_escape_on_an_untouched_form_closes_at_once() -> None:
    app = FormApp()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.result is None


async def test_a_choice_without_a_starting_value_must_be_picked() -> None:
    """A picker with no default starts empty, and an empty choice is reported, not a crash."""

    def need_choice(raw: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
        return raw, ({} if raw["kind"] else {"kind": "종류를 고르십시오"})

    class ChoiceApp(App[None]):
        result: Any = "not yet"

        def _done(self, value: Any) -> None:
            self.result = value

        def on_mount(self) -> None:
            fields = [FormField("kind", "종류", choices=[("a", "가"), ("b", "나")])]
            self.push_screen(FormScreen("선택", fields, need_choice), self._done)

    app = ChoiceApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        from textual.widgets import Select

        picker = app.screen.query_one("#field-kind", Select)
        assert picker.is_blank() and picker.prompt == "선택"  # Korean, not Textual's "Select"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_text(app, "kind") == "종류를 고르십시오"
        assert app.result == "not yet"
