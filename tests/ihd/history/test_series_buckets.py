"""Chart series by day, week and month add up the half hours of each local day, week
(Monday first) and month, across a clock change, with gaps as None, not zero."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bridge.model import Fuel, MeterIdentity
from ihd.history.store import HistoryStore

ELEC = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize("bucket", ["day", "week", "month"])
def test_buckets_are_the_sums_of_their_local_half_hours(tmp_path: Path, bucket: str) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    rng = random.Random(7)
    start = datetime(2026, 9, 20, tzinfo=UTC)  # across October's clock change
    intervals = [(start + timedelta(minutes=30 * i), Decimal(rng.randint(0, 900)) / 1000)
                 for i in range(48 * 75)]
    gap = {start + timedelta(days=40, minutes=30 * i) for i in range(48 * 9)}  # 9 days off
    store.import_profile(ELEC, [(t, None if t in gap else kwh) for t, kwh in intervals])
    lo = datetime(2026, 9, 25, 12, tzinfo=LONDON)
    hi = datetime(2026, 12, 1, 9, tzinfo=LONDON)

    def key(at: datetime) -> date:
        day = at.astimezone(LONDON).date()
        if bucket == "day":
            return day
        return day - timedelta(days=day.weekday()) if bucket == "week" else day.replace(day=1)

    # The oracle: half hours of whole local days from lo's day to hi's (hi not at midnight).
    expected: dict[date, float | None] = {}
    for t, kwh in intervals:
        day = t.astimezone(LONDON).date()
        if lo.date() <= day <= hi.date():
            expected.setdefault(key(t), None)
            if t not in gap:
                expected[key(t)] = (expected[key(t)] or 0.0) + float(kwh)
    got = store.series(ELEC, lo, hi, bucket)  # type: ignore[arg-type]
    assert [p.start.date() for p in got] == sorted(expected)
    assert all(p.start == datetime.combine(p.start.date(), datetime.min.time(), LONDON)
               for p in got)
    for point in got:
        want = expected[point.start.date()]
        assert point.energy_kwh == (None if want is None else pytest.approx(want, abs=1e-6))
    if bucket == "day":  # a day with no data at all is a gap, not zero
        missing = [p for p in got if p.energy_kwh is None]
        assert len(missing) >= 7
    store.close()
