"""Headless timing of "painted": the first frame the compositor hands to the driver after
the app reached a given state, turned into terminal bytes as a real driver would.

In a headless run Textual still lays out, renders every dirty line and calls
``App._display`` with the update; only the write to a terminal is skipped. The probe
wraps ``_display``: once ``ready()`` is true, the next update is rendered to escape
sequences (``render_segments``) and its time is the paint time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any


class PaintProbe:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.ready: Callable[[], bool] | None = None
        self.painted_at: float | None = None
        self._event = asyncio.Event()
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            if renderable is None or self.ready is None or not self.ready():
                return
            if hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)
            self.painted_at = time.perf_counter()
            self.ready = None
            self._event.set()

        app._display = display

    def arm(self, ready: Callable[[], bool]) -> None:
        self.painted_at = None
        self._event.clear()
        self.ready = ready

    async def wait(self, timeout: float = 30.0) -> float:
        await asyncio.wait_for(self._event.wait(), timeout)
        assert self.painted_at is not None
        return self.painted_at
