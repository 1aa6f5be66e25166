"""Stick probing against the scripted EZSP NCP on a pty, and against a silent pty."""

import time

from bridge.han.join.certificates import Suite
from bridge.han.radio.libraries import DECONZ, EZSP, RADIO_LIBRARIES, ZNP, RadioLibrary
from bridge.han.radio.ports import list_serial_ports
from bridge.han.radio.probe import Attempt, Outcome, ProbeResult, probe_port, probe_sticks
from tests.bridge.han.join.ezsp_peer import EzspPeer, MeterScript

TIMEOUT = 0.6  # for silence: each attempt costs exactly this
# For a stick that answers: bellows' probe is ~40 EZSP commands over a thread; it returns
# as soon as it is done, so a generous bound costs nothing but survives a busy machine.
ANSWER_TIMEOUT = 10.0
KEY = bytes(16)


async def test_ezsp_stick_with_certificate_can_join_a_meter():
    async with EzspPeer(MeterScript(link_key=KEY)) as peer:
        result = await probe_port(peer.path, timeout=ANSWER_TIMEOUT)
    assert result.radio is EZSP, result.detail
    assert result.certificates == (Suite.CBKE_283K1,)
    assert result.can_join_meter
    assert result.summary == (f"Silicon Labs EZSP stick on {peer.path} — can join a smart "
                              f"meter's network (sect283k1 certificate)")
    assert result.device_config is not None and result.device_config["baudrate"] == 115200
    # bellows' own probe ran its start-up against the peer, then we asked for certificates
    names = peer.names()
    assert names.count("addEndpoint") >= 1
    assert names[-2:] == ["getCertificate283k1", "getCertificate"]


async def test_ezsp_stick_without_certificate_is_demo_only():
    script = MeterScript(link_key=KEY, suite_certs={Suite.CBKE_283K1: None,
                                                    Suite.CBKE_163K1: None})
    async with EzspPeer(script) as peer:
        result = await probe_port(peer.path, timeout=ANSWER_TIMEOUT)
    assert result.radio is EZSP and result.certificates == (), result.detail
    assert not result.can_join_meter
    assert result.summary == (f"Silicon Labs EZSP stick on {peer.path} — no Smart Energy "
                              f"certificate: can run a demo meter only, cannot join a "
                              f"meter's network")


async def test_silent_port_is_not_found_within_the_timeout():
    async with EzspPeer(None, answer=False) as peer:
        started = time.monotonic()
        result = await probe_port(peer.path, timeout=TIMEOUT)
        elapsed = time.monotonic() - started
    installed = sum(lib.installed for lib in RADIO_LIBRARIES)
    assert elapsed < TIMEOUT * installed + 0.5
    assert result.radio is None and result.summary == f"nothing answered on {peer.path}"
    by_type = {a.library.radio_type: a for a in result.attempts}
    assert by_type["ezsp"].outcome is Outcome.NOT_FOUND
    assert by_type["ezsp"].reason == f"no answer within {TIMEOUT:g} s"
    for attempt in result.attempts:
        expected = Outcome.NOT_FOUND if attempt.library.installed else Outcome.NOT_INSTALLED
        assert attempt.outcome is expected
    assert not result.can_join_meter


async def test_sticks_are_probed_in_parallel():
    per_attempt = 1.5
    async with EzspPeer(MeterScript(link_key=KEY)) as stick, \
            EzspPeer(None, answer=False) as silent1, EzspPeer(None, answer=False) as silent2:
        started = time.monotonic()
        results = await probe_sticks([stick.path, silent1.path, silent2.path],
                                     timeout=per_attempt, libraries=[EZSP])
        elapsed = time.monotonic() - started
    assert [r.port for r in results] == [stick.path, silent1.path, silent2.path]
    assert [r.radio for r in results] == [EZSP, None, None], results[0].detail
    assert elapsed < 2 * per_attempt  # one after another would take at least 2 × 1.5 s


async def test_a_library_that_is_not_installed_is_reported_not_tried():
    missing = RadioLibrary("nope", "Imaginary stick", "zigpy-imaginary",
                           "zigpy_imaginary_radio.zigbee.application", False, "")
    async with EzspPeer(None, answer=False) as peer:
        result = await probe_port(peer.path, timeout=TIMEOUT, libraries=[missing])
    (attempt,) = result.attempts
    assert attempt.outcome is Outcome.NOT_INSTALLED
    assert attempt.reason == "not tried: zigpy-imaginary is not installed"
    assert result.detail == "Imaginary stick: not tried: zigpy-imaginary is not installed"


def test_only_ezsp_can_join_a_meter():
    assert [lib.radio_type for lib in RADIO_LIBRARIES if lib.can_join_meter] == ["ezsp"]
    assert [lib.radio_type for lib in RADIO_LIBRARIES] == [
        "ezsp", "znp", "deconz", "zigate", "xbee"]
    assert EZSP.installed  # bellows is a dependency


def test_coordinator_only_sticks_are_told_apart():
    found = Attempt(DECONZ, Outcome.FOUND, "answered in 0.3 s", 0.3, {"path": "/dev/ttyACM0"})
    result = ProbeResult(port="/dev/ttyACM0", label="/dev/ttyACM0", attempts=(
        Attempt(EZSP, Outcome.NOT_FOUND, "did not answer as one"),
        Attempt(ZNP, Outcome.NOT_FOUND, "did not answer as one"), found))
    assert result.summary == ("ConBee (deCONZ) on /dev/ttyACM0 — can run a demo meter only, "
                              "cannot join a meter's network")
    assert not result.can_join_meter


def test_serial_port_listing_is_typed():
    for port in list_serial_ports():
        assert port.device and port.device in port.label
        assert port.usb_id is None or len(port.usb_id) == 9


async def test_a_timed_out_probe_leaves_no_thread_behind():
    """bellows' own I/O thread outlived a cancelled probe and `ihd-bridge sticks` hung at
    exit waiting for it (about one run in three on a silent port)."""
    import os
    import pty
    import threading

    def threads():  # asyncio's own executor threads come and go with the loop
        return {t.name for t in threading.enumerate() if not t.name.startswith("asyncio_")}

    before = threads()
    controller, peripheral = pty.openpty()  # nothing on the other end, nothing read
    try:
        for _ in range(3):
            result = await probe_port(os.ttyname(peripheral), timeout=0.3,
                                      libraries=[EZSP])
            assert result.radio is None
    finally:
        os.close(controller)
        os.close(peripheral)
    assert threads() == before  # it was {"MainThread", "bellows.thread_0"}
