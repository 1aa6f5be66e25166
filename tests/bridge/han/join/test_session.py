"""Join + CBKE against a scripted EZSP NCP on a pty, through bellows' real serial/ASH/EZSP
stack (see ezsp_peer.py for what the peer does and does not emulate)."""

import time

import pytest

from bridge.han.join.certificates import Suite
from bridge.han.join.install_code import install_code_crc, link_key_from_install_code
from bridge.han.join.ncp import SeNcp
from bridge.han.join.session import FailureReason, JoinSession, JoinTimeouts
from bridge.model import ConnectionState
from tests.bridge.han.join.ezsp_peer import (
    STICK_EUI64,
    TC_EUI64,
    EzspPeer,
    MeterScript,
    _be,
    cert_163k1,
    cert_283k1,
    fake_mac,
)

INSTALL_CODE = "83FED3407A939723A5C639B26916D505C3B5"
LINK_KEY = link_key_from_install_code(INSTALL_CODE)
FAST = JoinTimeouts(scan_duration_exp=0, join=1.0, response=1.0, announced_cap=0.0,
                    ncp_crypto=2.0)
STICK_283 = cert_283k1(_be(STICK_EUI64))
METER_283 = cert_283k1(_be(TC_EUI64))
S, J, A, C, F = (ConnectionState.SEARCHING, ConnectionState.JOINING,
                 ConnectionState.AUTHENTICATING, ConnectionState.CONNECTED,
                 ConnectionState.FAILED)


async def join(script, *, version=13, timeouts=FAST, **kwargs):
    async with EzspPeer(script, version=version) as peer:
        ncp = await SeNcp.open({"path": peer.path, "baudrate": 115200,
                                "flow_control": None})
        try:
            session = JoinSession(ncp, INSTALL_CODE, timeouts=timeouts, **kwargs)
            result = await session.run()
        finally:
            await ncp.close()
    return result, session, peer


def states(session):
    return [s.state for s in session.history]


def sent(peer, name):
    return [args for n, args in peer.ncp.received if n == name]


@pytest.mark.parametrize("version", [8, 13, 18])
async def test_join_and_cbke_283k1(version):
    started = time.monotonic()
    result, session, peer = await join(MeterScript(link_key=LINK_KEY), version=version)
    elapsed = time.monotonic() - started

    assert result.connected, session.history[-1].detail
    assert states(session) == [S, S, J, A, C]
    assert result.suite is Suite.CBKE_283K1 and result.ke_endpoint == 9
    assert result.network is not None and result.network.pan_id == 0x1A62
    assert result.meter_certificate is not None
    assert result.meter_certificate.subject_eui64 == str(TC_EUI64)
    # The stick was preconfigured with the install-code key and an SE endpoint …
    assert peer.ncp.security["key"] == LINK_KEY
    (endpoint,) = sent(peer, "addEndpoint")
    assert (endpoint["endpoint"], endpoint["profileId"], endpoint["deviceId"]) == (
        1, 0x0109, 0x0502)  # SE In-Home Display
    assert 0x0800 in endpoint["inputClusterList"] and 0x0800 in endpoint["outputClusterList"]
    # … asked the meter for its KE endpoint, then sent exactly these bytes …
    eph = bytes([0xE2]) * 37
    meter_eph = bytes([0xA2]) * 37
    mac_u = fake_mac(b"U", STICK_283, METER_283, eph, meter_eph)
    assert peer.ncp.ke_wire == [
        bytes.fromhex("11 02 00 0200 0a 0a") + STICK_283,
        bytes.fromhex("11 03 01") + eph,
        bytes.fromhex("11 04 02") + mac_u,
    ]
    # … and kept the derived link key only at the end.
    assert peer.ncp.link_key_stored is True
    names = peer.names()
    order = ["getCertificate283k1", "addEndpoint", "setInitialSecurityState", "startScan",
             "joinNetwork", "generateCbkeKeys283k1", "calculateSmacs283k1",
             "clearTemporaryDataMaybeStoreLinkKey283k1"]
    assert [n for n in names if n in order] == order
    assert "getCertificate" not in names  # 283k1 found first: 163k1 never asked
    assert elapsed < 3.0


async def test_join_and_cbke_163k1_stick():
    script = MeterScript(link_key=LINK_KEY, suite_certs={
        Suite.CBKE_283K1: None, Suite.CBKE_163K1: cert_163k1(_be(STICK_EUI64))})
    result, _session, peer = await join(script)
    assert result.connected and result.suite is Suite.CBKE_163K1
    assert peer.ncp.ke_wire[0] == (bytes.fromhex("11 02 00 0100 0a 0a")
                                   + cert_163k1(_be(STICK_EUI64)))
    assert peer.ncp.ke_wire[1] == bytes.fromhex("11 03 01") + bytes([0xE1]) * 22
    assert "clearTemporaryDataMaybeStoreLinkKey" in peer.names()
    assert peer.ncp.link_key_stored is True


