"""The rate view: each programme's unit amounts over time; ``a`` sets a new one."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from wardtui.core.money import format_won
from wardtui.core.payments import validate_rate_form
from wardtui.screens.base import db_work
from wardtui.screens.payments.view import PaymentsView, right
from wardtui.widgets.form import FormField, FormScreen

if TYPE_CHECKING:
    from wardtui.db.payments.programs import Program, Rate


class RatesView(PaymentsView):
    """Every rate, with whether it is in force today."""

    COLUMNS = (("번호", "id"), ("사업", "program"), ("단가", "amount"), ("단위", "unit"), ("시작", "from"),
               ("끝", "to"), ("상태", "state"))
    BINDINGS = [Binding("a", "add", "추가", id="payments.rates.add")]

    def __init__(self) -> None:
        super().__init__(id="pay-rates")
        self.rows: dict[str, Rate] = {}
        self.programs: list[Program] = []

    def reload(self) -> None:
        self.generation += 1
        self.load(self.generation)

    @db_work(group="payments-rates")
    def load(self, generation: int) -> None:
        from wardtui.db.payments.programs import programs, rates

        found = rates(self.db), programs(self.db)
        self.app.call_from_thread(self.show, generation, *found)

    def show(self, generation: int, rows: list[Rate], every: list[Program]) -> None:
        if generation != self.generation:
            return
        self.programs = every
        today = self.today
        self.rows = {str(r.id): r for r in rows}
        lines = []
        for r in rows:
            current = r.valid_from <= today and (r.valid_to is None or r.valid_to >= today)
            state = "적용 중" if current else ("예정" if r.valid_from > today else "지남")
            lines.append((str(r.id), (right(str(r.id)), r.program, right(format_won(r.unit_amount_won)), r.unit,
                                      r.valid_from.isoformat(), r.valid_to.isoformat() if r.valid_to else "-", state)))
        self.fill(lines)
        self.say(title=f"지급 단가 {len(rows)}건 (a: 새 단가 — 이전 단가는 전날로 끝납니다)",
                 status="a 새 단가 · Esc 합계로" if rows else "정한 단가가 없습니다 · a 새 단가 · Esc 합계로")

    def action_add(self) -> None:
        if not self.programs:
            return
        chosen = self.rows.get(self.current_key() or "")
        latest: dict[str, dt.date] = {}
        for r in self.rows.values():
            key = str(r.program_id)
            latest[key] = max(latest.get(key, r.valid_from), r.valid_from)
        cadences = {str(p.id): p.cadence for p in self.programs}
        by_id = {p.id: p for p in self.programs}
        fields = [
            FormField("program", "사업", value=str(chosen.program_id) if chosen else "",
                      choices=[(str(p.id), p.name) for p in self.programs]),
            FormField("amount", "단가(원)", placeholder="예: 300,000", help="반장 보상품은 연 50,000원 이내 (명절 2회)"),
            FormField("since", "적용 시작일", value=self.today.isoformat(),
                      help="이전 단가는 이 날의 전날로 끝납니다. 이미 있는 단가의 시작일보다 뒤여야 합니다."),
            FormField("unit", "단위", placeholder="비우면 사업에 맞게 (월·인·명절·반기)"),
        ]

        def save(values: dict[str, Any], form: FormScreen) -> None:
            from wardtui.db.payments.programs import set_rate

            program = by_id[values["program_id"]]

            def written(rate: Rate) -> None:
                self.notify(f"단가를 정했습니다: {rate.program} {format_won(rate.unit_amount_won)}/{rate.unit} "
                            f"({rate.valid_from.isoformat()}부터)", title="저장했습니다")
                self.select_key = str(rate.id)
                self.reload()

            self.save_form(form, lambda db: set_rate(db, program, values["amount_won"], values["since"], unit=values["unit"]),
                           written)

        validate = partial(validate_rate_form, cadences=cadences, latest=latest)
        self.app.push_screen(FormScreen("새 단가", fields, validate, submit_label="정하기", save=save))
