"""A North American home: an EMU-2 whose meter prices in US dollars. The display works in
the source's currency end to end (Now, History, Tariff), never in pounds and never
failing with "cannot mix GBP and USD"."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from bridge.model import (
    GBP,
    USD,
    Fuel,
    MeterIdentity,
    MeterReading,
    Money,
    Price,
    UnitOfMeasure,
)
from bridge.sources.raven import RavenSource
from ihd import config
from ihd.controller import Controller
from ihd.history.store import HistoryStore
from ihd.ui.main_window import MainWindow
from ihd.ui.state import DisplayState
from tests.bridge.sources.test_corpus import METER_MAC, CorpusRaven, corpus
from tests.ihd.ui.conftest import settle, wait_until
from tests.ihd.ui.layout_check import problems

METER = MeterIdentity("00:1c:64:00:13:54:ec:34", 1, Fuel.ELECTRICITY)
EPOCH_2000 = datetime(2000, 1, 1, tzinfo=UTC)


def _fragment(tag: str, **fields: str) -> bytes:
    body = "".join(f"  <{k}>{v}</{k}>\n" for k, v in fields.items())
    return f"<{tag}>\n{body}</{tag}>\n".encode()


def _raven_time(when: datetime) -> str:
    return f"0x{int((when - EPOCH_2000).total_seconds()):08x}"


def _last_week(now: datetime) -> tuple[list[MeterReading | Price], int]:
    """Eight days of half-hourly registers at 0.6 kWh an hour, priced at $0.1350/kWh."""
    start = (now - timedelta(days=8)).replace(minute=0, second=0, microsecond=0)
    price = Price(meter=METER, timestamp=start, origin="history", unit=UnitOfMeasure.KWH,
                  unit_price=Money(Decimal("0.1350"), USD), tier=1, rate_label="Tier 1",
                  start=start, duration=None)
    updates: list[MeterReading | Price] = [price]
    wh = 18_000_000
    when = start
    while when < now - timedelta(minutes=30):
        wh += 300 + (when.hour >= 17) * 400  # evenings use more
        updates.append(MeterReading(meter=METER, timestamp=when, origin="history",
                                    energy_delivered_kwh=Decimal(wh) / 1000))
        when += timedelta(minutes=30)
    return updates, wh


async def test_a_us_emu2_home_is_shown_in_dollars(qtbot, tmp_path: Path, monkeypatch):
    # The computer is in Chicago; the home's zone is not set (a fresh install).
    monkeypatch.setenv("TZ", "America/Chicago")
    now = datetime.now(UTC)
    store = HistoryStore(tmp_path / "h.sqlite3")
    history, wh = _last_week(now)
    store.ingest(history)
    summation = _fragment("CurrentSummationDelivered", DeviceMacId="0xd8d5b9000001199e",
                          MeterMacId=METER_MAC, TimeStamp=_raven_time(now),
                          SummationDelivered=f"0x{wh + 200:016x}",
                          SummationReceived="0x0000000000000000", Multiplier="0x00000001",
                          Divisor="0x000003e8")
    price = _fragment("PriceCluster", DeviceMacId="0xd8d5b9000001199e", MeterMacId=METER_MAC,
                      TimeStamp=_raven_time(now), Price="0x0546", Currency="0x0348",
                      TrailingDigits="0x04", Tier="0x01", RateLabel="Tier 1")
    stick = CorpusRaven({
        # The owner's EMU-2 demand (1.638 kW) with this home's register and US price.
        "get_instantaneous_demand": corpus("raven/hass-rainforest-emu-2-issue-5-demand.xml"),
        "get_current_summation_delivered": summation,
        "get_current_price": price,
        "get_message": corpus("raven/aioraven-test-message.xml")})
    settings = config.Settings()
    # As the display starts (ihd/display_app.py): the budget's amount from the settings,
    # in the display's default currency, until the source says which money it counts in.
    state = DisplayState(zone=settings.chosen_zone, daily_budget=Money(settings.budget, GBP))
    controller = Controller(state, store, flush_s=0.2)
    window = MainWindow(state, send_top_up=controller.top_up,
                        confirm=controller.confirm_message, load_series=controller.load_series,
                        choose_demo=lambda: None, set_budget=lambda m: None)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    shots = Path(os.environ.get("OPENIHD_SCREENSHOTS", tmp_path))
    try:
        await controller.attach(RavenSource(stick.path, poll_s=1.0))
        now_page = window.pages["now"]
        await wait_until(lambda: now_page.power.text().startswith("1.64 kW"), 15)
        await controller.refresh_history()
        await settle(1.0)
        texts = _texts(now_page)
        assert "$" in texts and "£" not in texts, texts
        assert state.daily_budget.currency == USD  # the budget follows the meter's money
        # Times are Chicago's, said to be the computer's until the home's zone is set:
        # never London's (a RAVEn's times are UTC and it states no zone).
        chicago = now.astimezone(ZoneInfo("America/Chicago"))
        assert now_page.clock.text() in (f"{chicago:%H:%M}",
                                         f"{chicago + timedelta(minutes=1):%H:%M}")
        assert ("Times: this computer's zone (America/Chicago) until set in Settings"
                in window.status.text())
        # No gas meter in this home: no empty gas card; the budget takes the row.
        assert now_page.gas_card.isHidden() and now_page.budget_card.isVisible()
        # On a 1024x600 kiosk too, every word of it shows (the status line included).
        window.fit_to(1024, 600)
        await settle(0.3)
        assert (window.width(), window.height()) == (1024, 600)
        assert problems(window) == []
        window.grab().save(str(shots / "us-emu2-now-1024x600.png"))
        window.resize(1280, 800)
        await settle(0.3)
        window.grab().save(str(shots / "us-emu2-now.png"))  # with the status line
        for name in ("history", "tariff"):
            window.show_page(name)
            await settle(1.5)
            page = window.pages[name]
            if name == "history":  # the money view of the last week, by day
                assert page.unit_buttons["money"].text() == "$"
                qtbot.mouseClick(page.unit_buttons["money"], Qt.MouseButton.LeftButton)
                qtbot.mouseClick(page.bucket_buttons["day"], Qt.MouseButton.LeftButton)
                await settle(1.5)
                # 8 days at 0.6 kWh an hour and 1.4 kWh an hour after 17:00, at $0.1350.
                # A whole day: 17 h × 0.6 + 7 h × 1.4 = 20 kWh × $0.1350 = $2.70.
                costs = {Decimal(str(p.cost)).quantize(Decimal("0.01"))
                         for p in page.current if p.cost}
                assert Decimal("2.70") in costs
            texts = _texts(page)
            assert "$" in texts and "£" not in texts, (name, texts)
            window.grab().save(str(shots / f"us-emu2-{name}.png"))
        # 0x0546 = 1350 × 10^-4 (TrailingDigits 4) = $0.1350, not rounded to $0.14.
        tariff = window.pages["tariff"]
        assert "$0.1350 per kWh" in _texts(tariff)
        # The RAVEn passes on no standing charge: said, not a dash. The price in force
        # has no end: not "07:28–…".
        assert tariff.standing.text() == "Electricity: not given by the meter"
        assert [tariff.today.item(i).text() for i in range(tariff.today.count())] == [
            "Now, until changed  Tier 1: $0.1350 per kWh"]
    finally:
        await controller.stop()
        stick.close()


def _texts(widget) -> str:
    from PySide6.QtWidgets import QLabel, QListWidget

    parts = [w.text() for w in widget.findChildren(QLabel)]
    for lst in widget.findChildren(QListWidget):
        parts += [lst.item(i).text() for i in range(lst.count())]
    return "\n".join(parts)


async def test_a_raven_price_of_zero_is_no_price(qtbot, tmp_path: Path):
    """A RAVEn answers Price 0 when no price is set (neither the meter nor its owner gave
    one): the display shows no price and costs nothing at $0.00, rather than a free tariff."""
    now = datetime.now(UTC)
    zero = _fragment("PriceCluster", DeviceMacId="0xd8d5b9000001199e", MeterMacId=METER_MAC,
                     TimeStamp=_raven_time(now), Price="0x00000000", Currency="0x0348",
                     TrailingDigits="0x00", Tier="0x00", RateLabel="")
    stick = CorpusRaven({
        "get_instantaneous_demand": corpus("raven/hass-rainforest-emu-2-issue-5-demand.xml"),
        "get_current_summation_delivered": corpus("raven/aioraven-test-summation.xml"),
        "get_current_price": zero})
    state = DisplayState(zone="America/New_York", daily_budget=Money.of("5.00", USD))
    controller = Controller(state, HistoryStore(tmp_path / "h.sqlite3"), flush_s=0.2)
    window = MainWindow(state, send_top_up=controller.top_up,
                        confirm=controller.confirm_message, load_series=controller.load_series,
                        choose_demo=lambda: None, set_budget=lambda m: None)
    qtbot.addWidget(window)
    try:
        await controller.attach(RavenSource(stick.path, poll_s=0.5))
        now_page = window.pages["now"]
        await wait_until(lambda: now_page.power.text().startswith("1.64 kW"), 15)
        await settle(1.5)  # several polls, each answering Price 0
        assert state.electricity is not None and state.electricity.price is None
        assert "$0.00 an hour" not in _texts(now_page)
        window.show_page("tariff")
        await settle(0.3)
        tariff = window.pages["tariff"]
        assert tariff.now_price.text() == "–"
        assert tariff.next_change.text() == "Waiting for the meter's price."
        assert "$0.0000" not in _texts(tariff)
    finally:
        await controller.stop()
        stick.close()


def test_an_electricity_only_gb_home_has_no_gas_card(qtbot):
    state = DisplayState(daily_budget=Money.of("3.00", GBP))
    window = MainWindow(state, send_top_up=None, confirm=None,  # type: ignore[arg-type]
                        load_series=None, choose_demo=lambda: None,  # type: ignore[arg-type]
                        set_budget=lambda m: None)
    qtbot.addWidget(window)
    now_page = window.pages["now"]
    assert not now_page.gas_card.isHidden()  # until the meters are known
    elec = MeterIdentity("00:0d:6f:00:0a:0b:0c:0d", 1, Fuel.ELECTRICITY)
    state.apply(MeterReading(meter=elec, timestamp=datetime.now(UTC), origin="t",
                             demand_kw=Decimal("0.5")))
    now_page.refresh()
    assert now_page.gas_card.isHidden()
    gas = MeterIdentity("00:0d:6f:00:0a:0b:0c:0e", 1, Fuel.GAS)
    state.apply(MeterReading(meter=gas, timestamp=datetime.now(UTC), origin="t",
                             energy_delivered_kwh=Decimal("1000")))
    now_page.refresh()
    assert not now_page.gas_card.isHidden()


def test_the_home_zone_is_chosen_in_settings(qtbot, monkeypatch):
    """A dollar home without a zone shows the computer's and says so; choosing the home's
    zone in Settings shows times in it and the note goes."""
    from ihd.ui.zone_card import ZoneCard

    monkeypatch.setenv("TZ", "America/Chicago")
    state = DisplayState(zone=None, daily_budget=Money.of("5.00", USD))
    window = MainWindow(state, send_top_up=None, confirm=None,  # type: ignore[arg-type]
                        load_series=None, choose_demo=lambda: None,  # type: ignore[arg-type]
                        set_budget=lambda m: None)
    qtbot.addWidget(window)
    assert str(state.zone) == "Europe/London" and "computer's zone" not in window.status.text()
    price = Price(meter=METER, timestamp=datetime.now(UTC), origin="t", unit=UnitOfMeasure.KWH,
                  unit_price=Money(Decimal("0.1350"), USD), tier=1, rate_label="Tier 1",
                  start=datetime.now(UTC), duration=None)
    state.apply(price)
    window.refresh_status()
    assert str(state.zone) == "America/Chicago"
    assert "this computer's zone (America/Chicago)" in window.status.text()
    chosen: list[str | None] = []

    def set_zone(zone: str | None) -> None:
        chosen.append(zone)
        state.set_zone(zone, abroad=True)

    card = ZoneCard(chosen=None, set_zone=set_zone)
    qtbot.addWidget(card)
    index = card.choice.findData("America/Denver")
    card.choice.setCurrentIndex(index)
    card.choice.activated.emit(index)
    window.refresh_status()
    assert chosen == ["America/Denver"] and str(state.zone) == "America/Denver"
    assert "computer's zone" not in window.status.text()
    card.choice.activated.emit(0)  # "Not set": back to the stated guess
    window.refresh_status()
    assert chosen[-1] is None and str(state.zone) == "America/Chicago"
    assert "this computer's zone" in window.status.text()
