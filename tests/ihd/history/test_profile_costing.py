"""A meter's interval log is costed exactly: Wh x price per kWh x 1000 in micro-units,
rounded half to even as Decimal does, for prices with more decimals than a whole
micro-unit per Wh, and each half hour at the price in force then."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from bridge.model import GBP, Fuel, MeterIdentity, Money, Price, UnitOfMeasure
from ihd.history.store import HistoryStore

ELEC = MeterIdentity("00:0d:6f:00:0b:00:00:01", 1, Fuel.ELECTRICITY)
START = datetime(2026, 3, 1, tzinfo=UTC)


def _price(amount: str, start: datetime, duration: timedelta | None) -> Price:
    return Price(ELEC, start, "test", Money(Decimal(amount), GBP), UnitOfMeasure.KWH, 1,
                 "Standard", start, duration)


def test_profile_half_hours_cost_exactly_what_decimal_says(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    change = START + timedelta(days=2)
    # 27.35p then 24.5671p a kWh: 273.5 and 245.671 micro-units a Wh, neither whole.
    store.ingest([_price("0.2735", START, change - START), _price("0.245671", change, None)])
    rng = random.Random(3)
    # Odd and even Wh on the 0.5 boundary, a zero, and random use.
    kwh = [Decimal("0.001"), Decimal("0.003"), Decimal("0"), Decimal("0.0005")] + [
        Decimal(rng.randint(0, 2000)) / 1000 for _ in range(48 * 4 - 4)]
    intervals = [(START + timedelta(minutes=30 * i), k) for i, k in enumerate(kwh)]
    store.import_profile(ELEC, intervals)
    points = store.series(ELEC, START, START + timedelta(days=4), "half_hour")
    assert len(points) == len(intervals)
    for (at, k), point in zip(intervals, points, strict=True):
        wh = int((k * 1000).to_integral_value())
        rate = Decimal("0.2735") if at < change else Decimal("0.245671")
        micro = int((Decimal(wh) * rate * 1000).to_integral_value())
        assert point.start == at
        assert point.energy_kwh == wh / 1000
        assert point.cost == Decimal(micro) / 1_000_000, at
    # 1 Wh at 273.5 micro-units rounds to the even 274; 3 Wh is 820.5 -> 820.
    assert points[0].cost == Decimal("0.000274") and points[1].cost == Decimal("0.000820")
    store.close()


def test_half_hour_series_has_one_point_per_half_hour_gaps_as_none(tmp_path: Path) -> None:
    """Full (every half hour there) and with gaps at the start, middle and end, from a
    start that is not on the half hour: the bars are the half hours, None where the log
    has nothing."""
    store = HistoryStore(tmp_path / "h.sqlite3")
    store.ingest([_price("0.25", START, None)])
    kwh = {START + timedelta(minutes=30 * i): Decimal(i % 7) / 10 for i in range(48)}
    missing = {START, START + timedelta(hours=5), START + timedelta(hours=5, minutes=30),
               START + timedelta(hours=23, minutes=30)}
    store.import_profile(ELEC, [(t, None if t in missing else k) for t, k in kwh.items()])
    full = store.series(ELEC, START + timedelta(hours=1), START + timedelta(hours=5), "half_hour")
    assert [(p.start, p.energy_kwh) for p in full] == [
        (t, float(kwh[t])) for t in sorted(kwh) if START + timedelta(hours=1) <= t
        < START + timedelta(hours=5)]
    assert all(p.cost == kwh[p.start] * Decimal("0.25") for p in full)
    points = store.series(ELEC, START + timedelta(minutes=10), START + timedelta(days=1),
                          "half_hour")
    assert [p.start for p in points] == sorted(kwh)
    assert [p.energy_kwh for p in points] == [
        None if t in missing else float(kwh[t]) for t in sorted(kwh)]
    assert [p.cost is None for p in points] == [t in missing for t in sorted(kwh)]
    store.close()


def test_one_price_for_the_whole_log_rounds_half_to_even_too(tmp_path: Path) -> None:
    store = HistoryStore(tmp_path / "h.sqlite3")
    store.ingest([_price("0.2735", START, None)])  # 273.5 micro-units a Wh
    wh = [1, 3, 5, 0, 1234]
    store.import_profile(ELEC, [(START + timedelta(minutes=30 * i), Decimal(w) / 1000)
                                for i, w in enumerate(wh)])
    points = store.series(ELEC, START, START + timedelta(minutes=30 * len(wh)), "half_hour")
    # 273.5 -> 274 (even), 820.5 -> 820, 1367.5 -> 1368, 0, 337499.0
    assert [p.cost for p in points] == [Decimal(m) / 1_000_000
                                        for m in (274, 820, 1368, 0, 337499)]
    store.close()


def test_every_kind_of_rate_costs_what_decimal_says(tmp_path: Path) -> None:
    """Whole rates, rates whose micro-units a Wh have an odd denominator (62.4 = 312/5:
    never a tie) and an even one (273.5: ties round to even), for use and for export
    (negative energy), each half hour against Decimal."""
    rng = random.Random(5)
    wh = [0, 1, 2, 3, 5, -1, -3, 999_999] + [rng.randint(-3000, 20_000) for _ in range(300)]
    for amount in ("0.25", "0.0624", "0.1234", "0.0002", "0.2735", "0.245671", "0.333333"):
        store = HistoryStore(tmp_path / f"{amount}.sqlite3")
        store.ingest([_price(amount, START, None)])
        store.import_profile(ELEC, [(START + timedelta(minutes=30 * i), Decimal(w) / 1000)
                                    for i, w in enumerate(wh)])
        points = store.series(ELEC, START, START + timedelta(minutes=30 * len(wh)),
                              "half_hour")
        rate = Decimal(amount)
        assert [p.cost for p in points] == [
            int((Decimal(w) * rate * 1000).to_integral_value()) / Decimal(1_000_000)
            for w in wh], amount
        store.close()
