"""Forms as data: declare fields and one validator; FormScreen renders and checks them.

A validator takes the raw texts by field name and returns ``(values, errors)``:
cleaned values, and a Korean message per field that is wrong. The form shows each
message under its field and keeps everything typed. Esc on a changed form asks first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

Validator = Callable[[dict[str, str]], tuple[dict[str, Any], dict[str, str]]]
#: Starts saving valid values; the form stays open until it is told the outcome
#: (``dismiss`` when saved, ``work_failed`` with the message when not).
Saver = Callable[[dict[str, Any], "FormScreen"], None]


@dataclass(frozen=True)
class FormField:
    """One field. ``choices`` (value, label) makes it a picker instead of a text box."""

    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    choices: Sequence[tuple[str, str]] = field(default_factory=tuple)
    help: str = ""


class FormScreen(ModalScreen[dict[str, Any] | None]):
    """Dismisses with the validated values, or None when the user gives up.

    Given ``save``, the form stays open while the values are saved and closes only once they
    are: a failed save is said at the foot of the form, with everything typed still there.
    """

    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    FormScreen > VerticalScroll { width: 76; max-width: 100%; height: auto; max-height: 100%;
                                  border: round $accent; background: $surface; padding: 0 1; }
    FormScreen .form-title { text-style: bold; margin-bottom: 1; }
    FormScreen Label { margin-top: 1; }
    FormScreen .field-help { color: $text-muted; }
    FormScreen .field-error { color: $error; height: auto; }
    FormScreen #form-status { display: none; margin-top: 1; }
    FormScreen .form-buttons { height: auto; margin-top: 1; align-horizontal: right; }
    FormScreen Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "submit", "저장", id="form.submit"),
        Binding("escape", "cancel", "취소", id="form.cancel"),
    ]

    def __init__(self, title: str, fields: Sequence[FormField], validate: Validator, *, submit_label: str = "저장",
                 save: Saver | None = None) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.validate = validate
        self.submit_label = submit_label
        self.save = save
        self.saving = False

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.form_title, classes="form-title", markup=False)
            for f in self.fields:
                yield Label(f.label, id=f"label-{f.name}")
                if f.choices:
                    yield Select(
                        [(label, value) for value, label in f.choices],
                        value=f.value if f.value else Select.NULL,
                        allow_blank=not f.value,
                        prompt="선택",  # Textual's default prompt is the English "Select"
                        id=f"field-{f.name}",
                    )
                else:
                    yield Input(value=f.value, placeholder=f.placeholder, id=f"field-{f.name}")
                if f.help:
                    yield Static(f.help, classes="field-help")
                yield Static("", id=f"error-{f.name}", classes="field-error", markup=False)  # quotes what was typed
            yield Static("", id="form-status", classes="field-error", markup=False)  # a failed save, told here
            with Horizontal(classes="form-buttons"):
                yield Button("취소 (Esc)", id="form-cancel")
                yield Button(f"{self.submit_label} (Ctrl+S)", id="form-submit", variant="primary")

    def on_mount(self) -> None:
        if self.fields:
            self.query_one(f"#field-{self.fields[0].name}").focus()

    def raw_values(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.name}")
            if isinstance(widget, Select):
                values[f.name] = "" if widget.value is Select.NULL else str(widget.value)
            else:
                values[f.name] = widget.value  # type: ignore[attr-defined]
        return values

    def changed(self) -> bool:
        return any(self.raw_values()[f.name] != f.value for f in self.fields)

    def show_errors(self, errors: dict[str, str]) -> None:
        for f in self.fields:
            self.query_one(f"#error-{f.name}", Static).update(errors.get(f.name, ""))
        first = next((f for f in self.fields if f.name in errors), None)
        if first is not None:
            self.query_one(f"#field-{first.name}").focus()

    def action_submit(self) -> None:
        if self.saving:
            return  # one save at a time
        values, errors = self.validate(self.raw_values())
        self.show_errors(errors)  # and clears those of an earlier try
        if errors:
            return
        if self.save is None:
            self.dismiss(values)
            return
        self.saving = True
        self._status("저장하는 중…")
        self.save(values, self)

    def work_failed(self, name: str, message: str) -> None:
        """The save failed: say why here; what was typed stays, to try again or to cancel."""
        self.saving = False
        self._status(message)

    def _status(self, text: str) -> None:
        status = self.query_one("#form-status", Static)
        status.update(text)
        status.display = True  # no empty line under a form that has not been saved yet
        status.scroll_visible(animate=False)  # a tall form on a small terminal: its foot comes into view

    def action_cancel(self) -> None:
        if self.saving:
            self.notify("저장하는 중입니다. 끝나면 닫힙니다.", title=self.form_title, markup=False)
            return
        if not self.changed():
            self.dismiss(None)
            return
        from wardtui.widgets.confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("입력한 내용을 버리고 닫을까요?", yes="버리기 (y)", no="계속 입력 (n)"), answered)

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        # Enter moves to the next field; on the last one it submits.
        inputs = [w for w in self.query("Input, Select") if w.id and w.id.startswith("field-")]
        index = inputs.index(event.input) if event.input in inputs else -1
        if 0 <= index < len(inputs) - 1:
            inputs[index + 1].focus()
        else:
            self.action_submit()

    @on(Button.Pressed, "#form-submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
