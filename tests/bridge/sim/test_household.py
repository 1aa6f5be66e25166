from datetime import UTC, datetime, timedelta

from bridge.sim.household import HouseholdProfile, electricity_kw, gas_kw, integrate

JAN = datetime(2026, 1, 14, tzinfo=UTC)
JUL = datetime(2026, 7, 14, tzinfo=UTC)


def test_same_seed_same_home_different_seed_different_home():
    a, b, c = (HouseholdProfile.from_seed(s) for s in (7, 7, 8))
    times = [JAN + timedelta(minutes=7 * i) for i in range(400)]
    assert [electricity_kw(a, t) for t in times] == [electricity_kw(b, t) for t in times]
    assert [electricity_kw(a, t) for t in times] != [electricity_kw(c, t) for t in times]


def test_daily_electricity_is_plausible_for_a_uk_home():
    home = HouseholdProfile.from_seed(3, solar=False)
    kwh, exported = integrate(electricity_kw, home, JAN, JAN + timedelta(days=1), step_s=60)
    assert 4 < kwh < 16  # Ofgem's typical 2,700 kWh/year is about 7.4 kWh/day
    assert exported == 0


def test_evening_use_exceeds_small_hours_use():
    home = HouseholdProfile.from_seed(5, solar=False)
    night = sum(integrate(electricity_kw, home, d.replace(hour=2), d.replace(hour=4), 60)[0]
                for d in (JAN + timedelta(days=i) for i in range(7)))
    evening = sum(integrate(electricity_kw, home, d.replace(hour=17), d.replace(hour=19), 60)[0]
                  for d in (JAN + timedelta(days=i) for i in range(7)))
    assert evening > 2 * night


def test_gas_heating_follows_the_season():
    home = HouseholdProfile.from_seed(2)
    winter, _ = integrate(gas_kw, home, JAN, JAN + timedelta(days=1), step_s=60)
    summer, _ = integrate(gas_kw, home, JUL, JUL + timedelta(days=1), step_s=60)
    assert winter > 3 * summer > 0


def test_solar_home_exports_on_a_summer_afternoon():
    home = HouseholdProfile.from_seed(4, solar=True)
    _, exported = integrate(electricity_kw, home, JUL.replace(hour=10), JUL.replace(hour=14), 60)
    assert exported > 0.5
