"""Malformed frames from the meter are refused and counted, never half-accepted; a clean
frame right after them still gets through. Frames are raw bytes put on the virtual air
as a meter would send them, not built with the project's encoder."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

import pytest

from bridge.han.frame_guard import frame_stats
from bridge.model import MessageCancelled, PrepaymentState, SourceStatus, SupplierMessage
from bridge.sources.sim import SimSource

EVENING = datetime(2026, 1, 14, 18, 0, tzinfo=UTC)
SE = 0x0109


@pytest.fixture
async def home():
    source = SimSource(seed=5, speed=1, start=EVENING, solar=False)
    stream = source.subscribe()
    await source.start()
    await source.homes[0].stop()  # nothing but the frames below
    await asyncio.sleep(0.2)
    while True:
        try:
            stream.get_nowait()
        except asyncio.QueueEmpty:
            break
    yield source, stream
    await source.stop()


def _send(source: SimSource, cluster_id: int, zcl: bytes) -> None:
    esme = source.homes[0].esme
    source.air.to_app(esme.nwk, src_ep=1, dst_ep=1, cluster_id=cluster_id, profile_id=SE,
                      payload=zcl)


async def _updates(stream, seconds: float) -> list[object]:
    seen: list[object] = []
    try:
        async with asyncio.timeout(seconds):
            while True:
                seen.append(await stream.get())
    except TimeoutError:
        return seen


# Report Attributes, Prepayment Credit Remaining (int32) = 1 penny, but sent with the
# client→server direction bit: fc 0x10 = global, client→server, no default response.
WRONG_DIRECTION_REPORT = bytes.fromhex("10" "21" "0a" "0100" "2b" "01000000")
# DisplayMessage whose message length byte (0x40) claims 64 octets; 5 follow.
# fc 0x09 = cluster-specific, server→client, default response wanted.
STRING_OVERRUN = bytes.fromhex("09" "22" "00" "01010000" "00" "00000000" "ffff" "40"
                               ) + b"Hello"
# CancelMessage (message id, control) complete after 5 octets; 3 more follow.
TRAILING_BYTES = bytes.fromhex("19" "23" "01" "01010000" "00" "aabbcc")
# The same DisplayMessage done right.
GOOD_MESSAGE = bytes.fromhex("19" "24" "00" "02010000" "00" "00000000" "ffff" "05"
                             ) + b"Hello"


async def test_malformed_frames_are_refused_counted_and_answered(home, caplog):
    source, stream = home
    sent: list[dict] = []
    source.air.taps.append(lambda **f: sent.append(f) if f["src_nwk"] == 0 else None)
    caplog.set_level(logging.WARNING, logger="bridge.han.frame_guard")

    _send(source, 0x0705, WRONG_DIRECTION_REPORT)
    _send(source, 0x0703, STRING_OVERRUN)
    _send(source, 0x0703, TRAILING_BYTES)
    updates = await _updates(stream, 2.5)

    assert not [u for u in updates if isinstance(u, PrepaymentState | SupplierMessage
                                                  | MessageCancelled)]
    stats = frame_stats(source.han.app)
    assert stats.refused == 3
    reasons = " | ".join(r.getMessage() for r in caplog.records)
    assert "direction" in reasons and "ends inside a field" in reasons
    assert "3 unexpected bytes after the last field" in reasons
    assert "KeyError" not in reasons
    # The bridge's status says so.
    statuses = [u for u in updates if isinstance(u, SourceStatus)]
    assert statuses and statuses[-1].detail.endswith("3 malformed frames refused.")
    # ZCL: each refused command is answered with a Default Response (global, client →
    # server, status MALFORMED_COMMAND 0x80) carrying its sequence number and command
    # id; errors are answered even when the sender asked for no default response
    # (CancelMessage, fc 0x19). The report from the wrong side has no server to answer.
    answers = [f["payload"].hex() for f in sent if f["cluster_id"] == 0x0703]
    assert answers == ["10220b0080", "10230b0180"]

    _send(source, 0x0703, GOOD_MESSAGE)
    message = next(u for u in await _updates(stream, 1.5) if isinstance(u, SupplierMessage))
    assert message.text == "Hello" and message.message_id == 0x0102
    assert frame_stats(source.han.app).refused == 3


async def test_a_command_the_cluster_lacks_gets_unsupported_not_silence(home):
    source, _stream = home
    sent: list[dict] = []
    answered = asyncio.Event()

    def tap(**f: object) -> None:
        if f["src_nwk"] == 0:
            sent.append(f)
            if f["cluster_id"] == 0x0700:
                answered.set()

    source.air.taps.append(tap)
    _send(source, 0x0700, bytes.fromhex("09" "31" "3f" "00"))  # Price has no 0x3F
    # Until the display has sent something back (not a fixed 0.5 s: a busy machine).
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(answered.wait(), 10)
    answers = [f["payload"] for f in sent if f["cluster_id"] == 0x0700]
    assert answers and answers[-1][1:] == bytes([0x31, 0x0B, 0x3F, 0x81])  # UNSUP_CLUSTER_COMMAND


async def test_a_command_without_a_specific_response_gets_a_default_response(home):
    """ZCL: DisplayMessage with disable-default-response clear has no specific response,
    so the display answers Default Response SUCCESS; with the bit set, nothing."""
    source, stream = home
    sent: list[dict] = []
    source.air.taps.append(lambda **f: sent.append(f) if f["src_nwk"] == 0 else None)
    _send(source, 0x0703, bytes([0x09]) + GOOD_MESSAGE[1:])  # fc 0x09: answer wanted
    _send(source, 0x0703, GOOD_MESSAGE)  # fc 0x19: no answer wanted
    updates = await _updates(stream, 1.0)
    assert len([u for u in updates if isinstance(u, SupplierMessage)]) == 2
    answers = [f["payload"].hex() for f in sent if f["cluster_id"] == 0x0703]
    assert answers == ["10240b0000"]


async def test_the_simulated_meter_answers_a_malformed_command_too(home):
    """The meter side keeps ZCL manners as well: a ConsumerTopUp whose code length byte
    (20) runs past the end is refused with Default Response MALFORMED_COMMAND."""
    source, _stream = home
    esme = source.homes[0].esme
    answers: list[bytes] = []
    answered = asyncio.Event()

    def tap(**f: object) -> None:
        if f["src_nwk"] == esme.nwk:
            answers.append(f["payload"])  # type: ignore[arg-type]
            answered.set()

    source.air.taps.append(tap)
    credit = source.homes[0].account.credit_pence
    source.air.to_node(esme.nwk, src_ep=1, dst_ep=1, cluster_id=0x0705, profile_id=SE,
                       payload=bytes([0x01, 0x41, 0x04, 0x02, 20]) + b"1234")
    # Until the meter has answered (not a fixed 0.3 s: a busy machine).
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(answered.wait(), 10)
    assert esme.malformed_frames == 1
    assert answers == [bytes([0x18, 0x41, 0x0B, 0x04, 0x80])]
    assert source.homes[0].account.credit_pence == credit
