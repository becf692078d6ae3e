"""The key bar at the bottom of every screen: Textual's Footer, rebuilt only when its keys change."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class WardFooter(Footer):
    """Textual's Footer rebuilds all its keys (~25 ms on this machine) on every bindings
    signal: each focus change, each screen stack change, each ``refresh_bindings``. Showing
    a section sent six of them, all for the same keys. This one rebuilds only when what it
    would show differs.

    It is built compact, because a regular Footer restyles each key as it mounts (each key
    starts compact and is switched back); app.tcss gives it the regular spacing.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("compact", True)
        super().__init__(**kwargs)
        self._shown: tuple[Any, ...] | None = None

    @staticmethod
    def keys_of(screen: Screen[Any]) -> tuple[Any, ...]:
        """Everything of the screen's bindings that the footer draws."""
        return tuple(
            (key, binding.key, binding.action, binding.description, binding.key_display, binding.show,
             enabled, tooltip, (binding.group.description, binding.group.compact) if binding.group else None)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        shown = self.keys_of(screen)
        if self._bindings_ready and shown == self._shown:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # Footer rebuilds now; otherwise it waits for the terminal's focus
        super().bindings_changed(screen)
