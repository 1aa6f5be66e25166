"""The virtual radio carries real bytes between zigpy and emulated nodes."""

import asyncio
import itertools

import pytest
import zigpy.exceptions
import zigpy.types as t

from bridge.han.se_profile import with_smart_energy
from bridge.sim.node import EmulatedEndpoint, EmulatedNode, ServerCluster
from bridge.sim.radio import (
    VirtualAir,
    VirtualRadioApplication,
    register_air,
    unregister_air,
    virtual_config,
)

_names = itertools.count()


async def _start(app_class, air):
    name = f"test-{next(_names)}"
    app = await app_class.new(virtual_config(register_air(name, air)), start_radio=True)
    for _ in range(200):
        devices = [d for d in app.devices.values() if d.nwk != 0]
        if devices and all(d.is_initialized for d in devices):
            break
        await asyncio.sleep(0.02)
    return app, name


def _meter_node(air, endpoint_id=0x7B):
    return EmulatedNode(air, ieee="00:0d:6f:00:0b:00:00:99", nwk=0x4321, manufacturer="T",
                        model="Test meter", endpoints=[EmulatedEndpoint(endpoint_id, 0x0501, {
                            0x0000: ServerCluster(0x0000, {4: "Acme", 5: "Meter 1"}),
                            0x0702: ServerCluster(0x0702, {0x0000: 0x0102030405,
                                                           0x0400: -1500, 0x0302: 1000}),
                        })])


@pytest.fixture
async def meter_app():
    air = VirtualAir()
    node = _meter_node(air)
    app, name = await _start(with_smart_energy(VirtualRadioApplication), air)
    yield app, air, node
    await app.shutdown()
    unregister_air(name)


async def test_zigpy_discovers_the_se_endpoint_it_was_not_told_about(meter_app):
    app, _air, _node = meter_app
    device = app.get_device(ieee=t.EUI64.convert("00:0d:6f:00:0b:00:00:99"))
    assert device.model == "Meter 1" and device.manufacturer == "Acme"
    endpoint = device.endpoints[0x7B]
    assert endpoint.profile_id == 0x0109
    assert 0x0702 in endpoint.in_clusters


async def test_attribute_values_cross_as_bytes_with_their_declared_types(meter_app):
    app, air, _node = meter_app
    frames = []
    air.taps.append(lambda **f: frames.append(f))
    metering = app.get_device(nwk=0x4321).endpoints[0x7B].in_clusters[0x0702]
    values, failed = await metering.read_attributes([0x0000, 0x0400, 0x0302, 0x0207],
                                                    allow_cache=False)
    assert values == {0x0000: 0x0102030405, 0x0400: -1500, 0x0302: 1000}
    assert 0x0207 in failed  # unsupported attribute, answered as such
    response = frames[-1]["payload"]
    # Read Attributes Response, server->client, then attr 0x0000 SUCCESS uint48 (0x25)
    assert response[0] & 0x08 and response[2] == 0x01
    assert response[3:7] == bytes([0x00, 0x00, 0x00, 0x25])
    assert response[7:13] == (0x0102030405).to_bytes(6, "little")


async def test_configured_reports_reach_zigpy_listeners(meter_app):
    app, _air, node = meter_app
    metering = app.get_device(nwk=0x4321).endpoints[0x7B].in_clusters[0x0702]
    seen = []

    metering.on_event("attribute_report", lambda ev: seen.append((ev.attribute_id, ev.value)))
    await metering.configure_reporting(0x0400, 1, 60, 1)
    assert 0x0400 in node.server(0x7B, 0x0702).reporting
    node.server(0x7B, 0x0702).attributes[0x0400] = 2500
    node.report_attributes(0x7B, 0x0702, [0x0400])
    await asyncio.sleep(0.05)
    assert (0x0400, 2500) in seen


async def test_plain_zigpy_drops_smart_energy_frames():
    """Why bridge.han.se_profile exists: zigpy 2.4 ignores ZCL on profile 0x0109."""
    air = VirtualAir()
    _meter_node(air)
    app, name = await _start(VirtualRadioApplication, air)
    try:
        metering = app.get_device(nwk=0x4321).endpoints[0x7B].in_clusters[0x0702]
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.5):
                await metering.read_attributes([0x0000], allow_cache=False)
    finally:
        await app.shutdown()
        unregister_air(name)


async def test_malformed_frame_is_dropped_and_counted_not_fatal(meter_app):
    _app, air, node = meter_app
    air.to_node(0x4321, src_ep=1, dst_ep=0x7B, cluster_id=0x0702, profile_id=0x0109,
                payload=b"\x00\x05\x00\x01")  # Read Attributes with half an attribute id
    air.to_node(0x4321, src_ep=0, dst_ep=0, cluster_id=0x0005, profile_id=0, payload=b"\x01")
    await asyncio.sleep(0.02)
    assert node.malformed_frames == 2


async def test_unplugged_radio_fails_requests_with_delivery_error(meter_app):
    app, air, _node = meter_app
    air.unplugged = True
    metering = app.get_device(nwk=0x4321).endpoints[0x7B].in_clusters[0x0702]
    with pytest.raises(zigpy.exceptions.DeliveryError):
        await metering.read_attributes([0x0000], allow_cache=False)
