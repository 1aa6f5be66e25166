"""A realistic, deterministic household load.

Power at any instant is a pure function of (seed, time): the same seed gives the same
home whatever the simulation speed, so tests and demos are repeatable. Daily routines are
in the household's local time (Europe/London); the meter integrates in UTC.

Electricity: base load, a cycling fridge, kettle boils, cooking, an electric shower on
some mornings, washing, evening lights and TV, optional rooftop solar (export).
Gas: space heating that follows the season and the heating schedule, plus hot water.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/London")
SLOT_S = 10  # the meter's instantaneous-demand resolution


@dataclass(frozen=True)
class HouseholdProfile:
    seed: int
    base_kw: float
    fridge_kw: float
    fridge_period_min: float
    fridge_phase_min: float
    electric_shower: bool
    solar_kwp: float  # 0 = no panels
    gas_heating: bool
    heat_loss_kw_per_degree: float

    @classmethod
    def from_seed(cls, seed: int, *, solar: bool | None = None) -> HouseholdProfile:
        rng = random.Random(seed)
        has_solar = rng.random() < 0.35 if solar is None else solar
        return cls(
            seed=seed,
            base_kw=round(rng.uniform(0.11, 0.22), 3),
            fridge_kw=round(rng.uniform(0.07, 0.12), 3),
            fridge_period_min=rng.uniform(35, 55),
            fridge_phase_min=rng.uniform(0, 35),
            electric_shower=rng.random() < 0.4,
            solar_kwp=round(rng.uniform(2.5, 4.5), 1) if has_solar else 0.0,
            gas_heating=True,
            heat_loss_kw_per_degree=rng.uniform(0.18, 0.3),
        )


@dataclass(frozen=True)
class _Event:
    start_min: float  # minutes after local midnight
    duration_min: float
    kw: float


def _day_rng(seed: int, day: date, stream: str) -> random.Random:
    digest = hashlib.blake2b(f"{seed}:{day.isoformat()}:{stream}".encode(), digest_size=8)
    return random.Random(int.from_bytes(digest.digest(), "big"))


@lru_cache(maxsize=64)
def _electric_events(profile: HouseholdProfile, day: date) -> tuple[_Event, ...]:
    rng = _day_rng(profile.seed, day, "electric")
    weekend = day.weekday() >= 5
    wake = rng.gauss(8.0 if weekend else 6.8, 0.4) * 60
    events: list[_Event] = []
    for _ in range(rng.randint(3, 7)):  # kettle
        events.append(_Event(rng.uniform(wake, 22 * 60), 3.0, 2.9))
    events.append(_Event(wake + rng.uniform(5, 20), 3.0, 2.9))  # the first cup of tea
    if profile.electric_shower and rng.random() < 0.8:
        events.append(_Event(wake + rng.uniform(10, 40), rng.uniform(6, 11), 8.5))
    dinner = rng.gauss(18.2, 0.5) * 60
    events.append(_Event(dinner - 50, rng.uniform(35, 55), 2.1))  # oven
    events.append(_Event(dinner - 20, rng.uniform(12, 25), 1.6))  # hob
    if rng.random() < (0.6 if weekend else 0.3):  # washing machine
        events.append(_Event(rng.uniform(wake + 60, 20 * 60), 70, 0.9))
    if rng.random() < 0.3:  # tumble dryer after it
        events.append(_Event(rng.uniform(13 * 60, 21 * 60), 60, 2.2))
    events.append(_Event(wake, 45, 0.15))  # morning lights, radio
    events.append(_Event(17.5 * 60, 5.5 * 60 + rng.uniform(-30, 30), 0.32))  # evening
    if rng.random() < 0.5:
        events.append(_Event(rng.uniform(19.5 * 60, 21.5 * 60), 10, 1.2))  # dishwasher heat
    return tuple(events)


def _slot_noise(seed: int, slot: int) -> float:
    digest = hashlib.blake2b(f"{seed}:{slot}".encode(), digest_size=2).digest()
    return (int.from_bytes(digest, "big") / 65535.0 - 0.5) * 0.04


def _local_minutes(at: datetime) -> tuple[date, float]:
    local = at.astimezone(LOCAL)
    return local.date(), local.hour * 60 + local.minute + local.second / 60


def _solar_kw(profile: HouseholdProfile, at: datetime) -> float:
    if profile.solar_kwp <= 0:
        return 0.0
    day, minutes = _local_minutes(at)
    doy = day.timetuple().tm_yday
    # Day length and peak vary with the season (about 8 h in December, 16.5 h in June).
    season = math.cos(2 * math.pi * (doy - 172) / 365)
    half_day = (12.25 + 4.25 * season) / 2 * 60
    noon = 13 * 60 if LOCAL.dst(datetime.combine(day, time(12))) else 12 * 60
    x = (minutes - noon) / half_day
    if abs(x) >= 1:
        return 0.0
    clouds = 0.35 + 0.65 * _day_rng(profile.seed, day, "sun").random()
    peak = profile.solar_kwp * (0.55 + 0.3 * season) * clouds
    return peak * math.cos(x * math.pi / 2) ** 2


def electricity_kw(profile: HouseholdProfile, at: datetime) -> float:
    """Net power at the meter in kW: positive import, negative export."""
    day, minutes = _local_minutes(at)
    slot = int(at.timestamp()) // SLOT_S
    load = profile.base_kw + _slot_noise(profile.seed, slot)
    cycle = (minutes + profile.fridge_phase_min) % profile.fridge_period_min
    if cycle < profile.fridge_period_min * 0.38:
        load += profile.fridge_kw
    for event in _electric_events(profile, day):
        if event.start_min <= minutes < event.start_min + event.duration_min:
            load += event.kw
    return round(load - _solar_kw(profile, at), 3)


def outdoor_temperature_c(day: date) -> float:
    """A UK-like seasonal mean: about 5 °C in January, 17 °C in July."""
    doy = day.timetuple().tm_yday
    return 11.0 - 6.0 * math.cos(2 * math.pi * (doy - 20) / 365)


def gas_kw(profile: HouseholdProfile, at: datetime) -> float:
    """Gas burnt by the boiler, as kW of heat input."""
    day, minutes = _local_minutes(at)
    rng = _day_rng(profile.seed, day, "gas")
    kw = 0.0
    morning = (6.5 * 60, 8.5 * 60)
    evening = (17.0 * 60, 22.5 * 60)
    deficit = max(0.0, 18.0 - outdoor_temperature_c(day) + rng.uniform(-2, 2))
    if profile.gas_heating and deficit > 0:
        for start, end in (morning, evening):
            if start <= minutes < end:
                kw += min(24.0, profile.heat_loss_kw_per_degree * deficit * 2.2)
    # Hot water: a reheat after the morning and evening draws.
    if 7.0 * 60 <= minutes < 7.5 * 60 or 19.5 * 60 <= minutes < 19.75 * 60:
        kw += 18.0
    # The boiler modulates; no gas at all for much of the day is normal.
    return round(kw, 3)


def energy_kwh(power_kw: float, seconds: float) -> float:
    return power_kw * seconds / 3600.0


def integrate(fn_kw: object, profile: HouseholdProfile, start: datetime, end: datetime,
              step_s: int = SLOT_S) -> tuple[float, float]:
    """Energy imported and exported (kWh) between two instants, slot by slot."""
    assert callable(fn_kw)
    imported = exported = 0.0
    t = start
    while t < end:
        nxt = min(end, t + timedelta(seconds=step_s - (t.timestamp() % step_s)))
        kw = fn_kw(profile, t)
        seconds = (nxt - t).total_seconds()
        if kw >= 0:
            imported += energy_kwh(kw, seconds)
        else:
            exported += energy_kwh(-kw, seconds)
        t = nxt
    return imported, exported
