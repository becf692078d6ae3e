"""Every private name of Textual and of click (vendored in typer) that wardtui or its tests
rely on, in one list. An upgrade that renames or drops one fails here, with the reason we
use it, before anything subtler breaks. The versions are pinned in pyproject.toml.

Adding a use of a private name elsewhere means adding it here too: the scan below fails on
an unlisted ``textual.*._x`` or ``typer._click`` import.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: (module, class or None, name, where and why we use it)
PRIVATE_NAMES: list[tuple[str, str | None, str, str]] = [
    ("textual.app", "App", "_css_update_count",
     "wardtui/app.py section_screen: marks a later section screen styled, so Textual does not re-parse all CSS"),
    ("textual.screen", "Screen", "_css_update_count",
     "wardtui/app.py section_screen: the screen's side of the same mark"),
    ("textual.widgets", "Footer", "_bindings_ready",
     "wardtui/widgets/footer.py WardFooter: rebuild only when the keys change, once the footer is ready"),
    ("textual.widgets", "Footer", "bindings_changed",
     "wardtui/widgets/footer.py WardFooter overrides it (not in Textual's documented API)"),
    ("textual.widgets._footer", None, "FooterKey", "tests/test_footer.py: the keys the footer drew"),
    ("typer._click.exceptions", None, "UsageError", "wardtui/cli.py: click's usage refusals, said in Korean"),
    ("typer._click.exceptions", None, "NoArgsIsHelpError", "wardtui/cli.py: 'wardtui db' with no command"),
    ("textual.widgets", "Input", "_toggle_cursor", "tests/conftest.py: the cursor does not blink in snapshots"),
    ("textual.app", "App", "_notifications", "tests: the notifications the user was shown"),
    ("textual.screen", "Screen", "_compositor", "tests: what is on screen, segment by segment"),
]

#: Names that are instance attributes, set in ``__init__``: checked on an instance.
INSTANCE = {"_css_update_count", "_notifications", "_compositor", "_bindings_ready"}


@pytest.mark.parametrize("module, owner, name, why", PRIVATE_NAMES, ids=[f"{m}:{o or ''}.{n}" for m, o, n, _ in PRIVATE_NAMES])
def test_the_private_names_we_use_still_exist(module: str, owner: str | None, name: str, why: str) -> None:
    found = importlib.import_module(module)
    if owner is not None:
        found = getattr(found, owner)
        if name in INSTANCE:
            found = found()  # an App, a Screen or a widget is built without running
    assert hasattr(found, name), f"{module}.{owner or ''}.{name} is gone; wardtui needs it for: {why}"


def test_no_private_import_is_left_off_the_list() -> None:
    listed = {f"{m}.{n}" if o is None else m for m, o, n, _ in PRIVATE_NAMES}
    pattern = re.compile(r"from ((?:textual|typer)\.[\w.]*\b_\w+[\w.]*) import ([\w, ]+)")
    unlisted = []
    for path in [*ROOT.glob("wardtui/**/*.py"), *ROOT.glob("tests/*.py")]:
        for module, names in pattern.findall(path.read_text(encoding="utf-8")):
            for name in (n.strip() for n in names.split(",")):
                if f"{module}.{name}" not in listed:
                    unlisted.append(f"{path.relative_to(ROOT)}: {module}.{name}")
    assert unlisted == []
