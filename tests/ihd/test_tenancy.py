"""Change of tenancy: after the wipe, nothing of the previous occupier is left on the
screen, in the history file (not even in free pages) or in the settings file; what the
building's operator configured stays."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bridge.model import GBP, Money
from bridge.sources.sim import SimSource
from ihd import config
from ihd.config import Settings
from ihd.controller import Controller
from ihd.history.store import HistoryStore
from ihd.kiosk.operator_config import parse
from ihd.tenancy import change_of_tenancy
from ihd.ui.state import DisplayState
from tests.ihd.ui.conftest import wait_until

EVENING = datetime(2026, 1, 14, 18, 5, tzinfo=UTC)


async def test_the_wipe_leaves_no_trace_of_the_household(qapp, tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"
    settings_file = tmp_path / "settings.json"
    settings = Settings(source="bridge", daily_budget="7.50",
                        bridge_url="https://10.0.0.2:8443", bridge_fingerprint="sha256:aa",
                        bridge_token="tenant-token", bridge_premises="home-1")
    config.save(settings, settings_file)
    state = DisplayState(speed=60, daily_budget=Money.of("7.50", GBP))
    store = HistoryStore(db)
    controller = Controller(state, store, flush_s=0.2)
    source = SimSource(seed=2, speed=60, start=EVENING, solar=False)
    await controller.attach(source)
    await wait_until(lambda: state.prepayment is not None)
    await controller.flush()
    meter_eui = source.homes[0].esme_eui64
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("SELECT count(*) FROM readings").fetchone()[0] > 0
    store.close()  # then reopen, as the app would after a restart
    assert meter_eui.encode() in _file_bytes(tmp_path)  # so the check below can fail
    controller.store = store = HistoryStore(db)

    operator = parse('[display]\ndaily_budget = "4.00"\n')
    await change_of_tenancy(controller, settings, lambda s: config.save(s, settings_file),
                            operator)

    assert controller.source is None
    assert state.meters == {} and state.messages == {} and state.top_ups == []
    assert state.daily_budget == Money.of("4.00", GBP)  # the operator's, not the tenant's
    saved = config.load(settings_file)
    assert saved.bridge_token is None and saved.bridge_url is None and saved.source is None
    assert saved.daily_budget == "4.00"
    store.close()
    with contextlib.closing(sqlite3.connect(db)) as conn:
        for table in ("readings", "intervals", "days", "prices", "prepayment", "top_ups",
                      "messages", "meters"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert meter_eui.encode() not in _file_bytes(tmp_path)  # vacuumed: not in free pages
    assert b"tenant-token" not in settings_file.read_bytes()


def _file_bytes(folder: Path) -> bytes:
    """The history file and its write-ahead log, as a disk holds them."""
    return b"".join(p.read_bytes() for p in sorted(folder.glob("history.sqlite3*")))


async def test_a_change_announced_by_the_comms_hub_clears_the_display_when_due(
        qapp, tmp_path: Path) -> None:
    from datetime import timedelta

    from bridge.model import TenancyChange, TenancyChangeControl

    state = DisplayState(speed=60, daily_budget=Money.of("7.50", GBP))
    controller = Controller(state, None)
    announced: list[TenancyChange] = []
    controller.on_tenancy_change = announced.append
    source = SimSource(seed=4, speed=60, start=EVENING, solar=False)
    await controller.attach(source)
    home = source.homes[0]
    # The comms hub publishes only to a display that has bound to it (after discovery).
    await wait_until(lambda: home.hub.server(1, 0x0708).bound)
    # Only snapshots: nothing for a display to clear.
    home.announce_change_of_tenancy(home.clock.now(), int(TenancyChangeControl.PRE_SNAPSHOTS))
    # Clear IHD data, effective in 5 simulated minutes (5 real seconds at this speed).
    effective = home.clock.now() + timedelta(minutes=5)
    home.announce_change_of_tenancy(
        effective, int(TenancyChangeControl.CLEAR_IHD_DATA_CONSUMER
                       | TenancyChangeControl.POST_SNAPSHOTS))
    await wait_until(lambda: controller._pending_tenancy is not None)
    assert announced == []  # announced, not yet due
    await wait_until(lambda: bool(announced), seconds=20)
    assert len(announced) == 1 and announced[0].clears_display
    # The wire carries whole seconds; the wipe came once the meter's time reached it.
    assert announced[0].effective == effective.replace(microsecond=0)
    assert controller.now() >= announced[0].effective
    await controller.stop()


async def test_a_replayed_change_from_before_this_household_never_wipes_it(qapp) -> None:
    """A bridge replays its journal to a newly paired display: the change of tenancy that
    made way for this household is in it and must not wipe the household again."""
    from datetime import timedelta

    from bridge.model import Fuel, MeterIdentity, TenancyChange, TenancyChangeControl

    meter = MeterIdentity("00:0d:6f:00:0c:00:00:02", 1, Fuel.GAS)
    controller = Controller(DisplayState(daily_budget=Money.of("5", GBP)), None)
    announced: list[TenancyChange] = []
    controller.on_tenancy_change = announced.append
    controller.household_since = EVENING

    def change(effective: datetime) -> TenancyChange:
        return TenancyChange(meter, EVENING + timedelta(days=2), "t", 1, 7, effective,
                             TenancyChangeControl.CLEAR_IHD_DATA_CONSUMER)

    async def replay():
        yield change(EVENING - timedelta(hours=1))  # the one before this household
        yield change(EVENING)  # the very one that began it
        yield change(EVENING + timedelta(days=1))  # a later, real one

    await controller._pump(replay())
    assert [c.effective for c in announced] == [EVENING + timedelta(days=1)]


async def test_the_wipe_remembers_when_the_new_household_began(qapp, tmp_path: Path) -> None:
    settings_file = tmp_path / "settings.json"
    state = DisplayState(speed=60, daily_budget=Money.of("5", GBP))
    controller = Controller(state, None)
    source = SimSource(seed=6, speed=60, start=EVENING, solar=False)
    await controller.attach(source)
    await wait_until(lambda: state.electricity is not None)
    data_time = controller.now()
    settings = Settings(source="demo")
    await change_of_tenancy(controller, settings, lambda s: config.save(s, settings_file),
                            parse(""))
    began = datetime.fromisoformat(config.load(settings_file).household_since or "")
    assert began == controller.household_since
    assert began >= data_time  # the data's clock (simulated here), not the wall clock
    assert began < data_time + timedelta(minutes=5)


async def test_a_us_home_s_next_household_keeps_counting_in_dollars(qapp, tmp_path: Path):
    from bridge.model import USD

    state = DisplayState(daily_budget=Money.of("5", GBP))
    state.use_currency(USD)  # an EMU-2 priced in dollars (tests/ihd/ui/test_us_home.py)
    controller = Controller(state, None)
    settings = Settings(daily_budget="6.00")
    await change_of_tenancy(controller, settings, lambda s: None, parse(""))
    assert state.daily_budget == Money.of("5.00", USD)  # the default amount, still dollars