async def test_meter_refuses_unknown_issuer():
    script = MeterScript(link_key=LINK_KEY, on_initiate=("terminate", 1, 30))
    result, session, peer = await join(script)
    assert result.state is F and result.reason == FailureReason.KE_REFUSED
    assert session.history[-1].detail == (
        "the meter refused key establishment (unknown certificate issuer; it asks to wait "
        "30 s)")
    assert states(session) == [S, S, J, A, F]
    assert "generateCbkeKeys283k1" not in peer.names()
    assert peer.ncp.link_key_stored is None


async def test_meter_certificate_from_another_authority_is_refused_by_us():
    script = MeterScript(link_key=LINK_KEY, meter_certs={
        Suite.CBKE_283K1: cert_283k1(_be(TC_EUI64), issuer=b"PRODCA01")})
    result, session, peer = await join(script)
    assert result.reason == FailureReason.KE_UNKNOWN_ISSUER
    assert "50524F4443413031" in session.history[-1].detail
    # Terminate(UNKNOWN_ISSUER, wait 0, suite 2) went to the meter
    assert peer.ncp.ke_wire[-1] == bytes.fromhex("11 03 03 01 00 0200")


async def test_bad_key_confirm():
    result, session, peer = await join(MeterScript(link_key=LINK_KEY, corrupt_macv=True))
    assert result.state is F and result.reason == FailureReason.KE_MISMATCH
    assert "derived different keys" in session.history[-1].detail
    assert peer.ncp.ke_wire[-1] == bytes.fromhex("11 05 03 02 00 0200")  # BAD_KEY_CONFIRM
    assert peer.ncp.link_key_stored is False


async def test_meter_rejects_our_mac():
    # The meter's own check of our MAC fails: it terminates with BAD_KEY_CONFIRM.
    script = MeterScript(link_key=LINK_KEY, on_confirm=("terminate", 2))
    result, session, peer = await join(script)
    assert result.reason == FailureReason.KE_REFUSED
    assert "the keys did not match" in session.history[-1].detail
    assert peer.ncp.link_key_stored is False


async def test_wrong_install_code_is_refused_at_join():
    code = bytes(range(6))  # the trust centre has another stick's code for this EUI64
    other = link_key_from_install_code(code + install_code_crc(code))
    result, session, peer = await join(MeterScript(link_key=other))
    assert result.state is F and result.reason == FailureReason.JOIN_REFUSED
    assert "ZIGBEE_NO_NETWORK_KEY_RECEIVED" in session.history[-1].detail
    assert states(session) == [S, S, J, F]
    assert peer.ncp.ke_wire == []


async def test_no_network_found():
    result, session, peer = await join(MeterScript(link_key=LINK_KEY, networks=[]))
    assert result.reason == FailureReason.NO_NETWORK
    assert session.history[-1].detail == (
        "no Smart Energy network found — is the stick registered with your supplier? "
        "(nothing heard on any channel)")
    assert "joinNetwork" not in peer.names()


async def test_network_not_permitting_joins():
    script = MeterScript(link_key=LINK_KEY)
    script.networks[0]["allowingJoin"] = False
    result, _session, peer = await join(script)
    assert result.reason == FailureReason.NETWORK_CLOSED
    assert "joinNetwork" not in peer.names()


@pytest.mark.parametrize("cbke_library", [True, False])
async def test_stick_without_certificate(cbke_library):
    # With the library but no certificate the NCP answers an error status; without the
    # library the firmware does not know the command. Either way: no SE for this stick.
    script = MeterScript(link_key=LINK_KEY, cbke_library=cbke_library,
                         suite_certs={Suite.CBKE_283K1: None, Suite.CBKE_163K1: None})
    result, session, peer = await join(script)
    assert result.reason == FailureReason.NO_CERTIFICATE
    assert session.history[-1].detail.startswith("this stick has no Smart Energy certificate")
    assert states(session) == [S, F]
    assert "startScan" not in peer.names()


async def test_join_times_out():
    started = time.monotonic()
    result, session, _peer = await join(MeterScript(link_key=LINK_KEY, join_answers=False))
    assert result.reason == FailureReason.JOIN_TIMEOUT
    assert session.history[-1].detail.endswith("(no answer in 1 s)")
    assert time.monotonic() - started < 3.0


@pytest.mark.parametrize("step", ["on_initiate", "on_ephemeral", "on_confirm"])
async def test_meter_goes_silent(step):
    result, session, peer = await join(MeterScript(link_key=LINK_KEY, **{step: "silent"}))
    assert result.reason == FailureReason.METER_TIMEOUT
    assert session.history[-1].detail == "timed out waiting for the meter (no answer in 1 s)"
    # keys generated before the silence are dropped, never stored
    assert peer.ncp.link_key_stored is (None if step == "on_initiate" else False)


async def test_no_key_establishment_endpoint():
    # The meter does not answer on the endpoint we were told: nothing comes back.
    result, _session, peer = await join(MeterScript(link_key=LINK_KEY), ke_endpoint=3)
    assert result.reason == FailureReason.METER_TIMEOUT
    assert peer.ncp.ke_wire == []
