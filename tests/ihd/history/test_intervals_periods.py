import random
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from ihd.history.intervals import Accumulated, accumulate, spread
from ihd.history.periods import period_containing, same_period_last_year

LONDON = ZoneInfo("Europe/London")
T0 = int(datetime(2026, 1, 14, 12, 0, tzinfo=UTC).timestamp())


def test_energy_is_spread_across_a_half_hour_boundary_in_proportion_to_time():
    # 1200 Wh between 12:20 and 12:40: 600 Wh to each half hour.
    acc = accumulate([(T0 + 1200, 10_000), (T0 + 2400, 11_200)], not_before=T0,
                     max_gap_s=3600, max_kw=60)
    assert acc.wh == {T0: 600.0, T0 + 1800: 600.0}
    assert acc.covered_s == {T0: 600.0, T0 + 1800: 600.0}


def test_register_reset_is_a_new_baseline_not_negative_energy():
    acc = accumulate([(T0, 50_000), (T0 + 600, 50_100), (T0 + 1200, 3),
                      (T0 + 1500, 53)], not_before=T0, max_gap_s=3600, max_kw=60)
    assert acc.resets == 1
    assert acc.wh[T0] == 150.0  # 100 before the reset + 50 after
    assert all(v >= 0 for v in acc.wh.values())


def test_a_long_silence_stays_a_gap():
    acc = accumulate([(T0, 0), (T0 + 3 * 3600, 3000)], not_before=T0, max_gap_s=3600,
                     max_kw=60)
    assert acc.wh == {}


def test_an_implausible_jump_is_rejected_and_measuring_continues_from_before_it():
    acc = accumulate([(T0, 1000), (T0 + 10, 2**48 - 5), (T0 + 600, 1100)], not_before=T0,
                     max_gap_s=3600, max_kw=60)
    assert acc.glitches == [T0 + 10]
    assert acc.wh == {T0: 100.0}


def test_every_pair_is_spread_as_spread_does_it_to_the_last_bit():
    """accumulate() adds a pair inside one half hour itself (nearly every pair of 10 s
    readings); the figures are exactly those of spread(), pair by pair, whatever the
    pairs: 10 s apart, across boundaries, before `not_before`, resets, gaps, glitches."""
    rng = random.Random(4)
    t, r, readings = T0 - 900, 5_000_000, []
    for _ in range(20_000):
        t += rng.choice([10, 10, 10, 7, 600, 1795, 4000])
        r += rng.choice([0, 1, 3, 29, 250]) if rng.random() > 0.001 else -r + 5
        readings.append((t, r + (2**40 if rng.random() < 0.0005 else 0)))
    got = accumulate(readings, not_before=T0, max_gap_s=3600, max_kw=60)
    want = Accumulated()
    prev_t, prev_r = readings[0]
    for t, r in readings[1:]:  # the rules of accumulate(), every pair through spread()
        if t == prev_t:
            continue
        if r < prev_r:
            prev_t, prev_r = t, r
            continue
        if (r - prev_r) / 1000 > 60 * (t - prev_t) / 3600:
            continue
        if t - prev_t <= 3600:
            spread(prev_t, prev_r, t, r, want, not_before=T0)
        prev_t, prev_r = t, r
    assert got.wh == want.wh and got.covered_s == want.covered_s
    assert list(got.wh) == list(want.wh)  # the same half hours, in the same order
    assert got.resets > 0 and got.glitches


def test_local_days_are_23_and_25_hours_on_clock_change_days():
    spring = period_containing(datetime(2026, 3, 29, 12, tzinfo=UTC), "day", LONDON)
    autumn = period_containing(datetime(2026, 10, 25, 12, tzinfo=UTC), "day", LONDON)
    ordinary = period_containing(datetime(2026, 7, 1, 12, tzinfo=UTC), "day", LONDON)
    assert (spring.half_hours, autumn.half_hours, ordinary.half_hours) == (46, 50, 48)
    # A summer day starts at 23:00 UTC the evening before.
    assert ordinary.start.astimezone(UTC) == datetime(2026, 6, 30, 23, tzinfo=UTC)


def test_weeks_start_on_monday_and_months_and_years_are_calendar_ones():
    at = datetime(2026, 11, 24, 12, tzinfo=UTC)  # a Tuesday
    week = period_containing(at, "week", LONDON)
    assert week.first_day.isoformat() == "2026-11-23"
    assert period_containing(at, "week", LONDON, -1).first_day.isoformat() == "2026-11-16"
    assert period_containing(at, "month", LONDON, -11).first_day.isoformat() == "2025-12-01"
    assert period_containing(at, "year", LONDON).end_day.isoformat() == "2027-01-01"
    assert same_period_last_year(at, "month", LONDON).first_day.isoformat() == "2025-11-01"


def test_a_device_s_zero_placeholder_after_a_reboot_is_not_a_meter_reset() -> None:
    # A rebooting Rainforest EAGLE reports 0 kWh delivered for about five minutes before
    # the meter's register again (home-assistant/core#80302). Taken as a reset, the
    # register's return was an impossible jump and every later reading was thrown away.
    t0 = 1_700_000_000 - 1_700_000_000 % 1800
    good = [(t0 + 10 * i, 12_300_000 + 3 * i) for i in range(30)]
    zeros = [(t0 + 300 + 10 * i, 0) for i in range(30)]
    after = [(t0 + 600 + 10 * i, 12_300_200 + 3 * i) for i in range(300)]
    out = accumulate(good + zeros + after, not_before=t0, max_gap_s=3600, max_kw=100)
    assert out.resets == 0
    assert out.glitches == [t for t, _ in zeros]
    # Every Wh the register counted, once: the outage's use spread across it.
    assert sum(out.wh.values()) == pytest.approx(after[-1][1] - good[0][1])
    assert all(s <= 1800 for s in out.covered_s.values())


def test_a_register_that_stays_low_is_a_new_meter() -> None:
    t0 = 1_700_000_000 - 1_700_000_000 % 1800
    old = [(t0 + 10 * i, 12_300_000 + 3 * i) for i in range(30)]
    new = [(t0 + 300 + 10 * i, 40 + 3 * i) for i in range(400)]  # over an hour, never back
    out = accumulate(old + new, not_before=t0, max_gap_s=3600, max_kw=100)
    assert out.resets == 1 and out.glitches == []
    assert sum(out.wh.values()) == pytest.approx(29 * 3 + 399 * 3)
