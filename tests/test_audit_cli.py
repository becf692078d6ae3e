"""`wardtui audit [--json] [--all]` through the real entry point; it never writes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_audit_json_lists_each_disagreement(run_cli, db_path: Path) -> None:
    code, out, err = run_cli("--db", str(db_path), "audit", "--json")
    assert (code, err) == (0, "")
    found = json.loads(out)
    assert len(found) == 16 and {"section", "check", "expected", "actual", "difference", "note"} <= set(found[0])
    assert {"section": "Ⅱ① 통반장 활동 지원", "check": "통장 상해보험 2020: 인원 × 1인 금액 = 지급액",
            "expected": 11_571_804, "actual": 11_323_370} in [
        {k: f[k] for k in ("section", "check", "expected", "actual")} for f in found
    ]
    rate = next(f for f in found if f["check"] == "주민참여 행정지원 집행률 = 집행액 ÷ 예산액")
    assert (rate["expected"], rate["actual"], rate["unit"]) == (99.27, 98, "%")
    assert "버림도 반올림도 아님" in rate["note"]


def test_audit_all_includes_what_agrees(run_cli, db_path: Path) -> None:
    code, out, _ = run_cli("--db", str(db_path), "audit", "--json", "--all")
    found = json.loads(out)
    assert code == 0 and len(found) > 150
    assert sum(f["level"] == "불일치" for f in found) == 13 and sum(f["level"] == "참고" for f in found) == 3


def test_audit_text(run_cli, db_path: Path) -> None:
    code, out, _ = run_cli("--db", str(db_path), "audit")
    assert code == 0
    assert "[Ⅱ③ 자치회관 운영 활성화]\n  불일치  집행액 = 재원별 집행 합\n        기대 508,793천원 · 실제 532,987천원 (차이 +24,194천원)\n" in out
    assert out.rstrip().splitlines()[-1].startswith("점검 ") and "불일치 13건 · 참고 3건" in out


def test_audit_never_changes_the_file(run_cli, db_path: Path) -> None:
    before = digest(db_path)
    for args in (("audit",), ("audit", "--json"), ("audit", "--all")):
        assert run_cli("--db", str(db_path), *args)[0] == 0
    assert digest(db_path) == before


def test_a_broken_figure_shows_up_in_the_cli(run_cli, db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE project SET budget_won = 70001000 WHERE part = 'Ⅱ' AND seq = 7")
    code, out, _ = run_cli("--db", str(db_path), "audit", "--json")
    found = {(f["section"], f["check"]): f for f in json.loads(out)}
    f = found[("Ⅱ⑦ 탁트인 골목 만들기 사업 추진", "예산액 = 재원별 예산 합")]
    assert (f["expected"], f["actual"], f["difference"]) == (70_000_000, 70_001_000, 1_000)
    assert found[("Ⅱ⑦ 탁트인 골목 만들기 사업 추진", "사업개요 지원금액 = 예산현황 예산액")]["actual"] == 70_000_000
