"""The app's sections, once: their ids, keys, titles and root screens.

Cheap to import (no Textual): the launcher and the CLI check ``--open`` against it
before anything heavy is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """One section: ``id`` for ``--open`` and the app's mode, ``key`` to reach it."""

    id: str
    key: str
    title: str
    #: The footer's label, short enough for 80 columns.
    short: str
    #: The screen that roots it, as "module:Class" (imported when first shown).
    screen: str


#: In the order of their keys, 0–4.
SECTIONS: tuple[Section, ...] = (
    Section("home", "0", "홈", "홈", "wardtui.screens.home:HomeScreen"),
    Section("facilities", "1", "시설", "시설", "wardtui.screens.facilities:FacilitiesScreen"),
    Section("projects", "2", "사업", "사업", "wardtui.screens.projects:ProjectsScreen"),
    Section("payments", "3", "수당·장학금", "수당", "wardtui.screens.payments.screen:PaymentsScreen"),
    Section("elections", "4", "선거", "선거", "wardtui.screens.elections:ElectionsScreen"),
)

SECTION_IDS: tuple[str, ...] = tuple(s.id for s in SECTIONS)


def section(section_id: str) -> Section:
    """The section with this id (KeyError for an unknown one)."""
    for s in SECTIONS:
        if s.id == section_id:
            return s
    raise KeyError(section_id)
