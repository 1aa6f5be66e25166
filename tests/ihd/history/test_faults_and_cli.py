"""A killed writer, and the export a user runs."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from ihd.history.cli import main as history_main
from ihd.history.store import HistoryStore
from tests.ihd.history.test_store import DAY, ELEC, price, readings

WRITER = """
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from bridge.model import Fuel, MeterIdentity, MeterReading
from ihd.history.store import HistoryStore
meter = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
store = HistoryStore(sys.argv[1])
t0 = datetime(2026, 1, 14, tzinfo=UTC)
i = 0
while True:
    batch = [MeterReading(meter, t0 + timedelta(seconds=10 * (i + k)), "kill",
                          energy_delivered_kwh=Decimal(i + k) / 1000) for k in range(500)]
    store.ingest(batch)
    i += 500
    print(i, flush=True)
"""


def test_sigkill_mid_ingest_leaves_a_file_with_whole_batches(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    committed = 0
    deadline = time.monotonic() + 60
    while committed < 5000 and time.monotonic() < deadline:
        committed = int(proc.stdout.readline())
    os.kill(proc.pid, signal.SIGKILL)  # somewhere inside the next batch
    proc.wait(timeout=10)
    assert committed >= 5000
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    count = conn.execute("SELECT COUNT(*) FROM readings").fetchone()[0]
    assert count % 500 == 0 and count >= committed  # no partial batch
    conn.close()
    store = HistoryStore(path)  # and it opens for the display
    total = store.period_total(ELEC, "day", at=datetime(2026, 1, 14, tzinfo=UTC))
    assert total.energy_kwh > 0


def test_export_csv_and_json(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    store = HistoryStore(path)
    store.ingest([price(DAY.replace(hour=9), 2, "20")])
    store.ingest(readings(DAY.replace(hour=9), 1, kw=1.0))
    store.close()
    out = io.StringIO()
    assert history_main(["export", "--db", str(path), "--from", "2026-01-14",
                         "--to", "2026-01-15"], out=out) == 0
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["start"], r["energy_kwh"], r["cost"]) for r in rows] == [
        ("2026-01-14T09:00:00+00:00", "0.5", "0.1"), ("2026-01-14T09:30:00+00:00", "0.5", "0.1")]
    out = io.StringIO()
    history_main(["export", "--db", str(path), "--from", "2026-01-14", "--to", "2026-01-15",
                  "--format", "json"], out=out)
    assert json.loads(out.getvalue())[0]["meter"] == ELEC.eui64
    assert Decimal(json.loads(out.getvalue())[1]["energy_kwh"]) == Decimal("0.5")


def test_export_bad_arguments_exit_2(capsys) -> None:
    assert history_main(["export", "--from", "2026-01-15", "--to", "2026-01-14",
                         "--db", "/nonexistent/x"]) == 2
    with pytest.raises(SystemExit) as exited:
        history_main(["export", "--from", "yesterday", "--to", "2026-01-14"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "not a date" in err


def _wipe_page_of(path: Path, table: str) -> None:
    """Overwrite the root page of `table` with garbage, as a worn SD card might."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                        (table,)).fetchone()[0]
    conn.close()
    with path.open("r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\xde\xad" * (page_size // 2))


def _history_with_data(path: Path, *, pending_rebuild: bool = False) -> None:
    store = HistoryStore(path)
    store.ingest([price(DAY.replace(hour=9), 2, "20")])
    store.ingest(readings(DAY.replace(hour=9), 1, kw=1.0))
    if pending_rebuild:  # as a time-zone change interrupted by a power cut leaves it
        store._conn.execute("CREATE TABLE IF NOT EXISTS pending (what TEXT PRIMARY KEY)")
        store._conn.execute("INSERT OR IGNORE INTO pending VALUES ('rebuild_days')")
    store.close()


@pytest.mark.parametrize("damage", ["not a database", "meters", "intervals"])
def test_a_damaged_history_file_is_moved_aside_and_a_fresh_one_used(tmp_path: Path, damage,
                                                                      caplog) -> None:
    path = tmp_path / "h.sqlite3"
    if damage == "not a database":
        path.write_bytes(b"\x00garbage" * 2000)
    else:
        _history_with_data(path, pending_rebuild=True)
        _wipe_page_of(path, damage)
    before = path.read_bytes()
    out = io.StringIO()
    # The export only reads: it says so in words and leaves the file where it is.
    assert history_main(["export", "--db", str(path), "--from", "2026-01-14",
                         "--to", "2026-01-15"], out=out) == 1
    assert path.read_bytes() == before
    store = HistoryStore(path)  # the display: never stops over its history file
    try:
        assert store.recovered is not None and str(path) in store.recovered
        assert "Lost:" in store.recovered and store.recovered in caplog.text
        aside = [p for p in tmp_path.iterdir() if p.name.startswith("h.sqlite3.damaged-")]
        assert len(aside) == 1 and aside[0].read_bytes() == before  # kept for a look
        assert store.meters() == []
        store.ingest(readings(DAY.replace(hour=9), 1, kw=1.0))  # and it carries on
        assert store.meters() == [ELEC]
    finally:
        store.close()


def test_export_of_a_damaged_history_says_so_in_words(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    _history_with_data(path)
    _wipe_page_of(path, "intervals")
    ihd = "from ihd.app import main; raise SystemExit(main())"
    result = subprocess.run([sys.executable, "-c", ihd, "history", "export", "--db",
                             str(path), "--from", "2026-01-14", "--to", "2026-01-15"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert str(path) in result.stderr or "malformed" in result.stderr
    assert "Nothing was exported" in result.stderr
