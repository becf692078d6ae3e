"""The execution-rate bar: '███████░░░  72.4%'."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text

from wardtui.core.money import format_rate

BAR_WIDTH = 5


def rate_bar(rate: Decimal | None, width: int = BAR_WIDTH) -> Text:
    """The bar is capped at 100%; the number is not. No rate yet: a dim dash."""
    if rate is None:
        return Text("—".rjust(width + 7), style="dim")
    filled = min(width, int(rate * width / 100)) if rate > 0 else 0
    style = "green" if rate >= 90 else "yellow" if rate >= 50 else "red"
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "dim"), " ", format_rate(rate).rjust(6))
