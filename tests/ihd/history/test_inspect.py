"""`ihd history inspect`: what a history file holds, from a real file the store wrote,
checked against SQLite's own counts, and the file left byte for byte as it was."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
from pathlib import Path

from ihd.history.cli import main as history_main
from tests.ihd.history.test_faults_and_cli import _history_with_data


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_inspect_says_what_each_meter_and_table_holds_and_changes_nothing(
        tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _history_with_data(path)
    before = _digest(path)
    out = io.StringIO()
    assert history_main(["inspect", "--db", str(path), "--json"], out=out) == 0
    found = json.loads(out.getvalue())
    assert _digest(path) == before  # read-only: no journal, no upgrade, no vacuum

    conn = sqlite3.connect(path)
    counts = {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
              for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {t["name"]: t["rows"] for t in found["tables"]} == counts
    assert found["schema_version"] == conn.execute("PRAGMA user_version").fetchone()[0]
    intervals = next(t for t in found["tables"] if t["name"] == "intervals")
    assert not intervals["rowid"] and "start INTEGER" in intervals["columns"]
    [meter] = found["meters"]
    assert meter["fuel"] == "electricity"
    assert meter["half_hours"] == counts["intervals"] == 2
    assert meter["first_half_hour"] == "2026-01-14T09:00:00+00:00"
    assert meter["readings_kept"] == counts["readings"]
    conn.close()

    text = io.StringIO()
    assert history_main(["inspect", "--db", str(path)], out=text) == 0
    assert "electricity meter" in text.getvalue() and "2 half hours" in text.getvalue()


def test_inspect_of_a_file_that_is_not_history_says_so(tmp_path: Path, capsys) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"not a database at all" * 100)
    assert history_main(["inspect", "--db", str(path)]) == 1
    assert "cannot be read as a history file" in capsys.readouterr().err
    assert history_main(["inspect", "--db", str(tmp_path / "none.sqlite3")]) == 1
    assert "there is no history file" in capsys.readouterr().err
