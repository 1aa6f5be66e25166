"""Key Establishment (0x0800) frames against hand-written bytes."""

import pytest

from bridge.han.join.certificates import Suite, parse_certificate
from bridge.han.join.ke_frames import (
    ConfirmKeyData,
    DefaultResponse,
    Direction,
    EphemeralData,
    Initiate,
    KeFrame,
    KeFrameError,
    Terminate,
    decode,
    encode,
)

CERT_283 = bytes(range(74))
CERT_163 = bytes(range(100, 148))
KEY_283 = bytes(range(0x40, 0x40 + 37))
KEY_163 = bytes(range(0x80, 0x80 + 22))
MAC = bytes.fromhex("00112233445566778899aabbccddeeff")

REQ, RSP = Direction.REQUEST, Direction.RESPONSE

VECTORS = [
    # frame control 0x11: cluster-specific, client→server, no default response
    (KeFrame(REQ, 0x05, Initiate(Suite.CBKE_283K1, 0x0A, 0x14, CERT_283)),
     bytes.fromhex("11 05 00 0200 0a 14") + CERT_283),
    (KeFrame(REQ, 0x06, Initiate(Suite.CBKE_163K1, 0x02, 0x03, CERT_163)),
     bytes.fromhex("11 06 00 0100 02 03") + CERT_163),
    (KeFrame(REQ, 0x07, EphemeralData(KEY_283)), bytes.fromhex("11 07 01") + KEY_283),
    (KeFrame(REQ, 0x08, ConfirmKeyData(MAC)),
     bytes.fromhex("11 08 02 00112233445566778899aabbccddeeff")),
    (KeFrame(REQ, 0x09, Terminate(status=2, wait_time=5, suite=2)),
     bytes.fromhex("11 09 03 02 05 0200")),
    # frame control 0x19: the same, server→client
    (KeFrame(RSP, 0xFE, Initiate(Suite.CBKE_283K1, 0x0B, 0x0C, CERT_283)),
     bytes.fromhex("19 fe 00 0200 0b 0c") + CERT_283),
    (KeFrame(RSP, 0x10, EphemeralData(KEY_163)), bytes.fromhex("19 10 01") + KEY_163),
    (KeFrame(RSP, 0x11, ConfirmKeyData(MAC)),
     bytes.fromhex("19 11 02 00112233445566778899aabbccddeeff")),
    (KeFrame(RSP, 0x2A, Terminate(status=1, wait_time=10, suite=1)),
     bytes.fromhex("19 2a 03 01 0a 0100")),
]


@pytest.mark.parametrize(("frame", "wire"), VECTORS)
def test_encode(frame, wire):
    assert encode(frame) == wire


@pytest.mark.parametrize(("frame", "wire"), VECTORS)
def test_decode(frame, wire):
    assert decode(wire) == frame


def test_terminate_reasons_in_plain_words():
    frame = decode(bytes.fromhex("19 2a 03 01 0a 0100"))
    assert isinstance(frame.message, Terminate)
    assert frame.message.reason == "unknown certificate issuer"
    assert decode(bytes.fromhex("19 2a 03 02 00 0200")).message.reason.startswith(
        "the keys did not match")
    assert decode(bytes.fromhex("19 2a 03 09 00 0200")).message.reason == "status code 9"


def test_default_response_from_a_server_without_the_command():
    # general command (type 0), server→client, no default response; 0x81 UNSUP_CLUSTER_COMMAND
    assert decode(bytes.fromhex("18 05 0b 00 81")) == KeFrame(
        RSP, 0x05, DefaultResponse(command_id=0x00, status=0x81))


@pytest.mark.parametrize(("wire", "suite", "match"), [
    (bytes.fromhex("19 01 00 0200 0a 14") + CERT_283[:-1], None, "73 bytes, expected 74"),
    (bytes.fromhex("19 01 00 0100 0a 14") + CERT_283, None, "74 bytes, expected 48"),
    (bytes.fromhex("19 01 00 0400 0a 14") + CERT_283, None, "unknown key establishment suite"),
    (bytes.fromhex("19 01 01") + KEY_163, Suite.CBKE_283K1, "22 bytes, expected 37"),
    (bytes.fromhex("19 01 01") + KEY_163[:-1], None, "21 bytes, expected 22 or 37"),
    (bytes.fromhex("19 01 02") + MAC[:15], None, "MAC is 15 bytes"),
    (bytes.fromhex("19 01 03 01 0a 0100 ff"), None, "1 bytes after"),
    (bytes.fromhex("19 01 03 01"), None, "too short"),
    (bytes.fromhex("19 01 04"), None, "unknown Key Establishment command 0x04"),
    (bytes.fromhex("1d 34 12 01 00"), None, "manufacturer-specific"),
    (bytes.fromhex("19 01"), None, "at least 3 bytes"),
])
def test_malformed_frames_are_rejected(wire, suite, match):
    with pytest.raises(KeFrameError, match=match):
        decode(wire, suite)


def test_encode_refuses_wrong_lengths():
    with pytest.raises(KeFrameError, match="47 bytes, expected 48"):
        encode(KeFrame(REQ, 1, Initiate(Suite.CBKE_163K1, 1, 1, CERT_163[:-1])))
    with pytest.raises(KeFrameError, match="22 or 37"):
        encode(KeFrame(REQ, 1, EphemeralData(b"\x00" * 36)))


def test_certificate_fields():
    # 283k1: issuer at 11..19, subject at 28..36
    cert = parse_certificate(CERT_283, Suite.CBKE_283K1)
    assert cert.issuer == bytes(range(11, 19))
    assert cert.subject == bytes(range(28, 36))
    assert cert.subject_eui64 == "1c:1d:1e:1f:20:21:22:23"
    # 163k1: subject at 22..30, issuer at 30..38
    cert = parse_certificate(CERT_163, Suite.CBKE_163K1)
    assert cert.subject == bytes(range(122, 130))
    assert cert.issuer_hex == bytes(range(130, 138)).hex().upper()
    with pytest.raises(ValueError, match="48 bytes, not 74"):
        parse_certificate(CERT_283, Suite.CBKE_163K1)
