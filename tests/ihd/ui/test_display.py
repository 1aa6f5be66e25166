"""The display as a person uses it: the real window, the demo home through zigpy, a real
SQLite file, offscreen Qt. Taps are real mouse clicks on the widgets."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from bridge.model import GBP, Fuel, Money, TopUpCode
from bridge.sim.utrn import make_utrn
from bridge.sources.sim import SimSource
from ihd.controller import Controller
from ihd.history.store import HistoryStore
from ihd.ui.main_window import MainWindow
from ihd.ui.state import DisplayState
from tests.ihd.ui.conftest import settle, wait_until

EVENING = datetime(2026, 1, 14, 18, 5, tzinfo=UTC)  # peak band, a January evening


@pytest.fixture
async def display(qtbot, tmp_path: Path):
    state = DisplayState(speed=60, daily_budget=Money.of("3.00", GBP))
    store = HistoryStore(tmp_path / "history.sqlite3")
    controller = Controller(state, store, flush_s=0.2)
    chosen: list[bool] = []
    window = MainWindow(state, send_top_up=controller.top_up,
                        confirm=controller.confirm_message, load_series=controller.load_series,
                        choose_demo=lambda: chosen.append(True), set_budget=lambda m: None,
                        now=controller.now)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    source = SimSource(seed=1, speed=60, start=EVENING, solar=False)
    await controller.attach(source)
    await wait_until(lambda: state.electricity is not None
                     and state.electricity.demand_kw is not None)
    yield window, state, controller, source
    await controller.stop()
    store.close()


def tap(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


async def test_now_page_shows_power_cost_and_feedback_in_words(display):
    window, state, _, source = display
    for home in source.homes:
        await home.stop()  # hold the meter still so the screen can be compared with it
    await settle(0.5)
    page = window.pages["now"]
    demand = state.electricity.demand_kw
    assert page.power.text().startswith(f"{demand:.2f} kW")
    # Peak rate 38.2p/kWh: the hourly cost of the power now.
    expected = (demand * Decimal("0.382") * 100).quantize(Decimal(1), rounding="ROUND_HALF_UP")
    assert page.power_cost.text() == f"{expected}p an hour" or "£" in page.power_cost.text()
    assert page.ambient_words.text() in ("Low use", "Normal use", "High use")
    assert page.ambient_icon.text() in ("●", "◆", "▲")  # never colour alone
    assert "Connected" in window.status.text()
    assert "Demo home" in window.status.text()


async def test_the_budget_says_it_counts_gas_which_the_electricity_card_does_not(display):
    window, state, controller, source = display
    page = window.pages["now"]
    await wait_until(lambda: state.gas is not None and state.gas.today is not None
                     and state.gas.today.total_cost is not None, 15)
    for home in source.homes:
        await home.stop()  # hold the figures still so the screen can be compared
    await controller.flush()
    await controller.refresh_history()
    await settle(0.3)
    assert "on electricity and gas" in page.budget_text.text()
    elec_cost = state.electricity.today.total_cost
    spent = elec_cost + state.gas.today.total_cost
    if spent.amount <= 3:
        assert page.budget_text.text().startswith(f"{spent} of £3.00 on electricity and gas")
    else:
        assert page.budget_text.text().startswith(
            f"{spent} on electricity and gas: over today's budget of £3.00")
    assert page.today_card.heading.text() == "Electricity today so far"
    # The demo's earlier hours come from the meter's log, priced at the tariff in force.
    assert page.today_cost.text() in (str(elec_cost), f"{elec_cost} (estimated)")


async def test_top_up_by_keypad_then_the_same_code_again(display, qtbot):
    window, state, _, source = display
    window.show_page("topup")
    page = window.pages["topup"]
    meter = next(m for m in source.meters if m.fuel == Fuel.ELECTRICITY)
    code = make_utrn(meter.eui64, 10, counter=321)
    assert not page.send_button.isEnabled()
    for digit in code:
        tap(qtbot, page.keys[digit])
    assert page.code.text() == TopUpCode(code).grouped  # shown 4-4-4-4-4
    assert page.send_button.isEnabled()
    credit_before = state.prepayment.credit_remaining.amount
    tap(qtbot, page.send_button)
    await wait_until(lambda: "accepted" in page.result.text().lower())
    assert "£10.00 added" in page.result.text()
    await wait_until(lambda: state.prepayment.credit_remaining.amount > credit_before + 9)
    await wait_until(lambda: page.log.count() > 0 and "accepted" in page.log.item(0).text())
    assert code not in page.log.item(0).text()  # only the masked code is kept
    for digit in code:
        tap(qtbot, page.keys[digit])
    tap(qtbot, page.send_button)
    await wait_until(lambda: "already been used" in page.result.text())


async def test_a_mistyped_digit_is_caught_before_anything_is_sent(display, qtbot, tmp_path):
    window, _state, _, source = display
    window.show_page("topup")
    page = window.pages["topup"]
    meter = next(m for m in source.meters if m.fuel == Fuel.ELECTRICITY)
    code = make_utrn(meter.eui64, 10, counter=322)
    typo = code[:7] + str((int(code[7]) + 3) % 10) + code[8:]  # one digit wrong
    frames: list[dict] = []
    source.air.taps.append(lambda **f: frames.append(f))
    for digit in typo:
        tap(qtbot, page.keys[digit])
    assert "digit is mistyped" in page.hint.text()
    assert not page.send_button.isEnabled()
    page.send()  # Enter on a keyboard: still refused, in words
    assert "digit is mistyped" in page.result.text()
    await settle(0.3)
    assert not [f for f in frames if f["cluster_id"] == 0x0705
                and f["payload"][2] == 0x04], "a ConsumerTopUp was sent"
    page.grab().save(str(tmp_path / "topup-mistyped.png"))
    tap(qtbot, page.delete_button)
    tap(qtbot, page.keys[code[-1]])  # the last digit right does not fix digit 8
    assert not page.send_button.isEnabled()
    tap(qtbot, page.clear_button)
    for digit in code:
        tap(qtbot, page.keys[digit])
    assert page.hint.text() == "Ready to send." and page.send_button.isEnabled()


async def test_keypad_delete_and_clear(display, qtbot):
    window, *_ = display
    page = window.pages["topup"]
    for digit in "12345":
        tap(qtbot, page.keys[digit])
    tap(qtbot, page.delete_button)
    assert page.digits == "1234"
    assert page.code.text().startswith("1234 ____")
    tap(qtbot, page.clear_button)
    assert page.digits == "" and "20 more digits" in page.hint.text()


async def test_confirming_a_supplier_message(display, qtbot):
    window, _state, _, source = display
    source.homes[0]._message_counter = 2  # the next message asks for confirmation
    source.homes[0]._next_message_at = source.clock.now()
    window.show_page("messages")
    page = window.pages["messages"]
    await wait_until(lambda: any(b is not None for _, b in page.cards.values()), 15)
    assert "Messages (1)" in window.nav_buttons["messages"].text()
    _key, (_card, button) = next((k, v) for k, v in page.cards.items() if v[1] is not None)
    tap(qtbot, button)
    await wait_until(lambda: button.text() == "✔ Confirmed")
    assert source.homes[0].state.messages[-1].confirmed_at is not None
    assert window.nav_buttons["messages"].text() == "Messages"


async def test_history_periods_and_units_switch(display, qtbot):
    window, _state, controller, _ = display
    await controller.flush()
    window.show_page("history")
    page = window.pages["history"]
    # The page follows the history as it fills (the meter's log arrives after start).
    await wait_until(lambda: any(p.energy_kwh is not None for p in page.current))
    assert len(page.current) == 48  # today by half hour
    # "Today" is the meter's day (a January evening in this demo), not the test machine's.
    assert page.current[0].start == EVENING.replace(hour=0, minute=0)
    assert any(p.energy_kwh is not None for p in page.current)
    tap(qtbot, page.bucket_buttons["day"])
    await page.loaded()  # the week's load drawn (both periods), however slow the machine
    assert len(page.current) == len(page.previous) == 7  # this day and the six before
    tap(qtbot, page.unit_buttons["money"])
    assert page.summary.text().startswith("Last 7 days: £")
    assert "standing charge is not included" in page.legend.text()
    electricity = page.current
    tap(qtbot, page.fuel_buttons[Fuel.GAS])
    await page.loaded()
    # Gas's own week, not electricity's still on screen.
    assert page.fuel == Fuel.GAS and len(page.current) == 7 and page.current is not electricity


async def test_stale_data_is_marked_not_live(display):
    window, _state, _, source = display
    for home in source.homes:
        await home.stop()
    await wait_until(lambda: "Not live" in window.status.text(), 15)
    await wait_until(lambda: "not live" in window.pages["now"].power.text(), 2)
    assert window.pages["now"].ambient_words.text() == "No live reading"


async def test_a_meter_that_falls_silent_turns_not_live_on_every_page(qtbot):
    """No update says the data is old: the Now page must notice by itself, at the same
    moment as the status line, instead of showing the last number as if it were live."""
    from bridge.model import MeterIdentity, MeterReading
    from ihd.ui.now_page import NowPage

    state = DisplayState(speed=120, daily_budget=Money.of("3.00", GBP))  # 60 s stale in 0.5 s
    page = NowPage(state)
    qtbot.addWidget(page)
    meter = MeterIdentity("00:11:22:33:44:55:66:77", 1, Fuel.ELECTRICITY)
    state.apply(MeterReading(meter, EVENING, "test", demand_kw=Decimal("1.25")))
    await wait_until(lambda: page.power.text() == "1.25 kW", 2)
    await wait_until(lambda: "not live" in page.power.text(), 3)
    assert page.ambient_words.text() == "No live reading"
    state.apply(MeterReading(meter, EVENING, "test", demand_kw=Decimal("0.50")))
    await wait_until(lambda: page.power.text() == "0.50 kW", 2)


async def test_full_disk_is_said_on_screen_and_live_data_keeps_showing(display):
    window, state, controller, _ = display
    store = controller.store
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    await wait_until(lambda: window.history_warning.isVisible(), 15)
    assert "disk is full" in window.history_warning.text()
    before = state.electricity.reading.timestamp
    await wait_until(lambda: state.electricity.reading.timestamp > before)
    assert "Connected" in window.status.text()
