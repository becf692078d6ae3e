"""The fast launch path (wardtui.launch): the app without typer, the CLI's answers unchanged."""

from __future__ import annotations

import subprocess
import sys

import pytest

from wardtui.launch import app_options


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], {}),
        (["--open", "facilities"], {"--open": "facilities"}),
        (["--db=/tmp/x.db", "--today", "2026-11-24"], {"--db": "/tmp/x.db", "--today": "2026-11-24"}),
        (["--version"], {"--version": True}),
        (["facilities"], None),
        (["--help"], None),
        (["--open"], None),
        (["--open", "a", "--open", "b"], None),
        (["--db", "-x"], None),
        (["db", "path"], None),
    ],
)
def test_only_a_plain_launch_takes_the_fast_path(args: list[str], expected: object) -> None:
    assert app_options(args) == expected


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    import os

    done = subprocess.run([sys.executable, "-m", "wardtui", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL, timeout=60)
    return done.returncode, done.stdout, done.stderr


def test_version_is_printed_without_loading_typer() -> None:
    code = "import sys; from wardtui.launch import main\ntry: main(['--version'])\nexcept SystemExit as e: print(e.code, 'typer' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[-2:] == ["0", "False"] and out[0] == "wardtui"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--today", "nope"], "wardtui: --today: "),
        (["--open", "nowhere"], "wardtui: 알 수 없는 화면입니다: 'nowhere'"),
        (["--open", "facilities"], "wardtui: 터미널에서만 앱을 열 수 있습니다"),
        (["--bogus"], "wardtui: 알 수 없는 옵션입니다: --bogus"),
    ],
)
def test_refusals_are_the_clis_own(args: list[str], message: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("--db", str(tmp_path / "w.db"), *args)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == [], "nothing is created before the refusal"


def test_the_environment_is_read_like_the_cli_reads_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(env={"WARDTUI_TODAY": "not-a-day", "WARDTUI_DB": str(tmp_path / "w.db")})
    assert code == 2 and err.startswith("wardtui: --today: ")


def test_subcommands_still_go_to_the_cli(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("--db", str(tmp_path / "w.db"), "facilities", "ㅅㄱ4")
    assert code == 0 and out.startswith("신길4동") and out.strip().endswith("1곳")
    from wardtui import __version__

    assert run("--version")[:2] == (0, f"wardtui {__version__}\n")


def test_a_storage_failure_at_launch_is_one_line_in_a_terminal_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Past the terminal check, creating the database on a full disk is the CLI's one line."""
    import os
    import pty
    import resource
    import signal

    def full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "wardtui", "--db", str(tmp_path / "w.db")], stdin=follower,
                              stdout=follower, stderr=subprocess.PIPE, text=True, timeout=60, preexec_fn=full_disk)
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("wardtui: ") and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "w.db").exists()
