"""``python -m bench --scale 1|10k|100k [--payments N] [--quick]``: one JSON object on stdout.

Builds synthetic databases with bulk inserts in a temporary directory (or ``--data DIR``,
reused when it already holds the same scale), runs every case interleaved with its floor,
and prints per case the median and min in ms, the floor's median, the ratio, the target
and whether it holds. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SCALES = {"1": [24], "10k": [24, 10_000], "100k": [24, 10_000, 100_000]}
DEFAULT_PAYMENTS = {"1": 1_000, "10k": 100_000, "100k": 1_000_000}
CASES = ("cold_start", "keystroke", "payments", "import", "memory", "seed_load")


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import version

    return {"cpu": cpu, "cores": os.cpu_count(), "system": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "textual": version("textual")}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def build_data(root: Path, scale: str, payments: int) -> dict[str, Any]:
    """Facility databases per size, a payments database, the import base and its CSV."""
    from bench import data

    stamp = root / "built.json"
    wanted = {"scale": scale, "payments": payments, "version": 1}
    paths = {
        "facilities": {str(n): root / f"facilities-{n}.db" for n in SCALES[scale]},
        "payments": root / "payments.db",
        "import_base": root / "import-base.db",
        "csv": root / "payments.csv",
    }
    if stamp.exists() and json.loads(stamp.read_text()) == wanted:
        log(f"reusing data in {root}")
        return paths
    for old in root.glob("*"):
        old.unlink()
    for n, path in paths["facilities"].items():
        log(f"building {n} facilities")
        data.build(path, facilities=int(n), payments=0)
    log(f"building {payments:,} payments")
    ids = data.build(paths["payments"], facilities=24, payments=payments)
    data.build(paths["import_base"], facilities=24, payments=0)
    conn = sqlite3.connect(paths["import_base"], isolation_level=None)
    conn.execute("BEGIN")
    data.add_recipients(conn, len(ids))
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data.write_payments_csv(paths["csv"], payments, ids)
    stamp.write_text(json.dumps(wanted))
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="1")
    parser.add_argument("--payments", type=int, default=None, help="ledger rows (default by scale)")
    parser.add_argument("--quick", action="store_true", help="one run per case (CI)")
    parser.add_argument("--cases", default=",".join(CASES), help=f"comma-separated subset of {', '.join(CASES)}")
    parser.add_argument("--data", type=Path, default=None, help="keep the built data here and reuse it")
    args = parser.parse_args(argv)
    payments = args.payments if args.payments is not None else DEFAULT_PAYMENTS[args.scale]
    wanted = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = set(wanted) - set(CASES)
    if unknown:
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    runs = (lambda full: 1) if args.quick else (lambda full: full)

    from bench import cases

    tmp = None
    if args.data is None:
        tmp = tempfile.mkdtemp(prefix="wardtui-bench-")
        root = Path(tmp)
    else:
        root = args.data
        root.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    result: dict[str, Any] = {"scale": args.scale, "payments": payments, "quick": args.quick, "machine": machine()}
    try:
        paths = build_data(root, args.scale, payments)
        biggest = paths["facilities"][str(SCALES[args.scale][-1])]
        out: dict[str, Any] = {}
        if "cold_start" in wanted:
            log("cold start")
            out["cold_start"] = cases.cold_start(biggest, runs(7))
        if "keystroke" in wanted:
            log("keystroke")
            out["keystroke"] = cases.keystroke(paths["facilities"], runs(3))
        if "payments" in wanted:
            log("payments")
            out["payments"] = cases.payments(paths["payments"], runs(5))
        if "import" in wanted:
            log("import")
            out["import"] = cases.bulk_import(paths["import_base"], paths["csv"], payments, runs(3))
        if "memory" in wanted:
            log("memory")
            out["memory"] = cases.peak_memory(paths["payments"])
        if "seed_load" in wanted:
            log("seed load")
            out["seed_load"] = cases.seed_load(runs(5))
        result["cases"] = out
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
