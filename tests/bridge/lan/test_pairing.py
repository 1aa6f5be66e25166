"""Pairing that nobody on the LAN can guess: each try names one home, tries are limited
per home and per bridge (not per address), and the code is proved with SPAKE2, which
also proves the bridge and binds its certificate fingerprint."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bridge.lan.devices import MAX_TRIES_PER_CODE, MAX_TRIES_PER_WINDOW, DeviceRegistry
from bridge.lan.pairing import DisplaySide, PairingCode, PairingCodeError, bridge_respond
from bridge.lan.service import open_pairing, serve
from bridge.sources.bridge_client import pair_with_bridge
from bridge.sources.sim import SimSource
from tests.bridge.lan.pairing_util import FINGERPRINT, try_code

EVENING = datetime(2026, 1, 14, 18, tzinfo=UTC)


@pytest.fixture
async def flats(tmp_path: Path):
    source = SimSource(seed=4, speed=60, homes=4, start=EVENING, solar=False)
    await source.start()
    running = await serve(source, state_dir=tmp_path / "state", host="127.0.0.1", port=0,
                          advertise=False)
    open_pairing(running, source)
    yield running, f"https://127.0.0.1:{running.port}"
    await running.stop()
    await source.stop()


def _wrong(code: str) -> str:
    parsed = PairingCode.parse(code)
    secret = f"{(int(parsed.secret) + 1) % 10**8:08d}"
    return str(PairingCode(parsed.slot, secret))


def test_codes_are_typed_as_shown_and_only_ascii_digits_count():
    code = PairingCode.parse(" 3-4821-0937 ")
    assert (code.slot, code.secret, str(code)) == (3, "48210937", "3-4821-0937")
    assert PairingCode.parse("3 4821 0937") == code
    for bad in ("48210937", "3-4821-093", "0-4821-0937", "3-4821-0937-1",
                "3-４８２１-0937",  # full-width digits
                "٣-4821-0937"):  # Arabic-Indic three
        with pytest.raises(PairingCodeError):
            PairingCode.parse(bad)


def test_the_exchange_proves_the_code_both_ways_and_binds_the_fingerprint():
    code = PairingCode(1, "12345678")
    display = DisplaySide(code, FINGERPRINT)
    bridge = bridge_respond(code, FINGERPRINT, display.message)
    assert display.finish(bridge.message, bridge.confirm) == bridge.expected
    assert b"12345678" not in display.message  # the code itself never crosses the wire
    # A fake bridge that does not know the code cannot prove it to the display.
    display = DisplaySide(code, FINGERPRINT)
    fake = bridge_respond(PairingCode(1, "87654321"), FINGERPRINT, display.message)
    assert display.finish(fake.message, fake.confirm) is None
    # A display that pinned another certificate (a man in the middle) derives another key.
    display = DisplaySide(code, "cd" * 32)
    real = bridge_respond(code, FINGERPRINT, display.message)
    assert display.finish(real.message, real.confirm) is None
    with pytest.raises(ValueError, match="not a pairing message"):
        bridge_respond(code, FINGERPRINT, b"\x00" * 33)


async def test_a_try_names_its_home_so_another_homes_code_does_not_pair(flats):
    running, url = flats
    fp = running.identity.fingerprint
    home1 = PairingCode.parse(running.pins["home-1"])
    # Home 1's secret sent as home 2's: checked against home 2's code only.
    status, error = await try_code(url, str(PairingCode(2, home1.secret)), fp)
    assert status == 403 and "wrong" in error
    status, token = await try_code(url, running.pins["home-1"], fp)
    assert status == 200 and len(token) > 20


async def test_a_homes_code_is_withdrawn_after_a_few_wrong_tries_from_any_addresses(flats):
    running, url = flats
    fp = running.identity.fingerprint
    code = running.pins["home-3"]
    for i in range(MAX_TRIES_PER_CODE):  # each from a different address
        status, _ = await try_code(url, _wrong(code), fp, source=f"127.0.3.{i + 1}")
        assert status == 403
    status, error = await try_code(url, code, fp, source="127.0.3.99")
    assert status == 403 and "withdrawn" in error  # even the right code, now
    # Other homes are not affected.
    pairing = await pair_with_bridge(url, running.pins["home-4"], "Flat 4", fp)
    assert pairing.premises == "home-4"


async def test_the_bridge_takes_a_bounded_number_of_wrong_tries_per_window(flats):
    running, url = flats
    fp = running.identity.fingerprint
    wrongs, statuses = 0, []
    for i in range(MAX_TRIES_PER_WINDOW + 3):  # spread over homes 1-4 and 60 addresses
        home = f"home-{i % 4 + 1}"
        code = PairingCode.parse(running.pins[home])
        if i // 4 >= MAX_TRIES_PER_CODE - 1:
            running.pins[home] = running.devices.open_pairing(home)  # the operator reopens
            code = PairingCode.parse(running.pins[home])
        status, _ = await try_code(url, _wrong(str(code)), fp, source=f"127.0.4.{i + 1}")
        statuses.append(status)
        wrongs += status == 403
    assert wrongs == MAX_TRIES_PER_WINDOW and statuses[-3:] == [429, 429, 429]
    # The right code waits too until the window has passed: no address gets around it.
    status, _ = await try_code(url, running.pins["home-1"], fp, source="127.0.9.9")
    assert status == 429


def test_right_tries_do_not_use_up_the_bridges_budget(tmp_path: Path):
    from tests.bridge.lan.pairing_util import pair_locally

    registry = DeviceRegistry(tmp_path / "devices.sqlite3")
    try:
        for n in range(MAX_TRIES_PER_WINDOW + 5):  # a big block of flats, all pairing
            _token, device = pair_locally(registry, f"flat-{n}", f"display {n}")
            assert device.premises == f"flat-{n}"
    finally:
        registry.close()
